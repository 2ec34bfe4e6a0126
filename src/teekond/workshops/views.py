"""Workshop pages: the map's workshops, the room (facilitator and participants, phone
friendly), guests' pages behind their link, groups and their merge, the summary and its PDF.

The room's live part (current step, timer, board) is one partial that the page re-reads
when the workshop's revision moves on (polling with ``?rev=``: an unchanged revision is
answered with 204 so nothing on the screen moves, or a live event). Every action is a POST
to one of the ``ACTIONS`` below, each calling one service.
"""

from __future__ import annotations

import io
from datetime import date

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teekond.accounts.access import member_by_slug
from teekond.accounts.models import Role
from teekond.actions.models import Cadence
from teekond.core import live as core_live
from teekond.core.errors import Forbidden, Invalid, NotFound, TeekondError
from teekond.core.views_helpers import domain_errors
from teekond.journeys.access import journey_in
from teekond.journeys.models import Evidence
from teekond.journeys.plugins import map_tabs
from teekond.workshops import convert, groups, live, services, summary
from teekond.workshops import guests as guest_access
from teekond.workshops.agenda import METHOD
from teekond.workshops.models import GUEST_LINK_MAX_HOURS, GuestAccess, Status

GUEST_SESSION = "workshop_guests"


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def _int(post, name: str, *, required: bool = True) -> int | None:
    raw = (post.get(name) or "").strip()
    if not raw and not required:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Invalid(_("The form is not valid."), details=[{"field": name, "message": raw[:20]}])
    return int(raw)


def _member(request, slug, workshop_id):
    membership = member_by_slug(request.user, slug)
    workshop = services.workshop_for(request.user, workshop_id)
    if workshop.workspace_id != membership.workspace_id:
        raise NotFound(_("Workshop not found."))
    return membership, services.member_actor(request.user, workshop)


def _guest(request, token):
    key = request.session.get(GUEST_SESSION, {}).get(token)
    return guest_access.guest_actor(token, key)


def _base(actor, token=None) -> str:
    if token:
        return reverse("workshops:guest", args=[token])
    return reverse("workshops:room", args=[actor.workshop.workspace.slug, actor.workshop.pk])


def _clock(seconds: int | None) -> str:
    if seconds is None:
        return "–:––"
    return f"{seconds // 60}:{seconds % 60:02d}"


def _room_context(actor, *, base: str, error: str = "", token: str | None = None) -> dict:
    now = services.state(actor)
    workshop = actor.workshop
    context = {
        **now,
        "base": base,
        "token": token,
        "error": error,
        "workspace": workshop.workspace,
        "journey": workshop.journey,
        "colours": services.NOTE_COLOURS,
        "ended": workshop.status == Status.ENDED,
        "timer_text": _clock(now["timer_left"]),
        "live_since": core_live.current_seq(live.topic(workshop.pk)),
        "live_token": actor.participant.guest_key if actor.is_guest and actor.participant else "",
    }
    if actor.can_facilitate and now["step"] is not None:
        context["targets"] = convert.map_targets(workshop.journey, _language())
        context["evidence_choices"] = Evidence.choices
    return context


# --- the map's workshops ------------------------------------------------------------------


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def workshop_list(request, slug, journey_id):
    membership = member_by_slug(request.user, slug)
    journey = journey_in(request.user, membership.workspace, journey_id)
    if request.method == "POST":
        journey = journey_in(request.user, membership.workspace, journey_id, Role.EDITOR)
        keys = request.POST.getlist("steps")
        budget = _int(request.POST, "vote_budget")
        workshop = services.create_workshop(
            request.user,
            journey,
            request.POST.get("title", ""),
            steps=keys,
            anonymous=bool(request.POST.get("anonymous")),
            vote_budget=budget or 0,
        )
        return redirect("workshops:room", slug=slug, workshop_id=workshop.pk)
    with translation.override(journey.language):
        method = [(m.key, str(m.title), m.minutes) for m in METHOD]
    return render(
        request,
        "workshops/list.html",
        {
            "workspace": membership.workspace,
            "membership": membership,
            "journey": journey,
            "view": "workshops",
            "can_write": membership.allows(Role.EDITOR),
            "can_edit": False,
            "map_tabs": map_tabs(journey, membership),
            "workshops": services.workshops_of(request.user, journey),
            "method": method,
        },
    )


# --- the room -----------------------------------------------------------------------------


@login_required
@domain_errors
@require_GET
def room(request, slug, workshop_id):
    membership, actor = _member(request, slug, workshop_id)
    if actor.participant is None and actor.workshop.status != Status.ENDED:
        services.participant_of(actor)  # a member who opens the room takes part
    context = _room_context(actor, base=_base(actor))
    context["membership"] = membership
    context["join_url"] = request.build_absolute_uri(_base(actor))
    return render(request, "workshops/room.html", context)


def _live_part(request, actor, base, token=None, error=""):
    rev = request.GET.get("rev", "")
    if not error and rev.isdigit() and int(rev) == actor.workshop.revision:
        return HttpResponse(status=204)
    return render(
        request, "workshops/_live.html", _room_context(actor, base=base, error=error, token=token)
    )


@login_required
@domain_errors
@require_GET
def live_part(request, slug, workshop_id):
    _membership, actor = _member(request, slug, workshop_id)
    return _live_part(request, actor, _base(actor))


def _add_note(actor, post):
    services.add_note(actor, _int(post, "step"), post.get("text", ""), post.get("colour", "yellow"))


def _convert(actor, post):
    target = post.get("target", "")  # "note:12" or "cluster:3"
    what, _sep, ident = target.partition(":")
    if what not in ("note", "cluster") or not ident.isdigit():
        raise Invalid(_("The form is not valid."))
    convert.convert(
        actor,
        kind=post.get("kind", ""),
        note_id=int(ident) if what == "note" else None,
        cluster_id=int(ident) if what == "cluster" else None,
        lane_id=_int(post, "lane", required=False),
        step_id=_int(post, "map_step", required=False),
        stage_id=_int(post, "stage", required=False),
        evidence=post.get("evidence", Evidence.ASSUMPTION),
    )


def _options(actor, post):
    flags = {}
    for name in ("voting_open", "authors_revealed"):
        if name in post:
            flags[name] = post.get(name) == "1"
    if post.get("vote_budget"):
        flags["vote_budget"] = _int(post, "vote_budget")
    services.set_options(actor, **flags)


ACTIONS = {
    # participants (write rights)
    "note": _add_note,
    "edit-note": lambda a, p: services.edit_note(a, _int(p, "note"), p.get("text", "")),
    "delete-note": lambda a, p: services.delete_note(a, _int(p, "note")),
    "vote": lambda a, p: services.vote(a, _int(p, "note")),
    "unvote": lambda a, p: services.unvote(a, _int(p, "note")),
    # the facilitator
    "start": lambda a, p: services.start(a),
    "step": lambda a, p: services.go_to_step(a, _int(p, "step")),
    "timer": lambda a, p: services.timer(
        a, p.get("action", ""), _int(p, "minutes", required=False)
    ),
    "options": _options,
    "cluster": lambda a, p: services.create_cluster(
        a, _int(p, "step"), p.get("title", ""), [int(x) for x in p.getlist("notes") if x.isdigit()]
    ),
    "place": lambda a, p: services.place_note(
        a, _int(p, "note"), _int(p, "cluster", required=False)
    ),
    "uncluster": lambda a, p: services.delete_cluster(a, _int(p, "cluster")),
    "convert": _convert,
}
GUEST_ACTIONS = ("note", "edit-note", "delete-note", "vote", "unvote")


def _act(request, actor, action, base, token=None):
    if action not in ACTIONS or (token and action not in GUEST_ACTIONS):
        raise NotFound(_("Unknown action."))
    error = ""
    try:
        ACTIONS[action](actor, request.POST)
    except (NotFound, Forbidden):
        raise
    except TeekondError as exc:
        error = exc.message
    actor.workshop.refresh_from_db()
    if request.htmx:
        return _live_part(request, actor, base, token, error)
    if error:
        messages.error(request, error)
    return redirect(base)


@login_required
@domain_errors
@require_POST
def act(request, slug, workshop_id, action):
    _membership, actor = _member(request, slug, workshop_id)
    return _act(request, actor, action, _base(actor))


# --- guests -------------------------------------------------------------------------------


@domain_errors
@require_http_methods(["GET", "POST"])
def guest(request, token):
    """A guest's room: first their name, then the same room as members (read or write)."""
    actor = _guest(request, token)
    if actor.participant is None:
        error = ""
        if request.method == "POST":
            try:
                participant = guest_access.join_as_guest(token, request.POST.get("name", ""))
            except Invalid as exc:
                error = exc.message
            else:
                keys = dict(request.session.get(GUEST_SESSION, {}))
                keys[token] = participant.guest_key
                request.session[GUEST_SESSION] = keys
                return redirect("workshops:guest", token=token)
        return render(
            request,
            "workshops/guest_join.html",
            {"workshop": actor.workshop, "error": error, "access": actor.guest_access},
            status=422 if error else 200,
        )
    context = _room_context(actor, base=_base(actor, token), token=token)
    return render(request, "workshops/room.html", context)


@domain_errors
@require_GET
def guest_live(request, token):
    actor = _guest(request, token)
    return _live_part(request, actor, _base(actor, token), token)


@domain_errors
@require_POST
def guest_act(request, token, action):
    actor = _guest(request, token)
    return _act(request, actor, action, _base(actor, token), token)


# --- guest links and QR codes -------------------------------------------------------------


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def guests(request, slug, workshop_id):
    membership, actor = _member(request, slug, workshop_id)
    guest_access.require_owner(actor)
    if request.method == "POST":
        if request.POST.get("revoke"):
            guest_access.revoke_guest_link(actor, _int(request.POST, "revoke"))
            messages.success(request, _("The link was revoked."))
        else:
            guest_access.issue_guest_link(
                actor,
                access=request.POST.get("access", ""),
                hours=_int(request.POST, "hours"),
                max_guests=_int(request.POST, "max_guests"),
            )
            messages.success(request, _("A guest link was made."))
        return redirect("workshops:guests", slug=slug, workshop_id=workshop_id)
    links = [
        {
            "link": link,
            "url": request.build_absolute_uri(reverse("workshops:guest", args=[link.token])),
            "count": link.guests.count(),
        }
        for link in actor.workshop.guest_links.all()
    ]
    return render(
        request,
        "workshops/guests.html",
        {
            "workspace": membership.workspace,
            "workshop": actor.workshop,
            "links": links,
            "accesses": GuestAccess.choices,
            "max_hours": GUEST_LINK_MAX_HOURS,
        },
    )


@login_required
@domain_errors
@require_GET
def qr(request, slug, workshop_id, link_id=None):
    """The room's address (members) or a guest link (owners) as an SVG QR code."""
    _membership, actor = _member(request, slug, workshop_id)
    if link_id is None:
        url = request.build_absolute_uri(_base(actor))
    else:
        guest_access.require_owner(actor)
        link = actor.workshop.guest_links.filter(pk=link_id).first()
        if link is None:
            raise NotFound(_("Guest link not found."))
        url = request.build_absolute_uri(reverse("workshops:guest", args=[link.token]))
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=6, border=2, title=actor.workshop.title)
    return HttpResponse(buf.getvalue(), content_type="image/svg+xml")


# --- groups -------------------------------------------------------------------------------


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def group_list(request, slug, workshop_id):
    membership, actor = _member(request, slug, workshop_id)
    if request.method == "POST":
        if "participant" in request.POST:
            groups.assign(
                actor,
                _int(request.POST, "participant"),
                _int(request.POST, "group", required=False),
            )
        else:
            names = [n for n in request.POST.get("names", "").splitlines() if n.strip()]
            groups.create_groups(actor, names, request.POST.get("task", ""))
        return redirect("workshops:groups", slug=slug, workshop_id=workshop_id)
    found = groups.groups_of(actor.workshop)
    return render(
        request,
        "workshops/groups.html",
        {
            "workspace": membership.workspace,
            "workshop": actor.workshop,
            "actor": actor,
            "groups": [{"group": g, "open": _open_count(g)} for g in found],
            "participants": services.participants_of(actor.workshop),
            "task": next((s.prompt for s in actor.workshop.agenda.filter(key="groups")), ""),
        },
    )


def _open_count(group) -> int:
    if group.journey is None:
        return 0
    return sum(1 for c in groups.changes(group) if c["status"] == "open")


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def merge(request, slug, workshop_id, group_id):
    membership, actor = _member(request, slug, workshop_id)
    group = groups.group_of(actor.workshop, group_id)
    if request.method == "POST":
        key = request.POST.get("key", "")[:80]
        if request.POST.get("decision") == "apply":
            groups.apply(actor, group.pk, key)
        else:
            groups.reject(actor, group.pk, key)
        return redirect("workshops:merge", slug=slug, workshop_id=workshop_id, group_id=group_id)
    return render(
        request,
        "workshops/merge.html",
        {
            "workspace": membership.workspace,
            "workshop": actor.workshop,
            "group": group,
            "changes": groups.changes(group),
            "actor": actor,
        },
    )


# --- the summary --------------------------------------------------------------------------


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def summary_page(request, slug, workshop_id):
    membership, actor = _member(request, slug, workshop_id)
    if request.method == "POST":
        if request.POST.get("item"):
            deadline = request.POST.get("deadline") or None
            try:
                deadline = date.fromisoformat(deadline) if deadline else None
            except ValueError:
                raise Invalid(_("Give the deadline as a date.")) from None
            summary.set_action(
                actor,
                _int(request.POST, "item"),
                _int(request.POST, "version"),
                {
                    "owner_id": _int(request.POST, "owner", required=False),
                    "deadline": deadline,
                    "kind": "action",
                },
            )
            messages.success(request, pgettext("workshop", "Saved."))
        else:
            summary.finish(
                actor,
                name=request.POST.get("name", ""),
                cadence=request.POST.get("cadence") or None,
            )
            messages.success(request, _("The workshop has ended and the map was saved."))
        return redirect("workshops:summary", slug=slug, workshop_id=workshop_id)
    workshop = actor.workshop
    cadence, proposed = summary.proposed_review(workshop)
    items = []
    if actor.can_facilitate and workshop.status != Status.ENDED:
        items = list(summary.workshop_actions(workshop, request.user))
    return render(
        request,
        "workshops/summary.html",
        {
            "workspace": membership.workspace,
            "workshop": workshop,
            "actor": actor,
            "summary": summary.for_display(summary.summary_of(workshop, request.user)),
            "proposed": proposed,
            "cadence": cadence,
            "cadences": Cadence.choices,
            "items": items,
            "members": [
                {"id": m.user_id, "name": m.user.get_full_name() or m.user.username}
                for m in membership.workspace.memberships.select_related("user")
            ],
        },
    )


@login_required
@domain_errors
@require_GET
def summary_pdf(request, slug, workshop_id):
    _membership, actor = _member(request, slug, workshop_id)
    language = request.GET.get("language") or _language()
    if language not in ("et", "en"):
        raise Invalid(_("Unknown language."))
    body = summary.summary_pdf(actor.workshop, request.user, language)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="workshop-{actor.workshop.pk}-{language}.pdf"'
    )
    return response

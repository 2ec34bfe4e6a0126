"""Pages of the map pillar: overview, personas, the map editor and its read-only views.

The pages render the map on the server; the editor's script changes it through the JSON API
(the same services, the same version checks) and reloads the grid partial after structural
changes. Viewers get the same pages without edit controls; outsiders get 404.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teekond.accounts.access import member_by_slug, require_role
from teekond.accounts.models import Role
from teekond.core import emotions
from teekond.core.errors import Conflict, NotFound, TeekondError
from teekond.core.views_helpers import domain_errors
from teekond.journeys import canvas, live, plugins, services, templates, thumbnails
from teekond.journeys.access import journey_in, persona_for
from teekond.journeys.models import (
    PERSONA_SECTIONS,
    Channel,
    Directness,
    Evidence,
    JourneyKind,
    JourneyState,
    LaneType,
    Medium,
    Persona,
    PersonaRole,
)

BLUEPRINT_TYPES = (
    LaneType.TOUCHPOINTS,
    LaneType.FRONT_STAGE,
    LaneType.BACK_STAGE,
    LaneType.SUPPORT,
)


def _context(request, slug, needed=Role.VIEWER):
    membership = member_by_slug(request.user, slug, needed)
    return membership.workspace, membership


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def _journey_in(request, workspace, journey_id, needed=Role.VIEWER):
    return journey_in(request.user, workspace, journey_id, needed)


def _persona_in(request, workspace, persona_id, needed=Role.VIEWER):
    persona = persona_for(request.user, persona_id, needed)
    if persona.workspace_id != workspace.pk:
        raise NotFound(_("Persona not found."))
    return persona


# ---------------------------------------------------------------------------- overview


class NewJourneyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    persona = forms.TypedChoiceField(
        label=gettext_lazy("Persona"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of map"), choices=JourneyKind.choices)
    language = forms.ChoiceField(label=gettext_lazy("Content language"))

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.fields["persona"].choices = [("", "—")] + [
            (p.pk, p.name) for p in workspace.personas.all()
        ]
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = _language()


@login_required
@domain_errors
@require_GET
def overview(request, slug):
    workspace, membership = _context(request, slug)
    journeys = list(workspace.journeys.select_related("persona").order_by("-updated_at", "-id"))
    personas = list(workspace.personas.all())
    return render(
        request,
        "journeys/overview.html",
        {
            "workspace": workspace,
            "membership": membership,
            "can_edit": membership.allows(Role.EDITOR),
            "journeys": journeys,
            "personas": personas,
            "gallery": thumbnails.gallery(_language()),
            "thumbs": thumbnails.thumbnails(journeys),
            "form": NewJourneyForm(workspace=workspace),
        },
    )


@login_required
@domain_errors
@require_POST
def journey_new(request, slug):
    workspace, membership = _context(request, slug, Role.EDITOR)
    form = NewJourneyForm(request.POST, workspace=workspace)
    if not form.is_valid():
        messages.error(request, _("Give the map a title."))
        return redirect("journeys", slug=slug)
    data = form.cleaned_data
    journey = services.create_journey(
        workspace,
        request.user,
        title=data["title"],
        persona_id=data["persona"],
        kind=data["kind"],
        language=data["language"],
    )
    return redirect("journey", slug=slug, journey_id=journey.pk)


@login_required
@domain_errors
@require_POST
def journey_from_template(request, slug):
    workspace, membership = _context(request, slug, Role.EDITOR)
    key = request.POST.get("key", "")
    if key not in templates.TEMPLATES:
        raise NotFound(_("Template not found."))
    # the first-run gallery lets the user pick the map's language; the UI's otherwise
    chosen = request.POST.get("language", "")
    language = chosen if chosen in templates.LANGUAGES else _language()
    result = templates.create_from_template(workspace, key, language, request.user)
    messages.success(
        request, _("Created from the template: %(n)d map(s).") % {"n": len(result.journeys)}
    )
    return redirect("journey", slug=slug, journey_id=result.journeys[0].pk)


# ---------------------------------------------------------------------------- the map


def _grid_context(journey, language: str, *, lane_types=None, editable: bool = False) -> dict:
    # Read before the map: the page's live socket starts from here (journeys.live), so a
    # change saved while the page renders is caught up on, never missed.
    live_seq = live.current_seq(journey.pk)
    context = canvas.canvas_context(journey, language, lane_types=lane_types, editable=editable)
    context["live_seq"] = live_seq
    return context


def _json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _editor_options(language: str, workspace) -> dict:
    """Choices the editor's dialogs offer, in the UI language, for json_script."""
    return {
        "personas": [{"id": p.pk, "name": p.name} for p in workspace.personas.all()],
        "members": [
            {"id": m.user_id, "name": m.user.get_full_name() or m.user.get_username()}
            for m in workspace.memberships.select_related("user")
        ],
        "emotions": [
            {"key": e.key, "name": e.name(language), "valence": e.valence}
            for e in sorted(emotions.VOCABULARY, key=lambda e: (-e.valence, e.name(language)))
        ],
        "evidence": [{"value": v, "label": str(label)} for v, label in Evidence.choices],
        "channels": [{"value": v, "label": str(label)} for v, label in Channel.choices],
        "media": [{"value": v, "label": str(label)} for v, label in Medium.choices],
        "directness": [{"value": v, "label": str(label)} for v, label in Directness.choices],
        "lane_types": [{"value": v, "label": str(label)} for v, label in LaneType.choices],
        "text": {
            "conflict": _(
                "Someone else changed this map in the meantime. Your change was not saved "
                "— reload to see their change."
            ),
            "error": _("The change could not be saved."),
            "confirm_delete": _("Delete it? This cannot be undone."),
            "saved": _("Saved."),
            "new_stage": _("New stage"),
            "new_step": _("New touchpoint"),
            "moved": _("Moved."),
        },
    }


def _live_text() -> dict:
    """What the pages' live script (journeys/live-map.js) says, in the UI language."""
    return {
        "live": _("Live"),
        "connecting": _("Connecting…"),
        "offline": _("Offline — reconnecting"),
        "refused": _("Live updates are not available to you."),
        "editing": _("editing"),
        "viewing": _("looking at this"),
        "read_only": _("read only"),
        "here": _("Also on this map now"),
        "changed_meanwhile": _(
            "Someone else changed this while you were editing. Your text is kept; when you "
            "save, you choose which version stays."
        ),
        "took_theirs": _("Their version was kept."),
        "curve_conflict": _("Someone else moved this point first; their value is shown."),
    }


MAP_VIEWS = ("editor", "blueprint", "present", "compare")


def _map_page(request, slug, journey_id, *, template, view="editor"):
    workspace, membership = _context(request, slug)
    journey = _journey_in(request, workspace, journey_id)
    language = _language()
    lane_types = BLUEPRINT_TYPES if view == "blueprint" else None
    can_edit = membership.allows(Role.EDITOR) and view not in ("present", "compare")
    context = {
        "live_text": _live_text(),
        "workspace": workspace,
        "membership": membership,
        "journey": journey,
        "can_edit": can_edit,
        "can_write": membership.allows(Role.EDITOR),
        "view": view,
        "options": _editor_options(language, workspace) if can_edit else None,
        **_grid_context(journey, language, lane_types=lane_types, editable=can_edit),
    }
    context["journey_json"] = _json(context["grid"]["journey"])
    context["map_tabs"] = plugins.map_tabs(journey, membership)
    if view == "blueprint":
        context["visibility_after"] = next(
            (r["lane"]["id"] for r in context["rows"] if r["lane"]["type"] == "front_stage"),
            None,
        )
    return render(request, template, context)


@login_required
@domain_errors
@require_GET
def journey_editor(request, slug, journey_id):
    view = "blueprint" if request.GET.get("view") == "blueprint" else "editor"
    return _map_page(request, slug, journey_id, template="journeys/editor.html", view=view)


@login_required
@domain_errors
@require_GET
def journey_grid(request, slug, journey_id):
    """The grid alone, for the editor to swap in after a change and for every map view to
    swap in after someone else's change (live)."""
    view = request.GET.get("view", "editor")
    view = view if view in MAP_VIEWS else "editor"
    return _map_page(request, slug, journey_id, template="journeys/_grid.html", view=view)


@login_required
@domain_errors
@require_GET
def journey_overlays(request, slug, journey_id):
    """The measured rows alone, for an open map to refresh them (journeys/overlays.js)."""
    return _map_page(request, slug, journey_id, template="journeys/_overlays.html")


@login_required
@domain_errors
@require_GET
def journey_present(request, slug, journey_id):
    return _map_page(request, slug, journey_id, template="journeys/present.html", view="present")


@login_required
@domain_errors
@require_GET
def journey_compare(request, slug, journey_id):
    workspace, membership = _context(request, slug)
    journey = _journey_in(request, workspace, journey_id)
    current, future = services.journey_pair(journey)
    language = _language()
    sides = [{"journey": current, **_grid_context(current, language)}]
    if future is not None:
        sides.append({"journey": future, **_grid_context(future, language)})
    return render(
        request,
        "journeys/compare.html",
        {
            "workspace": workspace,
            "membership": membership,
            "journey": journey,
            "current": current,
            "future": future,
            "sides": sides,
            "can_edit": membership.allows(Role.EDITOR),
            "can_write": membership.allows(Role.EDITOR),
            "map_tabs": plugins.map_tabs(journey, membership),
            "live_text": _live_text(),
        },
    )


@login_required
@domain_errors
@require_POST
def journey_future(request, slug, journey_id):
    workspace, membership = _context(request, slug, Role.EDITOR)
    journey = _journey_in(request, workspace, journey_id, Role.EDITOR)
    if journey.state == JourneyState.CURRENT and journey.counterpart_id:
        return redirect("journey", slug=slug, journey_id=journey.counterpart_id)
    future = services.create_future_state(journey, request.user)
    messages.success(request, _("The future state was created from the current state."))
    return redirect("journey", slug=slug, journey_id=future.pk)


@login_required
@domain_errors
@require_POST
def journey_duplicate(request, slug, journey_id):
    workspace, membership = _context(request, slug, Role.EDITOR)
    journey = _journey_in(request, workspace, journey_id, Role.EDITOR)
    copy = services.duplicate_journey(journey, request.user)
    messages.success(request, _("The map was duplicated."))
    return redirect("journey", slug=slug, journey_id=copy.pk)


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def journey_delete(request, slug, journey_id):
    """Deleting a map asks first: a page that says what goes with it, offers its JSON file
    to keep, and deletes only when the map's title is typed (a slip of the mouse in the
    editor's menu no longer deletes it)."""
    workspace, membership = _context(request, slug, Role.EDITOR)
    journey = _journey_in(request, workspace, journey_id, Role.EDITOR)
    error = ""
    if request.method == "POST":
        typed = " ".join(request.POST.get("confirm_title", "").split())
        if typed and typed == " ".join(journey.title.split()):
            services.delete_journey(journey)
            messages.success(request, _("The map was deleted."))
            return redirect("journeys", slug=slug)
        error = _("Type the map's title exactly to delete it; nothing was deleted.")
    context = {
        "workspace": workspace,
        "membership": membership,
        "journey": journey,
        "error": error,
        "counts": {
            "stages": journey.stages.count(),
            "steps": journey.steps.count(),
            "lanes": journey.lanes.count(),
        },
    }
    return render(request, "journeys/journey_delete.html", context, status=422 if error else 200)


# ---------------------------------------------------------------------------- personas


class PersonaCreateForm(forms.ModelForm):
    class Meta:
        model = Persona
        fields = ("name", "role", "tagline")


PERSONA_FORM_FIELDS = (
    "name",
    "tagline",
    "quote",
    "role",
    *(name for _title, names in PERSONA_SECTIONS for name in names),
    "evidence",
    "evidence_note",
)


class PersonaForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Persona
        fields = PERSONA_FORM_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in PERSONA_FORM_FIELDS
            if Persona._meta.get_field(name).get_internal_type() == "TextField"
        }


def _persona_sections(form=None, persona=None):
    sections = []
    for title, names in PERSONA_SECTIONS:
        if form is not None:
            sections.append({"title": title, "fields": [form[n] for n in names], "key": names[0]})
        else:
            items = []
            for name in names:
                value = getattr(persona, name)
                if value not in ("", None):
                    items.append(
                        {"label": Persona._meta.get_field(name).verbose_name, "value": value}
                    )
            sections.append({"title": title, "items": items, "key": names[0]})
    return sections


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def persona_list(request, slug):
    workspace, membership = _context(request, slug)
    can_edit = membership.allows(Role.EDITOR)
    form = PersonaCreateForm(request.POST or None)
    if request.method == "POST":
        require_role(request.user, workspace, Role.EDITOR)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
            persona = services.create_persona(workspace, request.user, data)
            return redirect("persona_edit", slug=slug, persona_id=persona.pk)
    return render(
        request,
        "journeys/personas.html",
        {
            "workspace": workspace,
            "membership": membership,
            "can_edit": can_edit,
            "personas": workspace.personas.prefetch_related("journeys"),
            "form": form,
            "roles": PersonaRole,
        },
    )


@login_required
@domain_errors
@require_GET
def persona_detail(request, slug, persona_id):
    workspace, membership = _context(request, slug)
    persona = _persona_in(request, workspace, persona_id)
    empathy = [
        (Persona._meta.get_field(f"empathy_{k}").verbose_name, getattr(persona, f"empathy_{k}"), k)
        for k in ("says", "thinks", "does", "feels", "pains", "gains")
    ]
    return render(
        request,
        "journeys/persona.html",
        {
            "workspace": workspace,
            "membership": membership,
            "can_edit": membership.allows(Role.EDITOR),
            "persona": persona,
            "sections": [
                s for s in _persona_sections(persona=persona) if s["key"] != "empathy_says"
            ],
            "empathy": empathy,
            "journeys": persona.journeys.order_by("state", "title"),
        },
    )


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def persona_edit(request, slug, persona_id):
    workspace, membership = _context(request, slug, Role.EDITOR)
    persona = _persona_in(request, workspace, persona_id, Role.EDITOR)
    form_class = PersonaForm
    if request.method == "POST":
        # The form validates against a copy so a refused save leaves the stored one alone.
        form = form_class(request.POST, instance=Persona.objects.get(pk=persona.pk))
        if form.is_valid():
            data = form.cleaned_data
            version = data.pop("version")
            changes = {name: data[name] for name in form.changed_data if name in data}
            try:
                services.update_persona(persona, changes, version)
            except Conflict as exc:
                form.add_error(None, exc.message)
            except TeekondError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The persona was saved."))
                return redirect("persona", slug=slug, persona_id=persona.pk)
    else:
        form = form_class(instance=persona, initial={"version": persona.version})
    return render(
        request,
        "journeys/persona_edit.html",
        {
            "workspace": workspace,
            "membership": membership,
            "persona": persona,
            "form": form,
            "sections": _persona_sections(form=form),
            "journeys": persona.journeys.order_by("state", "title"),
        },
    )


@login_required
@domain_errors
@require_POST
def persona_delete(request, slug, persona_id):
    workspace, membership = _context(request, slug, Role.EDITOR)
    persona = _persona_in(request, workspace, persona_id, Role.EDITOR)
    services.delete_persona(persona)
    messages.success(request, _("The persona was deleted; their maps are kept."))
    return redirect("personas", slug=slug)


@login_required
@domain_errors
@require_POST
def persona_photo(request, slug, persona_id):
    workspace, membership = _context(request, slug, Role.EDITOR)
    persona = _persona_in(request, workspace, persona_id, Role.EDITOR)
    if request.POST.get("clear"):
        services.clear_persona_photo(persona)
    elif "photo" in request.FILES:
        try:
            services.set_persona_photo(persona, request.FILES["photo"])
        except TeekondError as exc:
            messages.error(request, exc.message)
            return redirect("persona_edit", slug=slug, persona_id=persona.pk)
        messages.success(request, _("The photo was saved."))
    else:
        messages.error(request, _("Choose a photo to upload."))
    return redirect("persona_edit", slug=slug, persona_id=persona.pk)

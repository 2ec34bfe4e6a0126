"""Backup download and restore pages (workspace owners)."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teekond.accounts.access import member_by_slug, require_role, workspace_by_slug
from teekond.accounts.models import Role
from teekond.core.errors import Invalid, NotFound
from teekond.core.views_helpers import domain_errors
from teekond.exports import (
    backup,
    journey_doc,
    journey_export,
    pdf,
    restore_jobs,
    shares,
    tabular,
)
from teekond.exports.documents import dumps
from teekond.exports.models import RestoreTarget
from teekond.journeys import canvas
from teekond.journeys.access import journey_in


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def backup_page(request, slug):
    """Download a backup; upload one to restore, which the background worker does."""
    workspace = workspace_by_slug(request.user, slug, Role.OWNER)
    membership = require_role(request.user, workspace)
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        replace = request.POST.get("target") == RestoreTarget.REPLACE
        try:
            job = restore_jobs.start_restore(
                request.user,
                workspace,
                upload,
                target=RestoreTarget.REPLACE if replace else RestoreTarget.NEW,
                name=request.POST.get("name") or "",
                with_members=bool(request.POST.get("members")),
            )
        except Invalid as exc:
            problems = [exc.message]
        else:
            return redirect("exports:restore", slug=workspace.slug, job_id=job.pk)
    return render(
        request,
        "exports/backup.html",
        {
            "workspace": workspace,
            "membership": membership,
            "problems": problems,
            "restores": restore_jobs.latest_restores(request.user, workspace),
        },
    )


@login_required
@domain_errors
def restore_status(request, slug, job_id):
    """One restore: progress while it runs (the partial polls itself), then the outcome."""
    workspace = workspace_by_slug(request.user, slug, Role.OWNER)
    membership = require_role(request.user, workspace)
    job = restore_jobs.get_restore(request.user, workspace, job_id)
    context = {"workspace": workspace, "membership": membership, "job": job}
    if request.headers.get("HX-Request"):
        return render(request, "exports/_restore_progress.html", context)
    return render(request, "exports/restore.html", context)


@login_required
@domain_errors
def backup_download(request, slug):
    workspace = workspace_by_slug(request.user, slug, Role.OWNER)
    as_zip = request.GET.get("format") == "zip"
    # Spooled to a temporary file and streamed: a zip carries the uploaded files.
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response)
    backup.write_backup(backup.backup_document(request.user, workspace), as_zip=as_zip, out=spool)
    spool.seek(0)
    ext = "zip" if as_zip else "json"
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{workspace.slug}-backup.{ext}",
        content_type="application/zip" if as_zip else "application/json",
    )


# --- one journey: presentation, exports, import, share links ------------------------------

EXPORT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
    "curve.svg": "image/svg+xml",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _journey(request, slug, journey_id, needed=Role.VIEWER):
    membership = member_by_slug(request.user, slug, needed)
    journey = journey_in(request.user, membership.workspace, journey_id, needed)
    return membership.workspace, membership, journey


def _presentation(request, workspace, journey, **extra):
    language = translation.get_language() or "en"
    return {
        "workspace": workspace,
        "journey": journey,
        "view": "present",
        "can_edit": False,
        **canvas.canvas_context(journey, language),
        **extra,
    }


@login_required
@domain_errors
def journey_present(request, slug, journey_id):
    workspace, membership, journey = _journey(request, slug, journey_id)
    ctx = _presentation(
        request,
        workspace,
        journey,
        membership=membership,
        can_share=membership.allows(Role.EDITOR),
        links=journey.share_links.all(),
        papers=pdf.PAPER_SIZES,
        languages=settings.LANGUAGES,
        site_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return render(request, "exports/journey_present.html", ctx)


def render_journey(
    journey,
    fmt: str,
    *,
    paper: str = "A4",
    language: str = "en",
    badges: bool = True,
    delimiter: str = ",",
) -> bytes:
    language = language if language in dict(settings.LANGUAGES) else "en"
    with translation.override(language):
        if fmt == "json":
            return dumps(journey_doc.journey_document(journey)).encode()
        if fmt in ("csv", "xlsx"):
            header, rows = journey_export.table(journey, language)
            if fmt == "csv":
                return tabular.csv_bytes(header, rows, delimiter)
            return tabular.xlsx_bytes({journey.title: (header, rows)})
        return journey_export.export(journey, fmt, language=language, paper=paper, badges=badges)


@login_required
@domain_errors
def journey_export_view(request, slug, journey_id, fmt):
    _workspace, _membership, journey = _journey(request, slug, journey_id)
    if fmt not in EXPORT_TYPES:
        raise NotFound(_("Unknown export format."))
    language = request.GET.get("lang") or translation.get_language() or "en"
    if fmt == "svg" and request.GET.get("part") == "curve":
        fmt = "curve.svg"
    # ?sep=semicolon: the CSV an Excel set to Estonian opens in columns.
    delimiter = tabular.CSV_DELIMITERS.get(request.GET.get("sep", ""), ",")
    body = render_journey(
        journey,
        fmt,
        paper=request.GET.get("paper", "A4"),
        language=language,
        badges=request.GET.get("badges", "1") != "0",
        delimiter=delimiter,
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    name = slugify(journey.title) or "journey"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def journey_import(request, slug):
    workspace = workspace_by_slug(request.user, slug, Role.EDITOR)
    membership = require_role(request.user, workspace)
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [_("Choose a journey file (JSON).")]
        else:
            try:
                document = journey_doc.read_document(upload)
                journey = journey_doc.import_journey(workspace, request.user, document)
            except Invalid as exc:
                problems = journey_doc.problem_lines(exc)
            else:
                messages.success(request, _("Journey imported."))
                return redirect("exports:journey_present", slug=slug, journey_id=journey.id)
    return render(
        request,
        "exports/journey_import.html",
        {"workspace": workspace, "membership": membership, "problems": problems},
    )


@login_required
@domain_errors
@require_POST
def share_create(request, slug, journey_id):
    workspace, _membership, journey = _journey(request, slug, journey_id, Role.EDITOR)
    raw = request.POST.get("days", "").strip()
    days = int(raw) if raw.isdigit() else None
    shares.create_link(request.user, journey, days=days)
    messages.success(request, _("Share link created."))
    return redirect("exports:journey_present", slug=slug, journey_id=journey.id)


@login_required
@domain_errors
@require_POST
def share_revoke(request, slug, journey_id, link_id):
    workspace, _membership, journey = _journey(request, slug, journey_id, Role.EDITOR)
    shares.revoke_link(request.user, journey, link_id)
    messages.success(request, _("Share link revoked."))
    return redirect("exports:journey_present", slug=slug, journey_id=journey.id)


def shared(request, token):
    """The presentation view for anyone holding an active link; no login."""
    link = shares.active_link(token)
    if link is None:
        raise Http404(_("This link does not exist or is no longer valid."))
    journey = link.journey
    ctx = _presentation(request, journey.workspace, journey, shared=True)
    response = render(request, "exports/journey_present.html", ctx)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response

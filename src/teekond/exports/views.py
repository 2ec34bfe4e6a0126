"""Backup download and restore pages (workspace owners)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from teekond.accounts.access import require_role, workspace_by_slug
from teekond.accounts.models import Role
from teekond.core.errors import Invalid
from teekond.core.views_helpers import domain_errors
from teekond.exports import backup

MAX_UPLOAD = 200 * 1024 * 1024


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def backup_page(request, slug):
    workspace = workspace_by_slug(request.user, slug, Role.OWNER)
    membership = require_role(request.user, workspace)
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size > MAX_UPLOAD:
            problems = [_("Choose a backup file (JSON or zip).")]
        else:
            try:
                document = backup.read_backup(upload.read())
                restored, warnings = backup.restore_backup(
                    request.user, document, name=request.POST.get("name") or None
                )
            except Invalid as exc:
                problems = [exc.message] + [
                    f"{d.get('object', '')}: {d.get('message', '')}"
                    for d in (exc.details if isinstance(exc.details, list) else [])[:20]
                ]
            else:
                for warning in warnings:
                    messages.warning(request, warning)
                messages.success(request, _("Backup restored into a new workspace."))
                return redirect("workspace", slug=restored.slug)
    return render(
        request,
        "exports/backup.html",
        {"workspace": workspace, "membership": membership, "problems": problems},
    )


@login_required
@domain_errors
def backup_download(request, slug):
    workspace = workspace_by_slug(request.user, slug, Role.OWNER)
    as_zip = request.GET.get("format") == "zip"
    data = backup.write_backup(backup.backup_document(request.user, workspace), as_zip=as_zip)
    response = HttpResponse(data, content_type="application/zip" if as_zip else "application/json")
    ext = "zip" if as_zip else "json"
    response["Content-Disposition"] = f'attachment; filename="{workspace.slug}-backup.{ext}"'
    return response

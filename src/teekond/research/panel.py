"""The Measure pillar's section of a touchpoint's side panel
(``journeys.plugins.STEP_PANELS``): the step's survey link to copy, its QR code, how many
answered and the latest comments."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from teekond.accounts.models import Role
from teekond.research import services
from teekond.research.models import Response, Source

LATEST_COMMENTS = 3


def survey_panel(step, request, membership) -> dict:
    config = services.survey_for_step(step)
    answers = Response.objects.filter(step=step)
    slug = membership.workspace.slug
    html = render_to_string(
        "research/_step_panel.html",
        {
            "config": config,
            "link": services.survey_url(config, request, Source.WEB),
            "qr_url": reverse("survey_qr", args=[slug, step.pk, "svg"]),
            "qr_png": reverse("survey_qr", args=[slug, step.pk, "png"]) + "?download=1",
            "settings_url": reverse("survey_settings", args=[slug, step.pk]),
            "answers": answers.count(),
            "comments": list(
                answers.exclude(comment="").order_by("-answered_at")[:LATEST_COMMENTS]
            ),
            "can_edit": membership.allows(Role.EDITOR),
        },
        request=request,
    )
    return {"key": "survey", "order": 20, "title": _("Touchpoint survey"), "html": html}

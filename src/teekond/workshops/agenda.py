"""The mapping workshop's method, as the seeds teach it (seed 000 and 003, DOMAIN.md).

Who the customer is (and that the decision-maker is not always the user), then the journey's
stages and touchpoints, what the customer needs, thinks and feels at each, where it hurts,
what could be better, and who owns each improvement, by when. The group task (seed 003:
"we are the personas of a hair salon, 30 minutes") is the break-out step. Each step says
what its notes usually become on the map (``target``): a lane type, a touchpoint or a
backlog opportunity.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MethodStep:
    key: str
    title: Promise
    prompt: Promise
    minutes: int
    target: str = ""


METHOD: tuple[MethodStep, ...] = (
    MethodStep(
        "customer",
        _("Who is the customer?"),
        _(
            "Who decides and who uses the service? A school's customer is the parent, who "
            "decides, and the pupil, who uses it. Each of them gets a journey of their own."
        ),
        10,
        "context",
    ),
    MethodStep(
        "stages",
        _("Stages of the journey"),
        _(
            "From the first spark (a friend's recommendation, an ad, googling) to long after "
            "the purchase: which stages does the customer go through?"
        ),
        10,
        "",
    ),
    MethodStep(
        "touchpoints",
        _("Touchpoints"),
        _(
            "Everything the customer sees, hears, notices, experiences or reads about us at "
            "each stage: website, phone, visit, e-mail, word of mouth…"
        ),
        15,
        "touchpoint",
    ),
    MethodStep(
        "needs",
        _("Needs, thoughts and questions"),
        _("What does the customer need, think and ask at each touchpoint?"),
        10,
        "needs",
    ),
    MethodStep(
        "emotions",
        _("Emotions"),
        _(
            "How does the customer feel at each touchpoint? Pick the most positive and the "
            "most negative emotion our service gives."
        ),
        10,
        "emotion",
    ),
    MethodStep(
        "pains",
        _("Pain points"),
        _("Where does the journey hurt or break, so the customer leaves for a competitor?"),
        10,
        "pains",
    ),
    MethodStep(
        "ideas",
        _("Opportunities and ideas"),
        _("What could we do better at each touchpoint? Look for quick wins too. Then vote."),
        15,
        "opportunity",
    ),
    MethodStep(
        "groups",
        _("Group work: the hair salon"),
        _(
            "We are the personas of a hair salon. Sketch the salon's customer journey on your "
            "group's copy of the map and name the goal of the mapping. 30 minutes."
        ),
        30,
        "",
    ),
    MethodStep(
        "owners",
        _("Owners and deadlines"),
        _(
            "Who owns each stage and each improvement, and by when? A workshop that never "
            "reaches daily work is a mapping mistake."
        ),
        10,
        "opportunity",
    ),
)

BY_KEY = {step.key: step for step in METHOD}
# What a note can become in one move.
TARGETS = ("cell", "touchpoint", "opportunity")

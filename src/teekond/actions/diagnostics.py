"""The customer-centricity self-assessment ("diagnostics", seed 003).

Three focus areas, each with the topics the seed names. The questions live in code (not
in the database) so both languages ship with the catalogue and every workspace answers the
same questions, which keeps the history comparable.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SCALE_MIN, SCALE_MAX = 1, 5


@dataclass(frozen=True)
class Area:
    key: str
    name: str


@dataclass(frozen=True)
class Question:
    key: str
    area: str
    topic: str
    text: str


AREAS = [
    Area("strategic", _("Strategic focus")),
    Area("customer", _("Customer focus")),
    Area("employee", _("Employee focus")),
]

QUESTIONS = [
    Question(
        "values",
        "strategic",
        _("Values"),
        _("Our values put the customer first and we live by them."),
    ),
    Question(
        "strategy",
        "strategic",
        _("Strategy"),
        _("Our strategy names the customer experience we want to create."),
    ),
    Question(
        "unit_goals",
        "strategic",
        _("Goals of each unit"),
        _("Every unit has goals that say how it serves the customer."),
    ),
    Question(
        "internal_customers",
        "strategic",
        _("Internal customers"),
        _("Units treat each other as internal customers and know what the others need."),
    ),
    Question(
        "leadership",
        "strategic",
        _("Leadership"),
        _("Top management supports customer-centricity with time, money and example."),
    ),
    Question(
        "journey_understanding",
        "customer",
        _("Journey understanding"),
        _("We know our customers' journeys from research, not from our own opinion."),
    ),
    Question(
        "cx_measurement",
        "customer",
        _("CX measurement"),
        _("We measure the customer experience regularly (NPS, CSAT, customer effort)."),
    ),
    Question(
        "service_quality",
        "customer",
        _("Service quality"),
        _("Our service quality is defined, known to everyone and checked."),
    ),
    Question(
        "feedback_handling",
        "customer",
        _("Complaint and feedback handling"),
        _("Complaints and feedback are easy to give and have a process and owners."),
    ),
    Question(
        "corrective_actions",
        "customer",
        _("Corrective actions"),
        _("Problems found in feedback lead to tracked corrective actions."),
    ),
    Question(
        "communication",
        "customer",
        _("Communication"),
        _("We communicate with customers clearly and in the channels they prefer."),
    ),
    Question(
        "involving_customers",
        "customer",
        _("Involving customers"),
        _("Real customers take part in designing and improving our services."),
    ),
    Question(
        "hiring",
        "employee",
        _("Hiring"),
        _("We hire people for their attitude towards customers as well as their skills."),
    ),
    Question(
        "onboarding",
        "employee",
        _("Onboarding"),
        _("New employees learn our customers' journeys and promise from day one."),
    ),
    Question(
        "motivation",
        "employee",
        _("Motivation and measurement"),
        _("Employee motivation and measurement are tied to the customer's view."),
    ),
    Question(
        "development",
        "employee",
        _("Development"),
        _("Employees are trained and developed to serve customers better."),
    ),
    Question(
        "employee_satisfaction",
        "employee",
        _("Employee satisfaction"),
        _("We measure employee satisfaction and act on it."),
    ),
    Question(
        "internal_communication",
        "employee",
        _("Internal communication"),
        _("Customer insight and feedback reach every employee who needs them."),
    ),
]

QUESTION_KEYS = {q.key for q in QUESTIONS}
AREA_KEYS = [a.key for a in AREAS]


def area_name(key: str) -> str:
    return str(next(a.name for a in AREAS if a.key == key))


def questions_by_area() -> list[tuple[Area, list[Question]]]:
    return [(area, [q for q in QUESTIONS if q.area == area.key]) for area in AREAS]

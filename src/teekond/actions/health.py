"""The map health check: the mapping mistakes of seed 003, checked on one journey.

Pure functions over ``MapFacts`` (plain data), so the rules are easy to test and do not
depend on how the journey models store things; ``teekond.actions.maps`` builds the facts
from a real journey.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

# Words in English and Estonian that show price and product aspects were considered. Whole
# words, not stems: "offer(ed)" is about anything, "hinnang" is a rating, "maksimaalne" a
# maximum, so none of them counts.
PRICE_PRODUCT = re.compile(
    r"\b(price[sd]?|pricing|costs?|costly|fees?|discount\w*|products?|features?|tariffs?)\b"
    r"|\b(hind|hinda|hinnad?|hindu|hinna(?!ng)\w+|soodus\w*|toode\w*|toote\w*|tooted|omadus\w*)\b"
    r"|maks(u|e|ud|ta|ma|ab|avad|id|uta)?\b",
    re.IGNORECASE,
)
INDIRECT_CHANNELS = {"word_of_mouth", "review", "rankings", "newspaper", "article", "social_media"}


@dataclass
class StepFacts:
    name: str
    channel: str = ""
    digital: bool | None = None
    direct: bool | None = None
    company_owned: bool | None = None
    department: str = ""
    texts: list[str] = field(default_factory=list)  # the step's cells and notes
    evidence: list[str] = field(default_factory=list)  # evidence kinds behind it


@dataclass
class StageFacts:
    name: str
    has_owner: bool = False
    steps: list[StepFacts] = field(default_factory=list)


@dataclass
class ActionFacts:
    impact: int
    effort: int
    status: str


@dataclass
class MapFacts:
    name: str
    stages: list[StageFacts] = field(default_factory=list)
    actions: list[ActionFacts] = field(default_factory=list)
    cadence_days: int | None = None
    last_review: date | None = None
    created_on: date | None = None
    today: date | None = None

    @property
    def steps(self) -> list[StepFacts]:
        return [s for stage in self.stages for s in stage.steps]


@dataclass
class Check:
    key: str
    title: str
    passed: bool
    detail: str
    fix: str


def check_channels(facts: MapFacts) -> Check:
    steps = facts.steps
    indirect = [
        s
        for s in steps
        if s.direct is False or s.company_owned is False or s.channel in INDIRECT_CHANNELS
    ]
    return Check(
        "channels",
        str(_("All customer channels, not only the company's")),
        bool(indirect),
        str(_("%(n)d of %(total)d touchpoints are indirect or not owned by the company."))
        % {"n": len(indirect), "total": len(steps)},
        str(
            _(
                "Add what the customer meets outside your own channels: recommendations of "
                "friends, reviews, rankings, articles, ads, word of mouth."
            )
        ),
    )


def check_price_product(facts: MapFacts) -> Check:
    hits = [
        s.name
        for s in facts.steps
        if any(PRICE_PRODUCT.search(t or "") for t in [s.name, *s.texts])
    ]
    return Check(
        "price_product",
        str(_("Price and product aspects")),
        bool(hits),
        str(_("%(n)d touchpoints mention price or product features.")) % {"n": len(hits)},
        str(
            _(
                "Note where the customer compares prices and product features and what they "
                "think of them (price, offer, product, features)."
            )
        ),
    )


def check_research(facts: MapFacts, threshold: float = 0.5) -> Check:
    steps = facts.steps
    validated = [s for s in steps if any(e and e != "assumption" for e in s.evidence)]
    share = len(validated) / len(steps) if steps else 0.0
    return Check(
        "research",
        str(_("Built on research, not opinion")),
        share >= threshold,
        str(_("%(share)d %% of touchpoints are backed by research."))
        % {"share": round(share * 100)},
        str(
            _(
                "Validate the map with real customers: interviews, observation, focus groups, "
                "surveys or analytics; mark what is still an assumption."
            )
        ),
    )


def check_owners(facts: MapFacts) -> Check:
    missing = [s.name for s in facts.stages if not s.has_owner]
    return Check(
        "owners",
        str(_("Every stage has an owner")),
        bool(facts.stages) and not missing,
        str(_("Stages without an owner: %(names)s")) % {"names": ", ".join(missing) or "—"},
        str(_("Name a member responsible for the results and improvements of each stage.")),
    )


def check_quick_wins(facts: MapFacts) -> Check:
    wins = [a for a in facts.actions if a.impact >= 4 and a.effort <= 2 and a.status != "dropped"]
    return Check(
        "quick_wins",
        str(_("Quick wins planned")),
        bool(wins),
        str(_("%(n)d high-impact, low-effort actions.")) % {"n": len(wins)},
        str(
            _(
                "Find at least one improvement with high impact and little effort and carry it "
                "out soon: early results keep the team going."
            )
        ),
    )


def check_reviewed(facts: MapFacts) -> Check:
    today = facts.today or date.today()
    if facts.cadence_days is None:
        passed, detail = False, str(_("No review cadence is set."))
    else:
        since = facts.last_review or facts.created_on or today
        age = (today - since).days
        passed = age <= facts.cadence_days
        detail = str(_("Last review %(days)d days ago; the cadence allows %(limit)d.")) % {
            "days": age,
            "limit": facts.cadence_days,
        }
    return Check(
        "reviewed",
        str(_("Reviewed regularly")),
        passed,
        detail,
        str(
            _(
                "Set a review cadence and compare the map with real experiences: companies that "
                "work with the map monthly report success far more often (56 %) than those "
                "doing it yearly (22 %)."
            )
        ),
    )


def check_departments(facts: MapFacts) -> Check:
    departments = {s.department.strip().lower() for s in facts.steps if s.department.strip()}
    return Check(
        "departments",
        str(_("More than one department")),
        len(departments) > 1,
        str(_("Departments involved: %(n)d.")) % {"n": len(departments)},
        str(
            _(
                "Involve every department that shapes the experience (sales, service, "
                "logistics, IT…) and name each one's role at each step."
            )
        ),
    )


CHECKS = (
    check_channels,
    check_price_product,
    check_research,
    check_owners,
    check_quick_wins,
    check_reviewed,
    check_departments,
)


def health_check(facts: MapFacts) -> dict:
    """Score 0-100 (share of passed checks) and every check with its fix."""
    checks = [run(facts) for run in CHECKS]
    passed = sum(c.passed for c in checks)
    return {"score": round(100 * passed / len(checks)), "checks": checks}

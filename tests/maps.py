"""A small bilingual journey map built straight on the models, for the Act and Export tests."""

from teekond.journeys.models import Cell, Journey, Lane, Persona, Stage, Step

MAP = {
    "et": {
        "title": "Kooli valik",
        "persona": "Lapsevanem Kadri",
        "lanes": [
            ("touchpoints", "Tegevused"),
            ("emotion", "Emotsioonid"),
            ("opportunities", "Võimalused"),
        ],
        "stages": [
            (
                "Teadlikkus",
                [
                    ("Sõbra soovitus", "word_of_mouth", "physical", "indirect", False, "Turundus"),
                    ("Kooli koduleht", "website", "digital", "direct", True, "IT"),
                ],
            ),
            (
                "Otsus",
                [
                    ("Lahtiste uste päev", "physical", "physical", "direct", True, "Kantselei"),
                    ("Õppemaksu tasumine", "website", "digital", "direct", True, "Raamatupidamine"),
                ],
            ),
        ],
    },
    "en": {
        "title": "Choosing a school",
        "persona": "Parent Kate",
        "lanes": [
            ("touchpoints", "Actions"),
            ("emotion", "Emotions"),
            ("opportunities", "Opportunities"),
        ],
        "stages": [
            (
                "Awareness",
                [
                    (
                        "A friend's recommendation",
                        "word_of_mouth",
                        "physical",
                        "indirect",
                        False,
                        "Marketing",
                    ),
                    ("School website", "website", "digital", "direct", True, "IT"),
                ],
            ),
            (
                "Decision",
                [
                    ("Open day", "physical", "physical", "direct", True, "Office"),
                    ("Paying the fee", "website", "digital", "direct", True, "Accounting"),
                ],
            ),
        ],
    },
}
EMOTIONS = ["hopeful", "uneasy", "excited", "annoyed"]


def make_map(workspace, user, lang="et", title=None):
    spec = MAP[lang]
    persona = Persona.objects.create(
        workspace=workspace, name=spec["persona"], age=38, evidence="interview"
    )
    journey = Journey.objects.create(
        workspace=workspace,
        persona=persona,
        title=title or spec["title"],
        language=lang,
        created_by=user,
    )
    lanes = [
        Lane.objects.create(journey=journey, position=i, type=t, name=n)
        for i, (t, n) in enumerate(spec["lanes"])
    ]
    n = 0
    for s_pos, (stage_name, steps) in enumerate(spec["stages"]):
        stage = Stage.objects.create(journey=journey, position=s_pos, name=stage_name)
        for t_pos, (name, channel, medium, directness, owned, dept) in enumerate(steps):
            step = Step.objects.create(
                journey=journey,
                stage=stage,
                position=t_pos,
                name=name,
                channel=channel,
                medium=medium,
                directness=directness,
                company_owned=owned,
                owner_department=dept,
                evidence="interview" if n % 2 == 0 else "assumption",
            )
            Cell.objects.create(
                journey=journey,
                lane=lanes[0],
                step=step,
                text=f"=cmd {name}" if n == 0 else f"{name}: {n}",
            )
            Cell.objects.create(journey=journey, lane=lanes[1], step=step, emotion=EMOTIONS[n])
            n += 1
    return journey


def step_names(journey):
    return [s.name for s in Step.objects.filter(journey=journey)]


def stage_names(journey):
    return [s.name for s in Stage.objects.filter(journey=journey)]


def page_as(user, path: str, language: str = "en") -> str:
    """The HTML of ``path`` as ``user`` sees it, in ``language`` (asserting it is found)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.cookies["teekond_language"] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def map_page(user, journey, language: str = "en") -> str:
    """The map editor's HTML as ``user`` sees it, in ``language``."""
    return page_as(user, f"/w/{journey.workspace.slug}/maps/{journey.pk}/", language)

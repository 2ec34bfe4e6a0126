"""Demo content for the measure pillar: a CRM customer list and a few hundred touchpoint
answers with Estonian comments on Emma's shipping journey, so the Measure page, the drivers
and the quadrants have something to show."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

SEGMENTS = (
    ("Etsy müüjad", 2000, 15000),
    ("Väikeettevõtted", 8000, 60000),
    ("Suurkliendid", 40000, 200000),
)
COMPANIES = (
    "Savi ja Sära OÜ",
    "Põhjala Keraamika",
    "Kodukäsitöö OÜ",
    "Mari Pottsepad",
    "Raku Stuudio",
    "Tartu Portselan",
    "Merekivi OÜ",
    "Kuldne Kauss",
    "Lõuna Savikoda",
    "Valge Glasuur OÜ",
    "Nõmme Käsitöö",
    "Pärnu Pottsepad",
    "Saarte Savi",
    "Hõbedane Vaas OÜ",
    "Kivi ja Puu",
    "Linnamäe Keraamika",
    "Sinine Taldrik OÜ",
    "Vanalinna Töökoda",
    "Metsatuka Savi",
    "Kalamaja Stuudio",
    "Rannapiiri OÜ",
    "Põllulille Keraamika",
    "Tuule Töökoda",
    "Härmatis OÜ",
    "Helge Kausid",
    "Viru Savikoda",
    "Pargi Pottsepp",
    "Kaasiku Käsitöö",
    "Jõe Keraamika OÜ",
    "Sügise Stuudio",
    "Tamme Portselan",
    "Roosi Kruus OÜ",
    "Lumehelbe Keraamika",
    "Kevade Kausid",
    "Mooni Savi",
    "Laine Töökoda",
    "Ööbiku Keraamika",
    "Kadaka OÜ",
    "Vikerkaare Savi",
    "Päikese Pottsepad",
)
GOOD = (
    "Kõik sujus kiiresti, olen väga rahul.",
    "Kuller oli sõbralik ja abivalmis, aitäh!",
    "Pakk jõudis terve ja õigel ajal, tunnen end kindlalt.",
    "Lihtne ja mugav, soovitan kindlasti.",
    "Tore kogemus, olin rõõmus.",
    "Jälgimine töötas suurepäraselt, olin rahulik.",
)
MIXED = (
    "Üldiselt korras, aga ootamine oli pikk.",
    "Pakkimise juhised olid veidi segased.",
    "Hind võiks selgem olla.",
)
BAD = (
    "Olin väga pettunud, pakk oli katki.",
    "Järjekord oli tund aega, olin täiesti kurnatud.",
    "Teenindaja oli ebaviisakas, olin vihane.",
    "Jälgimise leht ei töötanud, tundsin end ärevana ja segaduses.",
    "Lisatasu tuli üllatusena, olen pahane.",
    "Ei olnud üldse rahul, keegi ei vastanud.",
)


def _comment(rnd: random.Random, csat: int) -> str:
    if rnd.random() > 0.45:
        return ""
    pool = GOOD if csat >= 4 else (BAD if csat <= 2 else MIXED)
    return rnd.choice(pool)


def build_demo(workspace, owner) -> None:
    from teekond.journeys.models import Journey, JourneyState
    from teekond.research import textemotions
    from teekond.research.alerts import check_drops
    from teekond.research.models import Customer, Question, Response, Source, SurveyConfig

    journey = (
        Journey.objects.filter(
            workspace=workspace, template_key="emma", state=JourneyState.CURRENT
        ).first()
        or workspace.journeys.first()
    )
    if journey is None:
        return
    rnd = random.Random(4)
    complaints_rnd = random.Random(11)
    steps = list(journey.steps.order_by("stage__position", "position"))
    if len(steps) < 2:
        return
    for step in steps:
        SurveyConfig.objects.get_or_create(
            step=step,
            defaults={
                "workspace": workspace,
                "journey": journey,
                "questions": [Question.NPS, Question.CSAT, Question.COMMENT],
            },
        )
    customers = []
    for i, name in enumerate(COMPANIES):
        segment, low, high = SEGMENTS[i % 3]
        revenue = rnd.randint(low, high)
        customers.append(
            Customer(
                workspace=workspace,
                external_id=f"K{1001 + i}",
                name=name,
                segment=segment,
                revenue=Decimal(revenue),
                potential_revenue=Decimal(int(revenue * rnd.uniform(1.0, 3.0))),
                persona=journey.persona,
            )
        )
    Customer.objects.bulk_create(customers)
    customers = list(Customer.objects.filter(workspace=workspace).order_by("external_id"))
    # Answers mostly agree with the map's emotion curve (a step drawn as unpleasant scores
    # lower), except one step the map thinks is fine but customers do not: the overlay flags
    # it. The third step drives the likelihood to recommend most.
    from teekond.research.services import step_overlay

    assumed = {row["step_id"]: row["assumed"]["valence"] for row in step_overlay(journey)}
    quality = [3.6 + 0.35 * (assumed.get(s.pk) or 0) for s in steps]
    surprise = next(
        (i for i, s in enumerate(steps) if (assumed.get(s.pk) or 0) >= 1 and i > 0), None
    )
    if surprise is not None:
        quality[surprise] = 2.5
    weak = min(2, len(steps) - 1)
    now = timezone.now()
    responses = []
    n = 0
    for _round in range(3):
        for customer in customers:
            when = now - timedelta(days=rnd.randint(20, 180), hours=rnd.randint(0, 23))
            scores = {}
            batch = []
            for idx, step in enumerate(steps):
                if rnd.random() < 0.35:
                    continue
                csat = max(1, min(5, round(rnd.gauss(quality[idx], 1.0))))
                scores[idx] = csat
                comment = _comment(rnd, csat)
                three = rnd.random() < 0.3
                n += 1
                batch.append(
                    Response(
                        workspace=workspace,
                        journey=journey,
                        step=step,
                        customer=customer,
                        respondent=customer.external_id,
                        csat=csat,
                        ces=max(1, min(7, round(1.4 * csat + rnd.gauss(0, 1)))) if three else None,
                        effect=max(1, min(5, csat + rnd.randint(-1, 1))) if three else None,
                        ease=max(1, min(5, csat + rnd.randint(-1, 1))) if three else None,
                        emotion_rating=max(1, min(5, csat + rnd.randint(-1, 0))) if three else None,
                        comment=comment,
                        # a separate generator, so the answers stay as they were
                        complaint=csat == 1 and complaints_rnd.random() < 0.5,
                        emotions=textemotions.tag(comment, "et").emotions,
                        language="et",
                        answered_at=when + timedelta(minutes=idx * 20),
                        source=rnd.choice([Source.WEB, Source.QR, Source.IMPORT]),
                        idempotency_key=f"demo-{n}",
                    )
                )
            if scores:
                base = sum(scores.values()) / len(scores)
                driver = scores.get(weak, base)
                nps = max(0, min(10, round(1.1 * base + 1.3 * driver + rnd.gauss(0, 1.2))))
                for r in batch:
                    if r is batch[-1] or rnd.random() < 0.4:
                        r.nps = nps
            responses.extend(batch)
    # This month the drop-off step got worse: the alert and the trend show it.
    local = timezone.localtime(now)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for i in range(30):
        csat = max(1, min(5, round(rnd.gauss(2.2, 0.9))))
        comment = _comment(rnd, csat)
        responses.append(
            Response(
                workspace=workspace,
                journey=journey,
                step=steps[weak],
                csat=csat,
                nps=max(0, min(10, 2 * csat + 1 + rnd.randint(-1, 1))),
                comment=comment,
                emotions=textemotions.tag(comment, "et").emotions,
                language="et",
                answered_at=month_start + (now - month_start) * (i + 1) / 31,
                source=Source.WEB,
                idempotency_key=f"demo-now-{i}",
            )
        )
    Response.objects.bulk_create(responses, batch_size=500)
    # The CRM says four customers have left: the least satisfied small ones.
    satisfaction = defaultdict(list)
    for r in responses:
        if r.customer_id and r.csat:
            satisfaction[r.customer_id].append(r.csat)
    small = sorted(
        (c for c in customers if c.revenue < 20000 and satisfaction.get(c.pk)),
        key=lambda c: sum(satisfaction[c.pk]) / len(satisfaction[c.pk]),
    )
    for months, customer in enumerate(small[:4], start=1):
        customer.churned_on = (now - timedelta(days=30 * months)).date()
        customer.save(update_fields=["churned_on"])
    check_drops(journey)

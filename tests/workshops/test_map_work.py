"""Notes turned into map items, break-out groups merged back, the summary at the end."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from teekond.actions.models import BacklogItem, JourneyVersion, Review, ReviewSchedule
from teekond.core.errors import Forbidden, Invalid, NotFound
from teekond.journeys import services as journeys
from teekond.journeys.models import Cell, Lane, Stage, Step
from teekond.workshops import convert, groups, services, summary
from teekond.workshops.models import Conversion, Status
from tests.workshops.conftest import actor, step

pytestmark = pytest.mark.django_db


def test_a_note_becomes_a_cell_with_its_author_and_the_workshop_as_evidence(
    alice, bob, journey, workshop
):
    note = services.add_note(
        actor(bob, workshop), step(workshop, "pains").pk, "Kodulehelt ei leia hindu"
    )
    lane = Lane.objects.get(journey=journey, type="touchpoints")
    target = Step.objects.get(journey=journey, name="Kooli koduleht")
    before = Cell.objects.get(lane=lane, step=target).text
    done = convert.convert(
        actor(alice, workshop),
        kind="cell",
        note_id=note.pk,
        lane_id=lane.pk,
        step_id=target.pk,
        evidence="focus_group",
    )
    cell = Cell.objects.get(lane=lane, step=target)
    assert cell.text == f"{before}\nKodulehelt ei leia hindu"
    assert cell.evidence == "focus_group"
    assert "Kooli teekonna õpituba" in cell.evidence_note and "bob" in cell.evidence_note
    assert timezone.localdate().strftime("%d.%m.%Y") in cell.evidence_note
    assert done.subject == cell and done.authors == "bob" and done.kind == "cell"
    # the board was anonymous: the evidence still names the author
    assert workshop.anonymous


def test_a_cluster_becomes_a_touchpoint_and_a_note_an_opportunity(alice, bob, journey, workshop):
    a = actor(bob, workshop)
    s = step(workshop, "touchpoints")
    n1 = services.add_note(a, s.pk, "Facebooki leht")
    n2 = services.add_note(actor(alice, workshop), s.pk, "Instagram")
    cluster = services.create_cluster(
        actor(alice, workshop), s.pk, "Sotsiaalmeedia", [n1.pk, n2.pk]
    )
    stage = Stage.objects.get(journey=journey, name="Teadlikkus")
    convert.convert(
        actor(alice, workshop), kind="touchpoint", cluster_id=cluster.pk, stage_id=stage.pk
    )
    new = Step.objects.get(journey=journey, name="Sotsiaalmeedia")
    assert new.stage == stage and new.description == "• Facebooki leht\n• Instagram"
    assert (
        "märgete autorid" in new.evidence_note
        and "bob" in new.evidence_note
        and "alice" in new.evidence_note
    )
    idea = services.add_note(a, step(workshop, "ideas").pk, "Hinnakiri kodulehele")
    convert.convert(actor(alice, workshop), kind="opportunity", note_id=idea.pk, step_id=new.pk)
    item = BacklogItem.objects.get(title="Hinnakiri kodulehele")
    assert item.kind == "opportunity" and item.subject == new and item.journey == journey
    assert "märke autor bob" in item.description
    assert Conversion.objects.count() == 2


def test_converting_needs_the_facilitator_and_a_target_on_this_map(
    alice, bob, dave, journey, workshop, other_workspace, charlie
):
    from tests.maps import make_map

    note = services.add_note(actor(bob, workshop), step(workshop, "pains").pk, "Valu")
    with pytest.raises(Forbidden):
        convert.convert(actor(dave, workshop), kind="opportunity", note_id=note.pk)
    foreign = make_map(other_workspace, charlie)
    lane = foreign.lanes.first()
    with pytest.raises(NotFound):
        convert.convert(
            actor(alice, workshop),
            kind="cell",
            note_id=note.pk,
            lane_id=lane.pk,
            step_id=Step.objects.filter(journey=journey).first().pk,
        )
    for bad in (
        {"kind": "cell"},
        {"kind": "wall"},
        {"kind": "touchpoint"},
        {"kind": "opportunity", "evidence": "gossip"},
    ):
        with pytest.raises(Invalid):
            convert.convert(actor(alice, workshop), note_id=note.pk, **bad)
    with pytest.raises(Invalid):
        convert.convert(actor(alice, workshop), kind="opportunity")
    assert not Conversion.objects.exists()


def _copy_parts(group):
    copy = group.journey
    return (
        copy,
        {s.name: s for s in Step.objects.filter(journey=copy)},
        {l.type: l for l in copy.lanes.all()},
    )


def test_groups_work_on_copies_and_their_changes_merge_back_item_by_item(
    alice, dave, journey, workshop
):
    made = groups.create_groups(actor(alice, workshop), ["Salong A", "Salong B"], "Juuksurisalong")
    assert [g.name for g in made] == ["Salong A", "Salong B"]
    group = made[0]
    copy, steps, lanes = _copy_parts(group)
    assert copy.pk != journey.pk and copy.title == "Kooli valik: grupp Salong A"
    assert groups.changes(group) == []
    # the group writes on its copy: a cell, a renamed touchpoint, a new stage with a step
    journeys.upsert_cell(
        lanes["opportunities"], steps["Kooli koduleht"], None, {"text": "Broneering veebis"}
    )
    site = steps["Kooli koduleht"]
    journeys.update_step(site, {"name": "Salongi koduleht"}, site.version)
    copy.refresh_from_db()
    stage = journeys.add_stage(copy, copy.structure_version, name="Järelhooldus")
    copy.refresh_from_db()
    new_step = journeys.add_step(stage, copy.structure_version, name="Tagasiside kõne")
    journeys.upsert_cell(
        lanes["touchpoints"], new_step, None, {"text": "Helistame järgmisel päeval"}
    )
    found = {c["key"]: c for c in groups.changes(group)}
    kinds = sorted((c["kind"], c["action"]) for c in found.values())
    assert kinds == [
        ("cell", "set"),
        ("cell", "set"),
        ("stage", "add"),
        ("step", "add"),
        ("step", "update"),
    ]
    new_cell = found[f"cell:{lanes['touchpoints'].pk}:{new_step.pk}"]
    assert new_cell["blocked"] and found[f"step:{new_step.pk}"]["blocked"]
    with pytest.raises(Forbidden):
        groups.apply(actor(dave, workshop), group.pk, f"stage:{stage.pk}")
    with pytest.raises(Invalid):
        groups.apply(actor(alice, workshop), group.pk, f"step:{new_step.pk}")  # its stage first
    groups.apply(actor(alice, workshop), group.pk, f"stage:{stage.pk}")
    groups.apply(actor(alice, workshop), group.pk, f"step:{new_step.pk}")
    groups.apply(actor(alice, workshop), group.pk, new_cell["key"])
    groups.apply(actor(alice, workshop), group.pk, f"cell:{lanes['opportunities'].pk}:{site.pk}")
    groups.reject(actor(alice, workshop), group.pk, f"step:{site.pk}")
    main_stage = Stage.objects.get(journey=journey, name="Järelhooldus")
    main_step = Step.objects.get(journey=journey, stage=main_stage)
    assert main_step.name == "Tagasiside kõne"
    assert Cell.objects.get(step=main_step).text == "Helistame järgmisel päeval"
    main_site = Step.objects.get(journey=journey, name="Kooli koduleht")  # the rename was rejected
    assert Cell.objects.get(step=main_site, lane__type="opportunities").text == "Broneering veebis"
    group = groups.group_of(workshop, group.pk)
    assert [c["key"] for c in groups.changes(group) if c["status"] == "open"] == []
    with pytest.raises(Invalid):
        groups.apply(actor(alice, workshop), group.pk, f"stage:{stage.pk}")
    with pytest.raises(NotFound):
        groups.apply(actor(alice, workshop), group.pk, "cell:1:999999")


def test_a_change_the_main_map_also_made_is_flagged_as_a_conflict(alice, journey, workshop):
    group = groups.create_groups(actor(alice, workshop), ["A"])[0]
    copy, steps, lanes = _copy_parts(group)
    cell = Cell.objects.get(step=steps["Kooli koduleht"], lane=lanes["touchpoints"])
    journeys.upsert_cell(cell.lane, cell.step, cell.version, {"text": "Grupi versioon"})
    main = Cell.objects.get(journey=journey, step__name="Kooli koduleht", lane__type="touchpoints")
    journeys.upsert_cell(main.lane, main.step, main.version, {"text": "Põhikaardi versioon"})
    change = groups.changes(group)[0]
    assert change["conflict"] == {"text": "Põhikaardi versioon"}
    assert change["rows"][0] == {
        "field": "text",
        "old": cell.text,
        "new": "Grupi versioon",
        "clash": True,
        "main": "Põhikaardi versioon",
    }
    groups.apply(actor(alice, workshop), group.pk, change["key"])
    main.refresh_from_db()
    assert main.text == "Grupi versioon"


def test_groups_are_bounded(alice, workshop):
    with pytest.raises(Invalid):
        groups.create_groups(actor(alice, workshop), [])
    with pytest.raises(Invalid):
        groups.create_groups(actor(alice, workshop), [f"G{i}" for i in range(9)])


def test_the_summary_is_kept_with_a_version_a_review_and_the_next_review_date(
    alice, bob, journey, workshop
):
    a, f = actor(bob, workshop), actor(alice, workshop)
    idea = services.add_note(a, step(workshop, "ideas").pk, "Hinnakiri kodulehele")
    other = services.add_note(a, step(workshop, "ideas").pk, "Vastame e-kirjadele päevaga")
    services.set_options(f, voting_open=True)
    for _ in range(3):
        services.vote(actor(bob, workshop), idea.pk)
    services.vote(actor(bob, workshop), other.pk)
    convert.convert(actor(alice, workshop), kind="opportunity", note_id=idea.pk)
    item = BacklogItem.objects.get()
    deadline = timezone.localdate() + timedelta(days=14)
    summary.set_action(
        actor(alice, workshop),
        item.pk,
        item.version,
        {"owner_id": bob.pk, "deadline": deadline, "kind": "action"},
    )
    with pytest.raises(Forbidden):
        summary.set_action(
            actor(bob, workshop).__class__(workshop, user=bob, role="viewer"), item.pk, 2, {}
        )
    assert summary.proposed_review(workshop)[0] == "quarterly"
    ended = summary.finish(actor(alice, workshop), name="Õpitoa tulemus")
    assert ended.status == Status.ENDED and not ended.voting_open
    version = JourneyVersion.objects.get(journey=journey, number=ended.summary_version)
    assert version.name == "Õpitoa tulemus"
    data = ended.summary
    assert [(v["text"], v["votes"]) for v in data["votes"]] == [
        ("Hinnakiri kodulehele", 3),
        ("Vastame e-kirjadele päevaga", 1),
    ]
    assert (
        data["actions"][0]["owner"] == "bob"
        and data["actions"][0]["deadline"] == deadline.isoformat()
    )
    assert data["actions"][0]["kind"] == "action"
    assert data["participants"] == ["alice", "bob"]
    review = Review.objects.get()
    assert (
        "Õpituba „Kooli teekonna õpituba“." in review.findings
        and review.participants == "alice, bob"
    )
    assert ReviewSchedule.objects.get().cadence == "quarterly"
    assert ended.next_review_on == timezone.localdate() + timedelta(days=91)
    with pytest.raises(Invalid):
        summary.finish(actor(alice, workshop))
    # the kept summary does not change when the map changes later
    services_data = summary.summary_of(ended, alice)
    assert services_data == data


def test_the_summary_lists_what_changed_since_the_start(alice, bob, journey, workshop):
    note = services.add_note(actor(bob, workshop), step(workshop, "pains").pk, "Pikk järjekord")
    lane = Lane.objects.get(journey=journey, type="opportunities")
    target = Step.objects.get(journey=journey, name="Lahtiste uste päev")
    convert.convert(
        actor(alice, workshop), kind="cell", note_id=note.pk, lane_id=lane.pk, step_id=target.pk
    )
    lines = summary.build(workshop, alice)["changes"]
    assert {
        "what": "cell",
        "name": "Võimalused × Lahtiste uste päev",
        "status": "added",
        "text": "Pikk järjekord",
    } in lines


def test_the_summary_prints_as_a_pdf_in_both_languages(alice, bob, workshop, tmp_path):
    services.add_note(actor(bob, workshop), step(workshop, "ideas").pk, "Hinnakiri kodulehele")
    summary.finish(actor(alice, workshop))
    workshop.refresh_from_db()
    for language, heading in (("et", "Õpitoa kokkuvõte"), ("en", "Workshop summary")):
        body = summary.summary_pdf(workshop, alice, language)
        assert body.startswith(b"%PDF")
        path = tmp_path / f"{language}.pdf"
        path.write_bytes(body)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert heading in text and "Kooli teekonna õpituba" in text

"""Workshop services: agenda, timer, notes, anonymity, clusters, votes, permissions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from teekond.actions.models import JourneyVersion
from teekond.core.errors import Forbidden, Invalid, NotFound
from teekond.workshops import guests, services
from teekond.workshops.agenda import METHOD
from teekond.workshops.models import (
    MAX_NOTES_PER_PARTICIPANT_STEP,
    NOTE_MAX_LENGTH,
    Note,
    Status,
    Vote,
)
from tests.workshops.conftest import actor, step

pytestmark = pytest.mark.django_db


def test_a_workshop_gets_the_methods_agenda_in_the_maps_language(alice, journey):
    workshop = services.create_workshop(alice, journey, "Õpituba")
    agenda = list(workshop.agenda.all())
    assert [s.key for s in agenda] == [m.key for m in METHOD]
    assert agenda[0].title == "Kes on klient?"
    assert "otsustaja" in agenda[0].prompt
    assert [s.position for s in agenda] == list(range(len(METHOD)))


def test_a_shorter_agenda_keeps_the_chosen_steps_and_unknown_ones_are_refused(alice, journey):
    workshop = services.create_workshop(alice, journey, "Lühike", steps=["ideas", "customer"])
    assert list(workshop.agenda.values_list("key", flat=True)) == ["ideas", "customer"]
    with pytest.raises(Invalid):
        services.create_workshop(alice, journey, "Vale", steps=["customer", "nonsense"])
    with pytest.raises(Invalid):
        services.create_workshop(alice, journey, "Vale", vote_budget=21)
    with pytest.raises(Invalid):
        services.create_workshop(alice, journey, "   ")


def test_only_editors_and_owners_start_workshops(dave, charlie, journey):
    with pytest.raises(Exception) as viewer:
        services.create_workshop(dave, journey, "x")
    assert isinstance(viewer.value, Forbidden)
    with pytest.raises(NotFound):
        services.create_workshop(charlie, journey, "x")


def test_starting_saves_a_version_and_moves_everyone_to_the_first_step(workshop, journey):
    assert workshop.status == Status.RUNNING
    assert workshop.current_step.key == "customer"
    saved = JourneyVersion.objects.get(journey=journey, number=workshop.start_version)
    assert saved.name == "Enne õpituba: Kooli teekonna õpituba"
    with pytest.raises(Invalid):
        services.start(actor(workshop.facilitator, workshop))


def test_the_facilitator_moves_everyone_and_runs_the_timer(alice, bob, dave, workshop):
    pains = step(workshop, "pains")
    services.go_to_step(actor(bob, workshop), pains.pk)
    workshop.refresh_from_db()
    assert workshop.current_step == pains
    assert workshop.timer_left == pains.minutes * 60 and workshop.timer_ends_at is None
    w = services.timer(actor(alice, workshop), "start", 5)
    assert 295 <= w.timer_left <= 300 and w.timer_ends_at is not None
    w = services.timer(actor(alice, workshop), "pause")
    assert w.timer_ends_at is None and 295 <= w.timer_paused_left <= 300
    w = services.timer(actor(alice, workshop), "start")
    assert w.timer_ends_at is not None and w.timer_paused_left is None
    assert services.timer(actor(alice, workshop), "reset").timer_left is None
    with pytest.raises(Invalid):
        services.timer(actor(alice, workshop), "start", 181)
    with pytest.raises(Forbidden):
        services.go_to_step(actor(dave, workshop), pains.pk)


def test_a_step_of_another_workshop_is_not_found(alice, journey, workshop):
    other = services.create_workshop(alice, journey, "Teine")
    with pytest.raises(NotFound):
        services.go_to_step(actor(alice, workshop), other.agenda.first().pk)


def test_notes_are_bounded_and_viewers_cannot_write(bob, dave, workshop):
    s = step(workshop, "customer")
    a = actor(bob, workshop)
    note = services.add_note(a, s.pk, "  Lapsevanem otsustab  ")
    assert note.text == "Lapsevanem otsustab" and note.author.user == bob
    for bad in ("", "x" * (NOTE_MAX_LENGTH + 1), "nul\x00"):
        with pytest.raises(Invalid):
            services.add_note(a, s.pk, bad)
    with pytest.raises(Invalid):
        services.add_note(a, s.pk, "ok", colour="black")
    with pytest.raises(Forbidden):
        services.add_note(actor(dave, workshop), s.pk, "Vaatan ainult")
    assert Note.objects.count() == 1


def test_one_person_has_at_most_so_many_notes_on_a_step(bob, workshop):
    s = step(workshop, "needs")
    a = actor(bob, workshop)
    Note.objects.bulk_create(
        Note(step=s, author=services.participant_of(a), text=f"n{i}")
        for i in range(MAX_NOTES_PER_PARTICIPANT_STEP)
    )
    with pytest.raises(Invalid):
        services.add_note(a, s.pk, "one too many")


def test_only_the_author_or_the_facilitator_changes_a_note(alice, workshop):
    link = guests.issue_guest_link(actor(alice, workshop), access="write", hours=2)
    mari = guests.guest_actor(link.token, guests.join_as_guest(link.token, "Mari").guest_key)
    juri = guests.guest_actor(link.token, guests.join_as_guest(link.token, "Jüri").guest_key)
    note = services.add_note(mari, step(workshop, "needs").pk, "Mari oma")
    with pytest.raises(Forbidden):
        services.edit_note(juri, note.pk, "Jüri muutis")
    with pytest.raises(Forbidden):
        services.delete_note(juri, note.pk)
    assert services.edit_note(mari, note.pk, "Mari parandas").text == "Mari parandas"
    services.delete_note(actor(alice, workshop), note.pk)
    assert not Note.objects.exists()


def test_authors_are_hidden_while_brainstorming_anonymously(alice, bob, workshop):
    s = step(workshop, "customer")
    services.add_note(actor(bob, workshop), s.pk, "Bob's note")
    seen_by_alice = services.board(actor(alice, workshop), s)["loose"][0]
    seen_by_bob = services.board(actor(bob, workshop), s)["loose"][0]
    assert seen_by_alice["author"] == "" and not seen_by_alice["own"]
    assert seen_by_bob["author"] == "bob" and seen_by_bob["own"]
    services.set_options(actor(alice, workshop), authors_revealed=True)
    assert services.board(actor(alice, workshop), s)["loose"][0]["author"] == "bob"


def test_clusters_group_notes_of_one_step(alice, bob, dave, workshop):
    s, other = step(workshop, "pains"), step(workshop, "needs")
    a = actor(bob, workshop)
    n1 = services.add_note(a, s.pk, "Koduleht on vana")
    n2 = services.add_note(a, s.pk, "Telefonile ei vastata")
    n3 = services.add_note(a, other.pk, "Tahan teada õppekava")
    f = actor(alice, workshop)
    cluster = services.create_cluster(f, s.pk, "Suhtlus", [n1.pk, n2.pk])
    assert set(cluster.notes.values_list("pk", flat=True)) == {n1.pk, n2.pk}
    with pytest.raises(NotFound):
        services.create_cluster(f, s.pk, "Vale", [n3.pk])
    with pytest.raises(Invalid):
        services.place_note(f, n3.pk, cluster.pk)
    with pytest.raises(Forbidden):
        services.create_cluster(actor(dave, workshop), s.pk, "Vaataja", [])
    board = services.board(f, s)
    assert [c["title"] for c in board["clusters"]] == ["Suhtlus"] and board["loose"] == []
    services.place_note(f, n2.pk, None)
    services.delete_cluster(f, cluster.pk)
    assert Note.objects.filter(cluster__isnull=True).count() == 3


def test_dot_voting_keeps_to_the_budget_and_sorts_the_results(alice, bob, workshop):
    s = step(workshop, "ideas")
    f = actor(alice, workshop)
    services.set_options(f, vote_budget=3)
    a = actor(bob, workshop)
    first = services.add_note(a, s.pk, "Uus koduleht")
    second = services.add_note(a, s.pk, "Vastame kõnedele")
    with pytest.raises(Invalid):
        services.vote(actor(bob, workshop), first.pk)  # voting is closed
    services.set_options(f, voting_open=True)
    services.vote(actor(bob, workshop), second.pk)
    services.vote(actor(bob, workshop), second.pk)
    services.vote(actor(bob, workshop), first.pk)
    with pytest.raises(Invalid):
        services.vote(actor(bob, workshop), first.pk)
    assert services.votes_left(actor(bob, workshop)) == 0
    services.vote(actor(alice, workshop), first.pk)
    services.vote(actor(alice, workshop), first.pk)
    results = services.results(workshop)
    assert [(r["text"], r["votes"]) for r in results] == [
        ("Uus koduleht", 3),
        ("Vastame kõnedele", 2),
    ]
    services.unvote(actor(bob, workshop), second.pk)
    assert services.votes_left(actor(bob, workshop)) == 1
    with pytest.raises(NotFound):
        services.unvote(actor(bob, workshop), Note.objects.create(step=s, text="x").pk)
    with pytest.raises(Invalid):
        services.set_options(f, vote_budget=2)  # votes were cast: the budget only grows
    assert Vote.objects.count() == 4


def test_nothing_is_written_once_the_workshop_ended(bob, workshop):
    workshop.status = Status.ENDED
    workshop.save()
    with pytest.raises(Invalid):
        services.add_note(actor(bob, workshop), step(workshop, "needs").pk, "late")


def test_guest_links_are_issued_by_owners_bounded_and_revocable(alice, bob, workshop):
    with pytest.raises(Forbidden):
        guests.issue_guest_link(actor(bob, workshop), access="write", hours=2)
    for bad in (
        {"access": "admin", "hours": 2},
        {"access": "read", "hours": 0},
        {"access": "read", "hours": 24 * 15},
        {"access": "read", "hours": 2, "max_guests": 61},
    ):
        with pytest.raises(Invalid):
            guests.issue_guest_link(actor(alice, workshop), **bad)
    link = guests.issue_guest_link(actor(alice, workshop), access="write", hours=2, max_guests=1)
    guest = guests.join_as_guest(link.token, "Mari")
    g = guests.guest_actor(link.token, guest.guest_key)
    assert g.is_guest and g.can_write and not g.can_facilitate
    note = services.add_note(g, step(workshop, "customer").pk, "Külaline kirjutab")
    assert note.author.name == "Mari" and note.author.user is None
    with pytest.raises(Invalid):
        guests.join_as_guest(link.token, "Jüri")  # the link admits one guest
    with pytest.raises(Forbidden):
        services.create_cluster(g, step(workshop, "customer").pk, "x", [])
    guests.revoke_guest_link(actor(alice, workshop), link.pk)
    with pytest.raises(NotFound):
        guests.guest_actor(link.token, guest.guest_key)
    with pytest.raises(NotFound):
        guests.revoke_guest_link(actor(alice, workshop), link.pk)


def test_read_guests_follow_and_expired_links_stop_working(alice, workshop):
    link = guests.issue_guest_link(actor(alice, workshop), access="read", hours=1)
    guest = guests.join_as_guest(link.token, "Vaatleja")
    g = guests.guest_actor(link.token, guest.guest_key)
    assert services.state(g)["step"].key == "customer"
    with pytest.raises(Forbidden):
        services.add_note(g, step(workshop, "customer").pk, "ei tohi")
    link.expires_at = timezone.now() - timedelta(seconds=1)
    link.save()
    with pytest.raises(NotFound):
        guests.guest_actor(link.token, guest.guest_key)
    with pytest.raises(NotFound):
        guests.join_as_guest(link.token, "Hiline")
    with pytest.raises(NotFound):
        guests.guest_actor("x" * 65, None)

"""Workshop pages: the map's tab, the room, the live part, guests, groups, the summary."""

import pytest
from django.test import Client

from teekond.workshops import guests, services
from teekond.workshops.models import Note, Participant, Workshop
from tests.maps import map_page, page_as
from tests.workshops.conftest import actor, step

pytestmark = pytest.mark.django_db


def client_for(user, language="en"):
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["teekond_language"] = language
    return client


def test_the_map_page_has_a_workshop_tab(alice, journey):
    html = map_page(alice, journey)
    assert f'href="/w/{journey.workspace.slug}/maps/{journey.pk}/workshops/"' in html
    assert 'data-testid="map-tab-workshops"' in html


def test_an_editor_plans_a_workshop_from_the_map(bob, journey):
    client = client_for(bob)
    url = f"/w/{journey.workspace.slug}/maps/{journey.pk}/workshops/"
    response = client.post(
        url, {"title": "Õpituba", "steps": ["customer", "ideas"], "vote_budget": "3"}
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/workshops/{workshop.pk}/"
    )
    assert workshop.vote_budget == 3 and not workshop.anonymous
    assert list(workshop.agenda.values_list("key", flat=True)) == ["customer", "ideas"]


def test_viewers_cannot_plan_and_outsiders_see_nothing(dave, charlie, journey, workshop):
    url = f"/w/{journey.workspace.slug}/maps/{journey.pk}/workshops/"
    assert client_for(dave).post(url, {"title": "x", "vote_budget": "5"}).status_code == 403
    assert client_for(dave).get(url).status_code == 200
    assert client_for(charlie).get(url).status_code == 404
    room = f"/w/{journey.workspace.slug}/workshops/{workshop.pk}/"
    assert client_for(charlie).get(room).status_code == 404
    assert (
        client_for(charlie).post(room + "do/note/", {"step": "1", "text": "x"}).status_code == 404
    )


def test_a_note_posted_from_the_room_lands_on_the_board(bob, dave, workshop):
    room = f"/w/{workshop.workspace.slug}/workshops/{workshop.pk}/"
    s = step(workshop, "customer")
    client = client_for(bob)
    response = client.post(
        room + "do/note/", {"step": s.pk, "text": "Otsustaja on lapsevanem"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Otsustaja on lapsevanem" in response.content.decode()
    assert Note.objects.get().author.user == bob
    # the viewer's page shows it, and the viewer may not write
    assert "Otsustaja on lapsevanem" in page_as(dave, room)
    refused = client_for(dave).post(
        room + "do/note/", {"step": s.pk, "text": "x"}, HTTP_HX_REQUEST="true"
    )
    assert "You can follow this workshop but not write on it." in refused.content.decode()
    assert Note.objects.count() == 1


def test_the_live_part_answers_no_content_while_nothing_changed(bob, workshop):
    workshop.refresh_from_db()
    live = f"/w/{workshop.workspace.slug}/workshops/{workshop.pk}/live/"
    client = client_for(bob)
    seen = workshop.revision
    assert client.get(live, {"rev": seen}).status_code == 204
    services.add_note(actor(bob, workshop), step(workshop, "customer").pk, "uus")
    changed = client.get(live, {"rev": seen})
    assert changed.status_code == 200 and "uus" in changed.content.decode()


def test_bad_form_input_gets_a_clear_error_and_changes_nothing(bob, workshop):
    room = f"/w/{workshop.workspace.slug}/workshops/{workshop.pk}/"
    client = client_for(bob)
    for data in (
        {"step": "abc", "text": "x"},
        {"step": "1" * 30, "text": "x"},
        {"step": step(workshop, "customer").pk, "text": "x" * 281},
    ):
        response = client.post(room + "do/note/", data, HTTP_HX_REQUEST="true")
        assert (
            response.status_code == 200
            and 'data-testid="workshop-error"' in response.content.decode()
        )
    assert client.post(room + "do/nonsense/", {}).status_code == 404
    assert not Note.objects.exists()


def test_the_room_speaks_estonian_with_24_hour_plurals(alice, workshop):
    html = page_as(alice, f"/w/{workshop.workspace.slug}/workshops/{workshop.pk}/", "et")
    assert "Kes on klient?" in html and "Lisa märge" in html
    assert "1 osaleja" in html or "0 osalejat" in html


def test_a_guest_joins_by_link_writes_and_loses_access_when_revoked(alice, workshop):
    link = guests.issue_guest_link(actor(alice, workshop), access="write", hours=2)
    guest = Client()
    url = f"/workshop/{link.token}/"
    assert "guest-join" in guest.get(url).content.decode()
    assert guest.post(url, {"name": ""}).status_code == 422
    assert guest.post(url, {"name": "Mari Maasikas"}).status_code == 302
    page = guest.get(url).content.decode()
    assert "Mari Maasikas" in page and 'data-testid="note-form"' in page
    s = step(workshop, "customer")
    guest.post(url + "do/note/", {"step": s.pk, "text": "Külalise mõte"})
    assert Note.objects.get().author.name == "Mari Maasikas"
    assert guest.post(url + "do/start/", {}).status_code == 404  # not a guest's action
    guests.revoke_guest_link(actor(alice, workshop), link.pk)
    assert guest.get(url).status_code == 404
    assert guest.post(url + "do/note/", {"step": s.pk, "text": "pärast"}).status_code == 404
    assert Note.objects.count() == 1


def test_a_read_only_guest_sees_the_board_without_the_note_form(alice, bob, workshop):
    services.add_note(actor(bob, workshop), step(workshop, "customer").pk, "Nähtav märge")
    link = guests.issue_guest_link(actor(alice, workshop), access="read", hours=2)
    guest = Client()
    guest.post(f"/workshop/{link.token}/", {"name": "Vaatleja"})
    page = guest.get(f"/workshop/{link.token}/").content.decode()
    assert "Nähtav märge" in page and 'data-testid="note-form"' not in page
    guest.post(
        f"/workshop/{link.token}/do/note/", {"step": step(workshop, "customer").pk, "text": "x"}
    )
    assert Note.objects.count() == 1 and Participant.objects.filter(user__isnull=True).count() == 1


def test_guest_links_and_their_qr_codes_are_for_owners(alice, bob, workshop):
    base = f"/w/{workshop.workspace.slug}/workshops/{workshop.pk}/"
    assert client_for(bob).get(base + "guests/").status_code == 403
    owner = client_for(alice)
    owner.post(base + "guests/", {"access": "write", "hours": "3", "max_guests": "10"})
    link = workshop.guest_links.get()
    assert link.max_guests == 10
    assert owner.get(base + f"guests/{link.pk}/qr.svg")["Content-Type"] == "image/svg+xml"
    assert client_for(bob).get(base + f"guests/{link.pk}/qr.svg").status_code == 403
    assert client_for(bob).get(base + "qr.svg").status_code == 200
    owner.post(base + "guests/", {"access": "write", "hours": "0", "max_guests": "10"})
    assert workshop.guest_links.count() == 1


def test_the_home_page_lists_running_workshops(alice, workshop):
    html = page_as(alice, f"/w/{workshop.workspace.slug}/")
    assert "Kooli teekonna õpituba" in html

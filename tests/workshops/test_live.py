"""The workshop's live topic through real websockets into the ASGI application (in-memory
layer and the real Redis): who may connect, events on changes, revoked guests cut off."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from teekond.workshops import guests, services
from tests.core.test_live import Peer, cookie_for, layer, run  # noqa: F401 - layer is a fixture
from tests.workshops.conftest import actor, step

pytestmark = pytest.mark.django_db(transaction=True)


def path_of(workshop, **query) -> str:
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/ws/live/workshop/{workshop.pk}/" + (f"?{qs}" if qs else "")


def test_members_and_guests_connect_with_their_rights(workshop, alice, bob, dave, charlie):
    write = guests.issue_guest_link(actor(alice, workshop), access="write", hours=1)
    read = guests.issue_guest_link(actor(alice, workshop), access="read", hours=1)
    writer = guests.join_as_guest(write.token, "Mari")
    reader = guests.join_as_guest(read.token, "Jüri")
    cookies = {u.username: cookie_for(u) for u in (alice, bob, dave, charlie)}

    async def scenario():
        for name, can_write in (("alice", True), ("bob", True), ("dave", False)):
            peer = Peer(path_of(workshop), cookies[name])
            assert (await peer.open())["you"]["can_write"] is can_write
            await peer.close()
        for key, can_write in ((writer.guest_key, True), (reader.guest_key, False)):
            peer = Peer(path_of(workshop, token=key))
            welcome = await peer.open()
            assert welcome["you"]["can_write"] is can_write
            await peer.close()
        for refused in (
            Peer(path_of(workshop), cookies["charlie"]),
            Peer(path_of(workshop)),
            Peer(path_of(workshop, token=write.token)),  # the link itself is not a guest
        ):
            assert (await refused.open())["code"] == "refused"

    run(scenario)


def test_a_note_reaches_everyone_and_a_revoked_guest_is_cut_off(layer, workshop, alice, bob):  # noqa: F811
    link = guests.issue_guest_link(actor(alice, workshop), access="write", hours=1)
    guest = guests.join_as_guest(link.token, "Mari")
    s = step(workshop, "customer")
    cookie = cookie_for(alice)

    async def scenario():
        member = Peer(path_of(workshop), cookie)
        visitor = Peer(path_of(workshop, token=guest.guest_key))
        seq = (await member.open())["seq"]
        await visitor.open()
        await database_sync_to_async(
            lambda: services.add_note(actor(bob, workshop), s.pk, "Lapsevanem")
        )()
        for peer in (member, visitor):
            frame = await peer.recv()
            assert frame["type"] == "event" and frame["seq"] == seq + 1
            assert frame["event"]["item"] == f"workshop:{workshop.pk}"
            assert frame["event"]["event"] == "note"
            assert "Lapsevanem" not in str(frame)  # events carry no content
        await database_sync_to_async(
            lambda: guests.revoke_guest_link(actor(alice, workshop), link.pk)
        )()
        closed = None
        for _ in range(4):
            frame = await visitor.recv(skip=("presence", "cursor", "event"))
            if frame["type"] == "closed":
                closed = frame
                break
        assert closed is not None and closed["code"] == 4401
        await member.close()

    run(scenario)


def test_an_expired_guest_link_is_refused(workshop, alice):
    link = guests.issue_guest_link(actor(alice, workshop), access="write", hours=1)
    guest = guests.join_as_guest(link.token, "Mari")
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()

    async def scenario():
        peer = Peer(path_of(workshop, token=guest.guest_key))
        assert (await peer.open())["code"] == "refused"

    run(scenario)

"""The live transport (core.live, the consumer) and the map's topic kind, through real
websockets into the ASGI application: on the in-memory channel layer and on the real Redis.

Each test drives the application with channels' WebsocketCommunicator; the database writes
go through the same services as the pages and the API.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing.websocket import WebsocketCommunicator
from django.test import Client

from teekond.accounts import services as accounts
from teekond.accounts.models import Membership, Role
from teekond.asgi import application
from teekond.core import live
from teekond.journeys import services
from teekond.journeys.models import LaneType

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = os.environ.get("TEEKOND_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(params=["memory", "redis"])
def layer(request, settings):
    if request.param == "redis":
        from django.db import connection

        if connection.vendor != "sqlite":
            pytest.skip("the Redis layer runs once, in the SQLite pass (it is database-neutral)")
        if not _redis_up():
            if os.environ.get("CI"):
                pytest.fail("Redis is required in CI (.ci/run starts it)")
            pytest.skip("no Redis on 127.0.0.1:6379")
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [REDIS], "prefix": f"teekond-test-{uuid.uuid4().hex[:8]}"},
            }
        }
    return request.param


@pytest.fixture
def journey(workspace, alice):
    j = services.create_journey(workspace, alice, title="Kohvi tellimine")
    stage = services.add_stage(j, name="Tellimine", structure_version=j.structure_version)
    j.refresh_from_db()
    services.add_step(stage, name="Kassa", structure_version=j.structure_version)
    j.refresh_from_db()
    return j


def cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


class Peer:
    """One websocket client of the application."""

    def __init__(self, path: str, cookie: bytes | None = None, origin=b"http://testserver"):
        headers = [(b"origin", origin)]
        if cookie:
            headers.append((b"cookie", cookie))
        self.ws = WebsocketCommunicator(application, path, headers=headers)
        self.closed_code = None

    async def open(self) -> dict:
        connected, _ = await self.ws.connect()
        assert connected
        return await self.recv()

    async def recv(self, skip=("presence", "cursor"), timeout=3) -> dict:
        while True:
            frame = await self.ws.receive_output(timeout)
            if frame["type"] == "websocket.close":
                self.closed_code = frame.get("code")
                return {"type": "closed", "code": self.closed_code}
            data = json.loads(frame["text"])
            if data["type"] not in skip:
                return data

    async def send(self, message) -> None:
        text = message if isinstance(message, str) else json.dumps(message)
        await self.ws.send_to(text_data=text)

    async def nothing(self, timeout=0.3) -> bool:
        return await self.ws.receive_nothing(timeout)

    async def close(self):
        await self.ws.disconnect()


def path_of(journey, **query) -> str:
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/ws/live/journey/{journey.pk}/" + (f"?{qs}" if qs else "")


def run(coro):
    """Run an async scenario in a thread of its own: once a browser test has run, Playwright's
    sync API keeps an event loop in the main thread, where async_to_sync refuses to run."""
    errors: list[BaseException] = []

    def target():
        try:
            async_to_sync(coro)()
        except BaseException as exc:  # handed to the test's thread below
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def first_cell_target(journey):
    lane = (
        journey.lanes.get(type=LaneType.PAINS)
        if journey.lanes.filter(type=LaneType.PAINS).exists()
        else journey.lanes.first()
    )
    step = journey.steps.first()
    return lane, step


# ---------------------------------------------------------------------------- access


def test_roles_on_connect(journey, alice, bob, charlie, workspace, other_workspace):
    viewer = accounts.create_user(
        username="vera", email="vera@example.com", password="x-Long-pass-91"
    )
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    cookies = {u.username: cookie_for(u) for u in (alice, bob, charlie, viewer)}

    async def scenario():
        for name, can_write in (("alice", True), ("bob", True), ("vera", False)):
            peer = Peer(path_of(journey), cookies[name])
            welcome = await peer.open()
            assert welcome["type"] == "welcome"
            assert welcome["you"]["can_write"] is can_write
            await peer.close()
        for peer in (Peer(path_of(journey), cookies["charlie"]), Peer(path_of(journey))):
            refused = await peer.open()
            assert refused["type"] == "error" and refused["code"] == "refused"
            assert (await peer.recv())["code"] == 4403
        # another site's page may not open a socket with the user's cookie
        foreign = Peer(path_of(journey), cookies["alice"], origin=b"http://evil.example")
        connected, _ = await foreign.ws.connect()
        assert not connected
        unknown = Peer("/ws/live/nosuchkind/1/", cookies["alice"])
        assert (await unknown.open())["code"] == "not_found"

    run(scenario)


def test_edit_reaches_everyone_else(layer, journey, alice, bob):
    lane, step = first_cell_target(journey)
    a, b = cookie_for(alice), cookie_for(bob)

    async def scenario():
        pa, pb = Peer(path_of(journey), a), Peer(path_of(journey), b)
        seq = (await pa.open())["seq"]
        await pb.open()
        await database_sync_to_async(services.upsert_cell)(
            lane, step, None, {"text": "Järjekord on pikk"}, alice
        )
        for peer in (pa, pb):
            frame = await peer.recv()
            assert frame["type"] == "event" and frame["seq"] == seq + 1
            assert frame["event"]["item"] == f"cell:{lane.pk}:{step.pk}"
            assert frame["event"]["version"] == 1
        await pa.close()
        await pb.close()

    run(scenario)


def test_presence_join_here_update_leave(layer, journey, alice, bob):
    lane, step = first_cell_target(journey)
    a, b = cookie_for(alice), cookie_for(bob)

    async def change(peer, what):
        while True:
            frame = await peer.recv(skip=("cursor",))
            assert frame["type"] == "presence", frame
            for item in frame["changes"]:
                if item["what"] in what:
                    return item

    async def scenario():
        pa, pb = Peer(path_of(journey), a), Peer(path_of(journey), b)
        await pa.open()
        await pb.open()
        joined = await change(pa, ("join",))
        assert joined["peer"]["name"] == "bob" and joined["peer"]["can_write"]
        here = await change(pb, ("here", "join"))  # B learns that A is here
        assert here["peer"]["name"] == "alice"
        item = f"cell:{lane.pk}:{step.pk}"
        await pb.send({"type": "presence", "item": item, "editing": True})
        update = await change(pa, ("update",))
        assert update["peer"]["item"] == item and update["peer"]["editing"] is True
        await pb.send({"type": "cursor", "x": 120, "y": 40})
        cursor = await pa.recv(skip=("presence",))
        assert cursor == {"type": "cursor", "conn": joined["peer"]["conn"], "x": 120, "y": 40}
        await pb.close()
        assert (await change(pa, ("leave",)))["peer"]["name"] == "bob"
        await pa.close()

    run(scenario)


def test_reconnect_catches_up(layer, journey, alice, settings):
    lane, step = first_cell_target(journey)
    a = cookie_for(alice)

    async def scenario():
        peer = Peer(path_of(journey), a)
        seq = (await peer.open())["seq"]
        await peer.close()  # the laptop sleeps
        version = None
        for text in ("üks", "kaks", "kolm"):
            cell = await database_sync_to_async(services.upsert_cell)(
                lane, step, version, {"text": text}, alice
            )
            version = cell.version
        back = Peer(path_of(journey, since=seq), a)
        welcome = await back.open()
        assert welcome["seq"] == seq + 3
        got = [await back.recv() for _ in range(3)]
        assert [f["seq"] for f in got] == [seq + 1, seq + 2, seq + 3]
        assert [f["event"]["version"] for f in got] == [1, 2, 3]
        assert (await back.recv())["type"] == "caught_up"
        # asking again in the same connection gives the same events
        await back.send({"type": "catchup", "since": seq + 2})
        assert (await back.recv())["seq"] == seq + 3
        await back.close()

    run(scenario)


def test_too_much_missed_is_a_reset(journey, alice, settings):
    settings.TEEKOND_LIVE_KEEP = 10
    a = cookie_for(alice)
    topic = live.topic_name("journey", journey.pk)
    start = live.current_seq(topic)
    for n in range(60):
        live.store(topic, {"item": f"journey:{journey.pk}", "version": n})

    async def scenario():
        peer = Peer(path_of(journey, since=start), a)
        await peer.open()
        assert (await peer.recv())["type"] == "reset"
        await peer.close()

    run(scenario)
    from teekond.core.models import LiveEvent

    assert LiveEvent.objects.filter(topic=topic).count() < 60  # bounded


def test_rolled_back_change_is_not_published(journey, alice):
    from django.db import transaction

    topic = live.topic_name("journey", journey.pk)
    before = live.current_seq(topic)
    with pytest.raises(RuntimeError), transaction.atomic():
        journey.title = "Never"
        journey.save()
        raise RuntimeError
    assert live.current_seq(topic) == before
    with transaction.atomic():  # several changes of one item in one transaction: one event
        for title in ("A", "B", "C"):
            journey.title = title
            journey.save()
    assert live.current_seq(topic) == before + 1


# ---------------------------------------------------------------------------- rights change


def test_removed_member_is_disconnected_at_once(layer, journey, alice, bob, workspace):
    b = cookie_for(bob)

    async def scenario():
        peer = Peer(path_of(journey), b)
        await peer.open()
        await database_sync_to_async(accounts.set_role)(alice, workspace, bob.pk, Role.VIEWER)
        assert await peer.recv() == {"type": "access", "can_write": False}
        await peer.send({"type": "presence", "item": f"journey:{journey.pk}", "editing": True})
        assert (await peer.recv())["code"] == "forbidden"
        await database_sync_to_async(accounts.remove_member)(alice, workspace, bob.pk)
        assert (await peer.recv())["code"] == "refused"
        assert (await peer.recv())["code"] == 4401

    run(scenario)


def test_share_link_reads_live_until_revoked(layer, journey, alice):
    from teekond.exports import shares

    link = shares.create_link(alice, journey)
    other = services.create_journey(journey.workspace, alice, title="Teine")

    async def scenario():
        wrong = Peer(path_of(other, token=link.token))
        assert (await wrong.open())["code"] == "refused"
        guest = Peer(path_of(journey, token=link.token))
        welcome = await guest.open()
        assert welcome["you"]["can_write"] is False and welcome["you"]["user_id"] is None
        await guest.send({"type": "presence", "item": f"journey:{journey.pk}", "editing": True})
        assert (await guest.recv())["code"] == "forbidden"
        await database_sync_to_async(shares.revoke_link)(alice, journey, link.pk)
        assert (await guest.recv())["code"] == "refused"
        again = Peer(path_of(journey, token=link.token))
        assert (await again.open())["code"] == "refused"

    run(scenario)


# ---------------------------------------------------------------------------- bad input


def test_bad_input_gets_error_frames_and_changes_nothing(journey, alice, charlie, other_workspace):
    lane, step = first_cell_target(journey)
    foreign = services.create_journey(other_workspace, charlie, title="Charlie's")
    foreign_lane = foreign.lanes.first()
    a = cookie_for(alice)
    topic = live.topic_name("journey", journey.pk)
    before = live.current_seq(topic)

    async def scenario():
        peer = Peer(path_of(journey), a)
        await peer.open()
        cases = [
            ("{not json", "invalid_json"),
            ('["a list"]', "invalid"),
            ({"type": "presence", "item": 12}, "invalid"),
            ({"type": "presence", "item": "cell:999999:999999"}, "not_found"),
            ({"type": "presence", "item": f"lane:{foreign_lane.pk}"}, "not_found"),
            ({"type": "presence", "item": f"cell:{foreign_lane.pk}:{step.pk}"}, "not_found"),
            ({"type": "presence", "item": "step:1; DROP TABLE"}, "not_found"),
            ({"type": "cursor", "x": -5, "y": "a"}, "invalid"),
            ({"type": "catchup", "since": "yesterday"}, "invalid"),
            ({"type": "no-such-thing"}, "unknown_type"),
            ({"type": "ping", "ref": "x" * 100}, "invalid"),
            ({"type": "ping", "pad": "x" * 20_000}, "too_large"),
        ]
        for message, code in cases:
            await peer.send(message)
            frame = await peer.recv()
            assert frame["type"] == "error" and frame["code"] == code, (message, frame)
            assert frame["message"]
        await peer.send({"type": "ping", "ref": 7})
        assert await peer.recv() == {"type": "pong", "ref": 7}
        await peer.close()

    run(scenario)
    assert live.current_seq(topic) == before
    assert not journey.cells.exists()


def test_error_frames_speak_estonian(journey, alice):
    alice.language = "et"
    alice.save(update_fields=["language"])
    a = cookie_for(alice)

    async def scenario():
        peer = Peer(path_of(journey), a)
        await peer.open()
        await peer.send("{")
        assert (await peer.recv())["message"] == "Sõnum ei ole korrektne JSON."
        await peer.close()

    run(scenario)


def test_flood_is_rate_limited_then_closed(journey, alice, settings):
    settings.TEEKOND_LIVE_RATE = 5
    settings.TEEKOND_LIVE_BURST = 5
    a = cookie_for(alice)

    async def scenario():
        peer = Peer(path_of(journey), a)
        await peer.open()
        for n in range(200):
            await peer.send({"type": "ping", "ref": n})
        frames = []
        while True:
            frame = await peer.recv()
            frames.append(frame)
            if frame["type"] == "closed":
                break
        pongs = [f for f in frames if f["type"] == "pong"]
        limited = [f for f in frames if f.get("code") == "rate_limited"]
        assert 5 <= len(pongs) < 20  # the burst, and what refilled meanwhile
        assert 1 <= len(limited) < 10  # one error frame a second, not one per message
        assert frames[-1] == {"type": "closed", "code": 4429}

    run(scenario)


# ---------------------------------------------------------------------------- a kind's handlers


def test_kind_handlers_check_rights(journey, alice, workspace):
    viewer = accounts.create_user(
        username="vera", email="vera@example.com", password="x-Long-pass-91"
    )
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    seen = []

    def rename(access, object_id, message):
        from teekond.core.errors import Invalid

        title = message.get("title")
        if not isinstance(title, str) or not 0 < len(title) <= 200:
            raise Invalid("A title is 1 to 200 characters.", details={"field": "title"})
        seen.append((access.user_id, object_id, title))
        return {"type": "renamed", "title": title}

    kind = live.get_kind("journey")
    kind.handlers["rename"] = live.Handler(rename, write=True)
    kind.handlers["whoami"] = live.Handler(
        lambda access, oid, m: {"type": "me", "name": access.name}, write=False
    )
    a, v = cookie_for(alice), cookie_for(viewer)
    try:

        async def scenario():
            pa, pv = Peer(path_of(journey), a), Peer(path_of(journey), v)
            await pa.open()
            await pv.open()
            await pv.send({"type": "rename", "title": "Viewer's", "ref": 1})
            assert (await pv.recv())["code"] == "forbidden"
            await pv.send({"type": "whoami", "ref": 2})
            assert await pv.recv() == {"type": "me", "name": "vera", "ref": 2}
            await pa.send({"type": "rename", "title": "", "ref": 3})
            error = await pa.recv()
            assert error["code"] == "invalid" and error["details"] == {"field": "title"}
            await pa.send({"type": "rename", "title": "Uus", "ref": 4})
            assert await pa.recv() == {"type": "renamed", "title": "Uus", "ref": 4}
            await pa.close()
            await pv.close()

        run(scenario)
    finally:
        kind.handlers.pop("rename")
        kind.handlers.pop("whoami")
    assert seen == [(alice.pk, journey.pk, "Uus")]


def test_publish_checks_its_topic():
    with pytest.raises(ValueError):
        live.publish("journey 1; drop", {})
    with pytest.raises(ValueError):
        live.recheck("no spaces allowed")
    asyncio.get_event_loop_policy()  # the module imports cleanly without a running loop

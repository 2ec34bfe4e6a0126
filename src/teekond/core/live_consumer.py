"""The websocket consumer of ``/ws/live/<kind>/<id>/`` (``teekond.core.live``, docs/live.md).

Each connection is authorized by its topic kind on connect, before every message it sends and
whenever one of its access keys is rechecked; a refused one gets an error frame and is
closed. Messages are bounded in size and rate; bad ones get an error frame and change
nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from teekond.core import live
from teekond.core.errors import Forbidden, NotFound, TeekondError

# Close codes (4000-4999 are the application's): refused on connect or later, flooding.
CLOSE_REFUSED = 4403
CLOSE_REVOKED = 4401
CLOSE_FLOOD = 4429
MAX_ITEM = 80
MAX_COORD = 100_000
# Presence changes reach a client at most this often, several in one frame: with N people
# joining, N x N single frames would swamp the server (bench/workshop_broadcast.py).
PRESENCE_FLUSH_SECONDS = 0.2
# Who is on each topic through this process: a joiner gets them at once, and only the
# sockets of other processes (Redis layer) answer its join with "here".
PROCESS = secrets.token_hex(6)
ROSTER: dict[str, dict[str, dict]] = {}
COLOURS = ("#0a6e67", "#2f6f8f", "#6f4f9f", "#b0562b", "#8f2f4f", "#4f7f2f", "#8f7f2f", "#3b5bdb")


def _error_text(code: str) -> str:
    texts = {
        "invalid_json": _("The message is not valid JSON."),
        "invalid": _("The message is not valid."),
        "too_large": _("The message is too large."),
        "rate_limited": _("Too many messages: slow down."),
        "unknown_type": _("This kind of message is not known here."),
        "forbidden": _("Your role does not allow changing this map."),
        "not_found": _("That item is not on this map."),
        "refused": _("You may not follow this map (any more)."),
    }
    return texts.get(code, _("The message could not be handled."))


def initials(name: str) -> str:
    parts = [p for p in name.replace(".", " ").replace("_", " ").split() if p]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


class TokenBucket:
    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class LiveConsumer(AsyncWebsocketConsumer):
    access: live.Access | None = None  # None: not (or no longer) authorized
    shown: live.Access | None = None  # the access the others last saw (presence)
    joined = False
    pending_presence: dict[str, dict] | None = None  # changes waiting for the next flush

    # ------------------------------------------------------------------ connecting

    async def connect(self):
        route = self.scope["url_route"]["kwargs"]
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.kind = live.get_kind(route.get("kind", ""))
        self.object_id = int(route.get("object_id", "0"))
        self.token = (query.get("token") or [""])[0][:64]
        self.language = self._language()
        self.conn = secrets.token_hex(4)
        self.item: str | None = None
        self.editing = False
        self.bucket = TokenBucket(settings.TEEKOND_LIVE_RATE, settings.TEEKOND_LIVE_BURST)
        self.dropped = 0
        self.last_limit_error = 0.0
        self.groups_joined: list[str] = []
        await self.accept()
        if self.kind is None:
            return await self._refuse("not_found")
        access = await self._authorize()
        if access is None:
            return await self._refuse("refused")
        self.access = self.shown = access
        self.topic = live.topic_name(self.kind.name, self.object_id)
        for group in [live.group_for_topic(self.topic)] + [
            live.group_for_key(k) for k in access.keys
        ]:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        seq = await database_sync_to_async(live.current_seq)(self.topic)
        await self._send({"type": "welcome", "seq": seq, "you": self._me()})
        since = (query.get("since") or [""])[0]
        if since.isdigit():
            await self._catch_up(int(since))
        local = [p for c, p in ROSTER.get(self.topic, {}).items() if c != self.conn]
        if local:
            await self._send(
                {"type": "presence", "changes": [{"what": "here", "peer": p} for p in local]}
            )
        await self._announce("join")
        self.joined = True

    def _language(self) -> str:
        languages = dict(settings.LANGUAGES)
        for name, value in self.scope.get("headers", []):
            if name == b"cookie":
                cookie = SimpleCookie()
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:  # noqa: BLE001, S112 - a broken cookie header: the default
                    continue
                morsel = cookie.get(settings.LANGUAGE_COOKIE_NAME)
                if morsel and morsel.value in languages:
                    return morsel.value
        user = self.scope.get("user")
        if getattr(user, "is_authenticated", False) and getattr(user, "language", "") in languages:
            return user.language
        return settings.LANGUAGE_CODE

    async def _authorize(self) -> live.Access | None:
        assert self.kind is not None
        user = self.scope.get("user")
        try:
            return await database_sync_to_async(self.kind.authorize)(
                user, self.token, self.object_id
            )
        except (NotFound, Forbidden):
            return None

    async def _refuse(self, code: str, close_code: int = CLOSE_REFUSED) -> None:
        self.access = None
        if self.joined:
            self.joined = False
            await self._announce("leave")
        await self._error(code)
        await self.close(code=close_code)

    def _me(self) -> dict:
        access = self.access or self.shown
        assert access is not None
        user_id = access.user_id
        colour = COLOURS[(user_id if user_id is not None else int(self.conn, 16)) % len(COLOURS)]
        return {
            "conn": self.conn,
            "user_id": user_id,
            "name": access.name,
            "initials": initials(access.name),
            "colour": colour,
            "can_write": bool(self.access and self.access.can_write),
            "item": self.item,
            "editing": self.editing,
        }

    async def disconnect(self, code):
        if self.joined:
            self.joined = False
            await self._announce("leave")
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    # ------------------------------------------------------------------ sending

    async def _send(self, message: dict) -> None:
        await self.send(text_data=json.dumps(message, ensure_ascii=False, default=str))

    async def _error(self, code: str, ref=None, details=None, message: str | None = None):
        with translation.override(self.language):
            text = message or _error_text(code)
        frame = {"type": "error", "code": code, "message": text}
        if ref is not None:
            frame["ref"] = ref
        if details is not None:
            frame["details"] = details
        await self._send(frame)

    async def _announce(self, what: str, to: str | None = None) -> None:
        me = self._me()
        roster = ROSTER.setdefault(self.topic, {})
        if what == "leave":
            roster.pop(self.conn, None)
            if not roster:
                ROSTER.pop(self.topic, None)
        else:
            roster[self.conn] = me
        message = {
            "type": "live.presence",
            "what": what,
            "peer": me,
            "reply_to": "",
            "process": PROCESS,
        }
        if to:
            await self.channel_layer.send(to, message)
        else:
            message["reply_to"] = self.channel_name
            await self.channel_layer.group_send(live.group_for_topic(self.topic), message)

    async def _catch_up(self, since: int) -> None:
        events = await database_sync_to_async(live.events_since)(self.topic, since)
        if events is None:
            seq = await database_sync_to_async(live.current_seq)(self.topic)
            await self._send({"type": "reset", "seq": seq})
            return
        for event in events:
            await self._send(event)
        await self._send({"type": "caught_up", "since": since, "count": len(events)})

    # ------------------------------------------------------------------ receiving

    async def receive(self, text_data=None, bytes_data=None):
        if self.access is None:
            return
        raw = text_data if text_data is not None else bytes_data or b""
        size = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
        if not self.bucket.take():
            return await self._limited()
        self.dropped = 0
        if size > settings.TEEKOND_LIVE_MAX_MESSAGE:
            return await self._error(
                "too_large", details={"max_bytes": settings.TEEKOND_LIVE_MAX_MESSAGE}
            )
        try:
            message = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return await self._error("invalid_json")
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            return await self._error("invalid")
        ref = message.get("ref")
        if ref is not None and not (isinstance(ref, (int, str)) and len(str(ref)) <= 40):
            return await self._error("invalid")
        # Rights can change at any time: every message is authorized again.
        access = await self._authorize()
        if access is None:
            return await self._refuse("refused", CLOSE_REVOKED)
        self.access = self.shown = access
        kind = message["type"]
        if kind == "ping":
            return await self._send({"type": "pong", "ref": ref})
        if kind == "catchup":
            since = message.get("since")
            if not isinstance(since, int) or isinstance(since, bool) or since < 0:
                return await self._error("invalid", ref)
            return await self._catch_up(since)
        if kind == "presence":
            return await self._presence(message, ref)
        if kind == "cursor":
            return await self._cursor(message, ref)
        assert self.kind is not None
        handler = self.kind.handlers.get(kind)
        if handler is None:
            return await self._error("unknown_type", ref)
        if handler.write and not access.can_write:
            return await self._error("forbidden", ref)
        try:
            with translation.override(self.language):
                reply = await database_sync_to_async(handler.run)(access, self.object_id, message)
        except TeekondError as exc:
            return await self._error(exc.code, ref, exc.details, exc.message)
        if reply is not None:
            await self._send({**reply, "ref": ref})

    async def _limited(self) -> None:
        self.dropped += 1
        if self.dropped > 10 * settings.TEEKOND_LIVE_BURST:
            return await self._refuse("rate_limited", CLOSE_FLOOD)
        now = time.monotonic()
        if now - self.last_limit_error >= 1:  # one error frame a second, not one per message
            self.last_limit_error = now
            await self._error("rate_limited")

    async def _presence(self, message: dict, ref) -> None:
        item = message.get("item")
        editing = message.get("editing", False)
        if item is not None and not (isinstance(item, str) and 0 < len(item) <= MAX_ITEM):
            return await self._error("invalid", ref)
        if not isinstance(editing, bool):
            return await self._error("invalid", ref)
        assert self.access is not None and self.kind is not None
        if editing and not self.access.can_write:
            return await self._error("forbidden", ref)
        if item is not None and self.kind.check_item is not None:
            try:
                item = await database_sync_to_async(self.kind.check_item)(
                    self.access, self.object_id, item
                )
            except TeekondError as exc:
                return await self._error(exc.code, ref, message=None)
        self.item, self.editing = item, bool(editing and item)
        await self._announce("update")

    async def _cursor(self, message: dict, ref) -> None:
        x, y = message.get("x"), message.get("y")
        valid = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= MAX_COORD
            for v in (x, y)
        )
        if not valid:
            return await self._error("invalid", ref)
        await self.channel_layer.group_send(
            live.group_for_topic(self.topic),
            {"type": "live.cursor", "conn": self.conn, "x": x, "y": y},
        )

    # ------------------------------------------------------------------ from the layer

    async def live_event(self, message):
        await self._send({"type": "event", "seq": message["seq"], "event": message["event"]})

    async def live_presence(self, message):
        peer = message["peer"]
        if peer["conn"] == self.conn or self.access is None:
            return
        pending = self.pending_presence
        if pending is None:
            pending = self.pending_presence = {}
            asyncio.get_running_loop().call_later(
                PRESENCE_FLUSH_SECONDS, lambda: asyncio.ensure_future(self._flush_presence())
            )
        pending[peer["conn"]] = {"what": message["what"], "peer": peer}
        remote = message.get("process") != PROCESS
        if message["what"] == "join" and message.get("reply_to") and remote:
            await self._announce("here", to=message["reply_to"])

    async def _flush_presence(self) -> None:
        pending, self.pending_presence = self.pending_presence, None
        if pending and self.access is not None:
            with contextlib.suppress(Exception):  # the socket closed meanwhile
                await self._send({"type": "presence", "changes": list(pending.values())})

    async def live_cursor(self, message):
        if message["conn"] != self.conn and self.access is not None:
            await self._send(
                {"type": "cursor", "conn": message["conn"], "x": message["x"], "y": message["y"]}
            )

    async def live_recheck(self, message):
        if self.access is None:
            return
        access = await self._authorize()
        if access is None:
            return await self._refuse("refused", CLOSE_REVOKED)
        changed = access.can_write != self.access.can_write
        self.access = self.shown = access
        if changed:
            if not access.can_write:
                self.editing = False
            await self._send({"type": "access", "can_write": access.can_write})
            await self._announce("update")

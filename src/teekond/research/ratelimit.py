"""Fixed-window counters for the public survey's limits (per client address and survey, per
survey, per idempotency key), in one of three stores (``TEEKOND_RATE_LIMIT_STORE``):

- ``redis``: one Redis at ``TEEKOND_REDIS_URL``, shared by every web process and machine; all
  of an answer's counters in one round trip (a Lua script, so it stays one step);
- ``database``: a row per counter in ``research_ratecounter``, one UPSERT per counter, shared
  by every web process on the same database (``teekond serve --workers N`` picks it when
  there is no Redis);
- ``memory`` (with one web process, the default): a dictionary in this process, at most
  ``MAX_MEMORY`` counters, the least recently moved dropped first;
- ``cache``: Django's cache (shared when the cache is).

The counters are checked in order and counting stops at the first one over its limit, so a
refused answer does not use up the later (wider) limits.
"""

from __future__ import annotations

import random
import threading
import time
from collections import OrderedDict
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache

Check = tuple[str, int, int]  # (counter name, limit, window in seconds)
MAX_NAME = 200
STORES = ("memory", "cache", "database", "redis")
MAX_MEMORY = 100_000

UPSERT = (
    "INSERT INTO research_ratecounter (name, count, expires) VALUES (%s, 1, %s) "
    "ON CONFLICT (name) DO UPDATE SET "
    "count = CASE WHEN research_ratecounter.expires <= %s THEN 1 "
    "ELSE research_ratecounter.count + 1 END, "
    "expires = CASE WHEN research_ratecounter.expires <= %s THEN excluded.expires "
    "ELSE research_ratecounter.expires END "
    "RETURNING count"
)
PURGE = "DELETE FROM research_ratecounter WHERE expires <= %s"
PURGE_EVERY = 1000  # on average, one UPSERT in this many also deletes the expired rows

LUA = """
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[2 * i]) end
  if n > tonumber(ARGV[2 * i - 1]) then return 0 end
end
return 1
"""


def store() -> str:
    chosen = getattr(settings, "TEEKOND_RATE_LIMIT_STORE", "") or "memory"
    if chosen not in STORES:
        raise ValueError(f"TEEKOND_RATE_LIMIT_STORE is {chosen!r}; use one of {STORES}")
    return chosen


def allow(checks: list[Check], cursor=None, placeholder: str = "%s") -> bool:
    """Count one more event on each counter in turn; False at the first over its limit.

    ``cursor`` (with its DB-API ``placeholder``) is for the database store: a cursor of the
    caller's own connection (the survey's ASGI path has one); else Django's connection."""
    checks = [(name[:MAX_NAME], limit, window) for name, limit, window in checks]
    chosen = store()
    if chosen == "redis":
        return _allow_redis(checks)
    if chosen == "database":
        if cursor is not None:
            return _allow_database(checks, cursor, placeholder)
        from django.db import connection

        with connection.cursor() as django_cursor:
            return _allow_database(checks, django_cursor, "%s")
    if chosen == "memory":
        return _allow_memory(checks)
    return all(_allow_cache(*check) for check in checks)


_memory: OrderedDict[str, list] = OrderedDict()  # name -> [count, window end]
_memory_lock = threading.Lock()  # the view runs in threads, the ASGI path in the loop


def _allow_memory(checks: list[Check]) -> bool:
    now = time.monotonic()
    with _memory_lock:
        for name, limit, window in checks:
            entry = _memory.get(name)
            if entry is None or entry[1] <= now:
                entry = _memory[name] = [0, now + window]
            _memory.move_to_end(name)
            entry[0] += 1
            if len(_memory) > MAX_MEMORY:
                _memory.popitem(last=False)
            if entry[0] > limit:
                return False
    return True


def clear_memory() -> None:
    with _memory_lock:
        _memory.clear()


def _allow_cache(key: str, limit: int, window: int) -> bool:
    if cache.add(key, 1, window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return limit >= 1
    return count <= limit


def _allow_database(checks: list[Check], cursor, placeholder: str) -> bool:
    upsert, purge = UPSERT, PURGE
    if placeholder != "%s":
        upsert, purge = upsert.replace("%s", placeholder), purge.replace("%s", placeholder)
    now = time.time()
    if random.randrange(PURGE_EVERY) == 0:
        cursor.execute(purge, [now])
    for name, limit, window in checks:
        cursor.execute(upsert, [name, now + window, now, now])
        (count,) = cursor.fetchone()
        if count > limit:
            return False
    return True


@lru_cache(maxsize=4)
def _redis(url: str):
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return client, client.register_script(LUA)


def _allow_redis(checks: list[Check]) -> bool:
    _client, script = _redis(settings.TEEKOND_REDIS_URL)
    prefix = getattr(settings, "TEEKOND_REDIS_PREFIX", "teekond:")
    keys = [f"{prefix}rate:{name}" for name, _limit, _window in checks]
    args = [v for _name, limit, window in checks for v in (limit, window)]
    return bool(script(keys=keys, args=args))

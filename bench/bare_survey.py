"""The peer of ``survey_load.py``: a bare ASGI endpoint that stores the same answer row in
the same database, with nothing else: no framework, no token, no rate limit, no template.
It is the floor: what taking a form POST and one INSERT costs on this machine.

    DATABASE_URL=... uvicorn --app-dir bench bare_survey:app
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from urllib.parse import parse_qs

SURVEYS: dict[str, tuple[int, int, int]] = {}  # token -> (workspace, journey, step)
_conn = None
INSERT = (
    "INSERT INTO research_response (workspace_id, journey_id, step_id, respondent, nps, csat, "
    "comment, complaint, emotions, emotion, language, answered_at, created_at, source, "
    "idempotency_key) VALUES ({p}, {p}, {p}, '', {p}, {p}, {p}, {f}, '[]', '', {p}, {p}, {p}, "
    "'web', {p}) ON CONFLICT DO NOTHING"
)


def _connect():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        conn = psycopg.connect(url, autocommit=True)
        sql = INSERT.format(p="%s", f="false")
    else:
        path = os.path.join(os.environ["TEEKOND_DATA_DIR"], "teekond.sqlite3")
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=5000")
        sql = INSERT.format(p="?", f="0")
    rows = conn.execute(
        "SELECT token, workspace_id, journey_id, step_id FROM research_surveyconfig"
    ).fetchall()
    SURVEYS.update({t: (w, j, s) for t, w, j, s in rows})
    return conn, sql


async def app(scope, receive, send):
    global _conn
    if scope["type"] != "http":
        return
    if _conn is None:
        _conn = _connect()
    conn, sql = _conn
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    token = scope["path"].strip("/").split("/")[-1]
    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    ids = SURVEYS.get(token)
    status, text = 404, b"no such survey"
    if ids and scope["method"] == "POST" and form.get("key"):
        now = dt.datetime.now(dt.UTC).isoformat()
        conn.execute(
            sql,
            (
                *ids,
                int(form["nps"]) if form.get("nps") else None,
                int(form["csat"]) if form.get("csat") else None,
                form.get("comment", ""),
                form.get("lang", ""),
                now,
                now,
                form["key"],
            ),
        )
        status, text = 200, json.dumps({"stored": form["key"]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": text})

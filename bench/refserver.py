"""The reference server: a member's agenda from one hand-written SQL query, in a bare WSGI app.

    REF_DATABASE=bench/out/sqlite/followthrough.sqlite3 gunicorn bench.refserver:application
    REF_DATABASE=postgres://postgres@127.0.0.1:5432/ft_scale gunicorn bench.refserver:application

What the product's figures are measured against (issue 17): the same rows as `GET /api/agenda`
and Today, read by `bench.agenda_sql.SQL` (written apart from the app's placements), with no
Django — no middleware, no session, no ORM, no schema, no template:

- `GET /agenda.json?member=ID` — the whole list (as the API), as JSON (orjson): each item's key,
  urgency, time in the member's zone, contact code and name, and its main text;
- `GET /agenda.json?member=ID&limit=N` — its first N items;
- `GET /agenda.html?member=ID` — the page's rows (its first 50 and a probe for "more") as an
  HTML list, every text escaped;
- `GET /healthz` — "ok", nothing read.

One database connection per worker process, opened on first use and kept (the product keeps
its own for CONN_MAX_AGE); on PostgreSQL the query is prepared with a generic plan, as the app
prepares its own. The window follows `agenda.due.default_until` (the end of the member's working
day in their zone, at least four hours); the constants the product uses come in REF_CONFIG (a
JSON object written by `bench.bench_api`), with the product's values as defaults.
"""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import orjson

from bench.agenda_sql import SQL

StartResponse = Callable[[str, list[tuple[str, str]]], object]

CONFIG: dict[str, Any] = {
    "due_now_seconds": 2 * 3600,  # agenda.due.DUE_NOW_WITHIN
    "lookback_seconds": 30 * 86400,  # agenda.providers.NO_SHOW_LOOKBACK
    "cold_seconds": 7 * 86400,  # plans.suggest.COLD_WINDOW
    "page_limit": 51,  # agenda.views.PAGE_LIMIT + 1
    "whole_limit": 1000,  # agenda.due.WHOLE_LIST_CAP
    **json.loads(os.environ.get("REF_CONFIG", "{}")),
}


class Database:
    """One connection, the query in the driver's parameter style, datetimes adapted."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.postgres = where.startswith(("postgres://", "postgresql://"))
        collate = ' COLLATE "C"' if self.postgres else ""
        sql = SQL.format(collate=collate)
        if not self.postgres:  # sqlite3 takes :name, and % needs no escaping
            sql = re.sub(r"%\((\w+)\)s", r":\1", sql).replace("%%", "%")
        self.sql = sql
        self.conn: Any = None
        self.members: dict[int, tuple[ZoneInfo, dtime]] = {}

    def connect(self) -> Any:
        if self.conn is None:
            if self.postgres:
                import psycopg

                self.conn = psycopg.connect(
                    self.where, autocommit=True, options="-c plan_cache_mode=force_generic_plan"
                )
            else:
                self.conn = sqlite3.connect(self.where, check_same_thread=False)
                self.conn.execute("PRAGMA query_only = 1")
        return self.conn

    def at(self, value: datetime) -> object:
        if self.postgres:
            return value
        return str(value.astimezone(UTC).replace(tzinfo=None))  # as Django stores it

    def member(self, member_id: int) -> tuple[ZoneInfo, dtime]:
        """The member's zone and end of working day (read once per process)."""
        if member_id not in self.members:
            q = "SELECT timezone, work_end FROM workspaces_member WHERE id = " + (
                "%s" if self.postgres else "?"
            )
            row = self.connect().execute(q, (member_id,)).fetchone()
            if row is None:
                raise LookupError(member_id)
            end = row[1] if isinstance(row[1], dtime) else dtime.fromisoformat(row[1])
            self.members[member_id] = (ZoneInfo(row[0]), end)
        return self.members[member_id]

    def agenda(self, member_id: int, *, limit: int, now: datetime) -> tuple[ZoneInfo, list[Any]]:
        zone, work_end = self.member(member_id)
        local = now.astimezone(zone)
        end = max(work_end, dtime(17, 0))
        until = max(
            local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0),
            now + timedelta(hours=4),
        )
        params = {
            "member": member_id,
            "now": self.at(now),
            "due_now": self.at(now + timedelta(seconds=CONFIG["due_now_seconds"])),
            "until": self.at(until),
            "lookback": self.at(now - timedelta(seconds=CONFIG["lookback_seconds"])),
            "cold": self.at(now - timedelta(seconds=CONFIG["cold_seconds"])),
            "limit": limit,
        }
        conn = self.connect()
        if self.postgres:
            rows = conn.execute(self.sql, params, prepare=True).fetchall()
        else:
            rows = conn.execute(self.sql, params).fetchall()
        return zone, rows


def _name(first: str | None, last: str | None, email: str | None, phone: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or email or phone or ""


def _local(value: datetime | str, zone: ZoneInfo) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone).isoformat()


def items(rows: Iterable[Any], zone: ZoneInfo) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "urgency": urgency,
            "at": _local(at, zone),
            "contact": code or "",
            "contact_name": _name(first, last, email, phone),
            "what": what or "",
        }
        for key, urgency, at, code, first, last, email, phone, what in rows
    ]


def render_json(db: Database, member_id: int, limit: int) -> bytes:
    now = datetime.now(UTC)
    zone, rows = db.agenda(member_id, limit=limit, now=now)
    return orjson.dumps(
        {"member": member_id, "now": now.astimezone(zone).isoformat(), "items": items(rows, zone)}
    )


def render_html(db: Database, member_id: int) -> bytes:
    now = datetime.now(UTC)
    zone, rows = db.agenda(member_id, limit=CONFIG["page_limit"], now=now)
    shown = items(rows, zone)
    more = len(shown) >= CONFIG["page_limit"]
    e = html.escape
    lis = "".join(
        f'<li class="u{i["urgency"]}" id="{e(i["key"])}"><time datetime="{i["at"]}">'
        f'{i["at"][11:16]}</time> <a href="/contacts/{e(i["contact"])}">'
        f"{e(i['contact_name'])}</a> <span>{e(i['what'])}</span></li>"
        for i in shown[: CONFIG["page_limit"] - 1]
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Today</title></head>'
        f"<body><h1>Today</h1><ol>{lis}</ol>"
        f"{'<a href=?all=1>Show everything</a>' if more else ''}</body></html>"
    )
    return page.encode()


_DB: Database | None = None


def database() -> Database:
    global _DB
    if _DB is None:
        _DB = Database(os.environ["REF_DATABASE"])
    return _DB


def application(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    path = environ.get("PATH_INFO", "")
    query = parse_qs(environ.get("QUERY_STRING", ""))
    try:
        if path == "/healthz":
            body, kind = b"ok", "text/plain"
        else:
            member_id = int(query["member"][0])
            if path == "/agenda.json":
                limit = int(query.get("limit", [CONFIG["whole_limit"]])[0])
                body, kind = render_json(database(), member_id, limit), "application/json"
            elif path == "/agenda.html":
                body, kind = render_html(database(), member_id), "text/html; charset=utf-8"
            else:
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"not found"]
    except (KeyError, ValueError, LookupError):
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"?member=ID is required"]
    start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
    return [body]

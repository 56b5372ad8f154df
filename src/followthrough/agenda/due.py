"""The one definition of "what is due": what a member owes whom, most urgent first.

Today (web), `GET /api/agenda`, `followthrough agenda` and the ICS feed all call
`agenda_for`. Each kind of item comes from a *provider* that reads the stored state it needs.
Apps register their providers in `AppConfig.ready`::

    register_provider("promises", PROMISES)

so a new kind of item (bad news to tell, follow-up touches, case acknowledgments…) is one
provider, and the page, API, CLI and feed show it without changes.

The built-in kinds are `Placement`s: each is one SQL SELECT that places its
items (key, urgency, time, the id of its row) from stored state, a `detail` subquery that
reads what an item shows, and a `build` that words it. `agenda_for` joins every placement
into one query — UNION ALL, snoozes left out, ordered and cut in the database, then the
details of the rows kept — and words only those: the whole list is one (prepared) query
(docs/decisions/0005-one-query-places-the-agenda.md).

A provider can also be a plain function of an `AgendaContext` returning `AgendaItem`s, or
`Deferred` items (the place in the list, and a function that builds the item only if it
makes the cut); `agenda_for` merges those with the placed head in Python.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.urls import get_script_prefix, reverse

from followthrough.workspaces.models import Member


class Urgency(IntEnum):
    """Tiers, most urgent first; within a tier, items sort by their time (`at`)."""

    BROKEN = 0  # a promise of ours broken and not yet dealt with
    DUE_NOW = 1  # a promise of ours due within the next two hours
    WAITING = 2  # someone waits on us: a reply, a call-back, a missed meeting
    CHASE = 3  # a promise of theirs that slipped: chase politely
    LATER = 4  # due later in the window


URGENCY_LABELS = {
    Urgency.BROKEN: "Broken — deal with it now",
    Urgency.DUE_NOW: "Due in the next hours",
    Urgency.WAITING: "Waiting on you",
    Urgency.CHASE: "Chase politely",
    Urgency.LATER: "Later today",
}

DUE_NOW_WITHIN = timedelta(hours=2)


@dataclass(frozen=True)
class Field:
    """An input an action needs (e.g. the new due time of a renegotiation)."""

    name: str
    label: str
    kind: str = "text"  # text | select | checkbox | hidden
    placeholder: str = ""
    value: str = ""
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Action:
    """Something the member can do to an item. `url` is the web endpoint (POST, or GET for
    links); `api` the REST endpoint doing the same, when there is one."""

    name: str
    label: str
    url: str
    method: str = "post"
    api: str = ""
    fields: tuple[Field, ...] = ()

    @property
    def needs_input(self) -> bool:
        """Whether the member must type or tick something first (a new time, a confirmation)."""
        return any(f.kind in ("text", "checkbox") for f in self.fields)


@dataclass(frozen=True)
class AgendaItem:
    key: str  # stable across reads: "<kind of row>:<code>" (snoozes and ICS UIDs use it)
    kind: str  # promise_broken, promise_due, reply_owed, callback, no_show, theirs_slipped…
    urgency: Urgency
    at: datetime  # the time that orders it in its tier (due time, waiting since…)
    title: str
    why: str  # one sentence: why this is on the list
    contact_code: str
    contact_name: str
    actions: tuple[Action, ...]  # the first is the one action that clears it
    due_at: datetime | None = None  # a timed item: shown at this time in calendars
    ref: str = ""  # the code of the underlying row (promise, interaction…)
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[int, datetime, str]:
        return (int(self.urgency), self.at, self.key)

    @property
    def action(self) -> Action:
        return self.actions[0]

    @property
    def urgency_label(self) -> str:
        return URGENCY_LABELS[self.urgency]


@dataclass(frozen=True)
class AgendaContext:
    member: Member
    now: datetime
    until: datetime  # the end of the window: items due after it are not on the list
    # Only the first `limit` items of the whole list are wanted (the page shows the most
    # urgent first). A provider whose items share one urgency may read just `cap(n)` rows.
    limit: int | None = None

    def cap(self, default: int) -> int:
        return default if self.limit is None else min(default, self.limit)


@dataclass(frozen=True, slots=True)
class Deferred:
    """An item whose place in the list is known and whose wording is not built yet.
    `build()` must return the item with this same key, urgency and time."""

    urgency: Urgency
    at: datetime
    key: str
    build: Callable[[], AgendaItem]

    @property
    def sort_key(self) -> tuple[int, datetime, str]:
        return (int(self.urgency), self.at, self.key)


SNOOZE_CHOICES = (("1h", "for an hour"), ("3h", "for 3 hours"), ("tomorrow", "until tomorrow"))
_SNOOZE_FOR = Field("for", "Snooze", kind="select", choices=SNOOZE_CHOICES)


def snooze_action(key: str, label: str = "Snooze") -> Action:
    """Hide the item `key` for a while (every kind of item offers it)."""
    return Action(
        "snooze",
        label,
        url("agenda_snooze"),
        fields=(Field("key", "", kind="hidden", value=key), _SNOOZE_FOR),
    )


def open_contact_action(contact_code: str) -> Action:
    """Go to the contact's page (a link, not a form)."""
    return Action("open", "Open", url("contacts:detail", contact_code), method="get")


def url(name: str, code: str = "") -> str:
    """`reverse(name, args=[code])`, from a cached pattern: an agenda builds hundreds of links."""
    prefix = _PREFIX.get() or get_script_prefix()  # read once per agenda (a thread-local)
    pattern = _pattern(name, bool(code), prefix)
    return pattern.replace(_SLOT, code) if code else pattern


_SLOT = "zzslotzz"
_PREFIX: ContextVar[str] = ContextVar("agenda_script_prefix", default="")


@lru_cache(maxsize=256)
def _pattern(name: str, with_code: bool, prefix: str) -> str:
    return reverse(name, args=[_SLOT]) if with_code else reverse(name)


@dataclass(frozen=True, slots=True)
class Place:
    """Where one item of a `Placement` stands in the list, as its query read it."""

    provider: str
    key: str
    urgency: Urgency
    at: datetime
    ref: int  # the id of the row the item is about
    data: Mapping[str, Any] = field(default_factory=dict)  # what its `detail` read

    @property
    def sort_key(self) -> tuple[int, datetime, str]:
        return (int(self.urgency), self.at, self.key)


PlaceBuilder = Callable[["AgendaContext", Sequence[Place]], Iterable[AgendaItem]]
PlaceParams = Callable[["AgendaContext"], Mapping[str, object]]


def _no_params(ctx: AgendaContext) -> Mapping[str, object]:
    return {}


@dataclass(frozen=True)
class Placement:
    """A kind of item placed by SQL.

    `sql` is one SELECT of four columns — `akey` (text), `urgency` (an `Urgency`),
    `placed_at` (a timestamp), `ref` (an integer id) — that may use the named parameters
    %(member)s, %(workspace)s, %(now)s, %(until)s and %(due_now)s, plus those `params`
    returns (datetimes are adapted for the database).

    `detail`, if given, is a scalar subquery run only for the rows that make the list; it
    reads `head.ref` (and `head.akey`) and returns one JSON object built with SQLite's
    `json_object(...)` and `json_group_array(...)` (PostgreSQL is given `json_build_object`
    and `json_agg`). Timestamps in it are read back with `db_time`, dates with `db_date`.

    `build` words the places that made the list (their `data` is what `detail` read) and
    returns their items, each with the key, urgency and time of its place.

    `timed`: its items carry a due time (`AgendaItem.due_at`), so calendars show them."""

    sql: str
    build: PlaceBuilder
    params: PlaceParams = _no_params
    detail: str = ""
    timed: bool = False


Provider = Callable[[AgendaContext], Iterable[AgendaItem | Deferred]]
_PROVIDERS: dict[str, Provider | Placement] = {}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# The whole list (API, CLI, ICS, "show everything") stops here: nobody works a longer day.
WHOLE_LIST_CAP = 1000


def register_provider(name: str, provider: Provider | Placement) -> None:
    """Add (or replace) a kind of item on everyone's agenda."""
    if not _NAME.match(name):
        raise ValueError(f"An agenda provider's name must be a lowercase identifier: {name!r}")
    _PROVIDERS[name] = provider
    _union_sql.cache_clear()


def providers() -> dict[str, Provider | Placement]:
    return dict(_PROVIDERS)


def timed_providers() -> set[str]:
    """The providers whose items can carry a due time: the timed placements, and every plain
    function provider (its items say so one by one)."""
    return {n for n, p in _PROVIDERS.items() if not isinstance(p, Placement) or p.timed}


def default_until(
    member: Member, now: datetime, *, at_least: timedelta = timedelta(hours=4)
) -> datetime:
    """The end of the member's working day (local time), and never less than a few hours."""
    local = now.astimezone(ZoneInfo(member.timezone))
    end = max(member.work_end, time(17, 0))
    end_of_day = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return max(end_of_day, now + at_least)


class Agenda(list[AgendaItem]):
    """The items of a member's list (or its head), and `total`: how many items the whole
    list holds, counted by the same query that cut the head (Today's "50 of N")."""

    def __init__(self, items: Iterable[AgendaItem] = (), total: int = 0) -> None:
        super().__init__(items)
        self.total = max(total, len(self))


def agenda_for(
    member: Member,
    *,
    now: datetime,
    horizon: timedelta | None = None,
    limit: int | None = None,
    only: Collection[str] | None = None,
) -> Agenda:
    """Everything `member` owes whom, most urgent first, due before now + horizon
    (default: the end of their working day). Snoozed items are left out until their time.
    With `limit`, only the first `limit` items (exactly those of the whole list); with
    `only`, only the items of those providers (by name). `.total` counts the whole list."""
    until = now + horizon if horizon is not None else default_until(member, now)
    wanted = WHOLE_LIST_CAP if limit is None else max(min(limit, WHOLE_LIST_CAP), 0)
    ctx = AgendaContext(member=member, now=now, until=until, limit=limit)
    chosen = {n: p for n, p in _PROVIDERS.items() if only is None or n in only}
    placed, total = placed_head(ctx, limit=wanted, only=chosen)
    head: list[Place | AgendaItem | Deferred] = list(placed)
    functions = [p for p in chosen.values() if not isinstance(p, Placement)]
    if functions:  # providers that place their own items in Python: merge them in
        from followthrough.agenda.models import active_snoozes

        snoozed = active_snoozes(member, now=now)
        fctx = AgendaContext(member=member, now=now, until=until, limit=wanted + len(snoozed))
        extra = [item for fn in functions for item in fn(fctx) if item.key not in snoozed]
        total += len(extra)
        head += extra
        head.sort(key=_sort_key)
        head = head[:wanted]
    token = _PREFIX.set(get_script_prefix())
    try:
        return Agenda(_build(ctx, head), total)
    finally:
        _PREFIX.reset(token)


def places(ctx: AgendaContext, *, limit: int, only: Collection[str] | None = None) -> list[Place]:
    """The first `limit` places of every `Placement` (or of those named in `only`), snoozes
    left out, with the details of those kept: one query."""
    return placed_head(ctx, limit=limit, only=only)[0]


def placed_head(
    ctx: AgendaContext, *, limit: int, only: Collection[str] | None = None
) -> tuple[list[Place], int]:
    """`places`, and how many places the whole list holds (a window count in the same query:
    the rows are all read for the ordering anyway)."""
    placements = {
        n: p
        for n, p in _PROVIDERS.items()
        if isinstance(p, Placement) and (only is None or n in only)
    }
    if not placements or limit <= 0:
        return [], 0
    adapt = connection.ops.adapt_datetimefield_value
    params: dict[str, Any] = {
        "member": ctx.member.pk,
        "workspace": ctx.member.workspace_id,
        "now": ctx.now,
        "until": ctx.until,
        "due_now": ctx.now + DUE_NOW_WITHIN,
        "limit": limit,
    }
    for name, placement in placements.items():
        for key, value in placement.params(ctx).items():
            if key in params and params[key] != value:
                raise ValueError(f"Placement {name} redefines the parameter {key!r}.")
            params[key] = value
    params = {k: adapt(v) if isinstance(v, datetime) else v for k, v in params.items()}
    rows = _fetch(_union_sql(tuple(placements), connection.vendor), params)
    total = int(rows[0][6]) if rows else 0
    return [
        Place(provider, key, Urgency(urgency), db_time(at), ref, _json(data))
        for provider, key, urgency, at, ref, data, _total in rows
    ], total


@lru_cache(maxsize=8)
def _union_sql(names: tuple[str, ...], vendor: str) -> str:
    parts = "\n  UNION ALL\n  ".join(
        f"SELECT '{name}' AS provider, akey, urgency, placed_at, ref "  # noqa: S608 - names are checked
        f"FROM ({_placement(name).sql}) AS p{i}"
        for i, name in enumerate(names)
    )
    details = "".join(
        f"\n    WHEN '{name}' THEN ({_placement(name).detail})"
        for name in names
        if _placement(name).detail
    )
    data = f"CASE head.provider{details}\n  END" if details else "NULL"
    # Keys compare by code point, as Python compares them (PostgreSQL's collation may not).
    order = "urgency, placed_at, akey" + (' COLLATE "C"' if vendor == "postgresql" else "")
    sql = f"""WITH head AS (
  SELECT provider, akey, urgency, placed_at, ref, COUNT(*) OVER () AS total FROM (
  {parts}
  ) AS items
  WHERE NOT EXISTS (
    SELECT 1 FROM agenda_snooze s
    WHERE s.member_id = %(member)s AND s.until > %(now)s AND s.key = items.akey
  )
  ORDER BY {order}
  LIMIT %(limit)s
)
SELECT provider, akey, urgency, placed_at, ref, {data} AS data, total
FROM head
ORDER BY {order}"""  # noqa: S608 - constants only; values are parameters
    if vendor == "postgresql":
        sql = sql.replace("json_object(", "json_build_object(")
        sql = sql.replace("json_group_array(", "json_agg(")
    return sql


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run the agenda's query; on PostgreSQL as a prepared statement: planning this union
    costs more than running it (~4.7 ms against ~2 ms at the scale set), and a connection
    lives for many requests (CONN_MAX_AGE), so the plan is made once per connection."""
    if connection.vendor == "postgresql" and settings.PREPARE_AGENDA_QUERY:
        connection.ensure_connection()
        pg = connection.connection
        if pg.prepare_threshold is None:  # Django turns psycopg's preparing off; `prepare=True`
            pg.prepare_threshold = 2**31 - 1  # needs it on. Django's cursors never prepare.
        raw = _prepared_cursor_class()(pg)
        # Django's own wrapper, so the query is counted, logged and seen by execute wrappers.
        wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
        with wrap(raw) as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


@lru_cache(maxsize=1)
def _prepared_cursor_class() -> type:
    import psycopg

    class PreparedCursor(psycopg.Cursor[Any]):
        """Server-side binding, prepared on first use (Django's cursors bind client-side)."""

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> PreparedCursor:
            kwargs.setdefault("prepare", True)
            return super().execute(query, params, **kwargs)

    return PreparedCursor


def _placement(name: str) -> Placement:
    placement = _PROVIDERS[name]
    if not isinstance(placement, Placement):
        raise TypeError(f"Agenda provider {name} is not a Placement.")
    return placement


def db_time(value: datetime | str) -> datetime:
    """A timestamp as read back by raw SQL or JSON: SQLite's stored text (UTC), PostgreSQL's
    ISO text with an offset, or a datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def db_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def db_list(value: Any) -> list[Any]:
    """A JSON array read inside a `detail` object (SQLite may hand it back as text; an
    aggregate over no rows is NULL on PostgreSQL)."""
    if value is None:
        return []
    return list(json.loads(value) if isinstance(value, str) else value)


def _json(value: Any) -> Mapping[str, Any]:
    if value is None:
        return {}
    return dict(json.loads(value) if isinstance(value, str) else value)


def _sort_key(item: Place | AgendaItem | Deferred) -> tuple[int, datetime, str]:
    return item.sort_key


def _build(ctx: AgendaContext, head: list[Place | AgendaItem | Deferred]) -> list[AgendaItem]:
    """Word the head of the list: each placement builds its own places in one go."""
    wanted: dict[str, list[Place]] = defaultdict(list)
    for entry in head:
        if isinstance(entry, Place):
            wanted[entry.provider].append(entry)
    built: dict[str, AgendaItem] = {}
    for name, its_places in wanted.items():
        built.update((item.key, item) for item in _placement(name).build(ctx, its_places))
    items = []
    for entry in head:
        if isinstance(entry, Place):
            item = built.get(entry.key)
            if item is not None:  # its row changed between the two reads: it is gone
                items.append(item)
        else:
            items.append(_built(entry))
    return items


def _built(item: AgendaItem | Deferred) -> AgendaItem:
    if isinstance(item, AgendaItem):
        return item
    built = item.build()
    if built.sort_key != item.sort_key:  # the list was sorted on the promise of this place
        raise ValueError(f"Deferred agenda item {item.key} was built as {built.key}.")
    return built

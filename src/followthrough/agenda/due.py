"""The one definition of "what is due": what a member owes whom, most urgent first.

Today (web), `GET /api/agenda`, `followthrough agenda` and the ICS feed all call
`agenda_for`. Each kind of item comes from a *provider*: a function that reads the stored
state it needs (a small fixed number of queries) and returns `AgendaItem`s. Apps register
their providers in `AppConfig.ready`::

    register_provider("promises", promise_items)

so a new kind of item (bad news to tell, follow-up touches, case acknowledgments…) is one
provider, and the page, API, CLI and feed show it without changes.

A provider may return `Deferred` items instead: the place in the list (urgency, time, key)
read from its row, and a function that builds the item. `agenda_for` sorts, drops snoozed
keys, cuts the list at `limit`, and only then builds what is left, so Today (the first 50 of
a few hundred) words and links only the items it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import IntEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

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


def url(name: str, code: str = "") -> str:
    """`reverse(name, args=[code])`, from a cached pattern: an agenda builds hundreds of links."""
    pattern = _pattern(name, bool(code), get_script_prefix())
    return pattern.replace(_SLOT, code) if code else pattern


_SLOT = "zzslotzz"


@lru_cache(maxsize=256)
def _pattern(name: str, with_code: bool, prefix: str) -> str:
    return reverse(name, args=[_SLOT]) if with_code else reverse(name)


Provider = Callable[[AgendaContext], Iterable[AgendaItem | Deferred]]
_PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    """Add (or replace) a kind of item on everyone's agenda."""
    _PROVIDERS[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def default_until(
    member: Member, now: datetime, *, at_least: timedelta = timedelta(hours=4)
) -> datetime:
    """The end of the member's working day (local time), and never less than a few hours."""
    local = now.astimezone(ZoneInfo(member.timezone))
    end = max(member.work_end, time(17, 0))
    end_of_day = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return max(end_of_day, now + at_least)


def agenda_for(
    member: Member, *, now: datetime, horizon: timedelta | None = None, limit: int | None = None
) -> list[AgendaItem]:
    """Everything `member` owes whom, most urgent first, due before now + horizon
    (default: the end of their working day). Snoozed items are left out until their time.
    With `limit`, only the first `limit` items (exactly those of the whole list)."""
    from followthrough.agenda.models import active_snoozes

    until = now + horizon if horizon is not None else default_until(member, now)
    snoozed = active_snoozes(member, now=now)
    wanted = None if limit is None else limit + len(snoozed)
    ctx = AgendaContext(member=member, now=now, until=until, limit=wanted)
    found = [
        item
        for provider in _PROVIDERS.values()
        for item in provider(ctx)
        if item.key not in snoozed
    ]
    found.sort(key=_sort_key)
    return [_built(item) for item in (found if limit is None else found[: max(limit, 0)])]


def _sort_key(item: AgendaItem | Deferred) -> tuple[int, datetime, str]:
    return item.sort_key


def _built(item: AgendaItem | Deferred) -> AgendaItem:
    if isinstance(item, AgendaItem):
        return item
    built = item.build()
    if built.sort_key != item.sort_key:  # the list was sorted on the promise of this place
        raise ValueError(f"Deferred agenda item {item.key} was built as {built.key}.")
    return built

"""The scale generator's machinery: the registry of generators, what they share, a load.

A generator writes one table (or fills in state) and returns how many rows it wrote. Modules
listed in TABLE_MODULES register theirs with @generator on import, in the order they run:

    @generator("commitments", size="commitments", default=200_000, bulk=(Commitment,))
    def gen_commitments(load: Load) -> int:
        first = load.writer.next_id(Commitment)
        return load.writer.insert(Commitment, FIELDS, rows_from(load, first))

`size` adds a --commitments option to `python -m bench.scale` (a callable default may derive
from the sizes given); `bulk` lists the tables whose secondary indexes and foreign keys are
dropped during the load and rebuilt at its end, the first of which should hold `size` rows with
a `workspace` column (or name that table with `counts=`): that is how --if-missing tells a
complete load from one made before the generator existed. A generator reads what earlier
ones recorded on the Load: the workspace, the member ids, the companies, and per contact its
id, owner, stage and dates (ContactPlan). Times are epoch seconds; `load.ts(s)` formats one for
either database; `load.codes(n)` makes public codes.
"""

from __future__ import annotations

import bisect
import importlib
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import models, transaction

from bench.scale_writer import Writer, make_writer
from followthrough.core import codes
from followthrough.workspaces.models import Member, User, Workspace

# Each registers its generators on import; a later issue appends its module here.
TABLE_MODULES = [
    "bench.scale_tables",
    "bench.scale_commitments",
    "bench.scale_orders",
    "bench.scale_plans",
]

WORKSPACE_NAME = "Scale Co"
PASSWORD = "scale-co-bench"  # noqa: S105 - a throwaway data set for benchmarks
DAY = 86_400
WINDOW_DAYS = 548  # interactions spread over 18 months
CONTACT_DAYS = 730  # contacts were added over two years
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Generator:
    name: str
    run: Callable[[Load], int]
    size: str | None  # the --SIZE option it reads, if any
    default: int | Callable[[dict[str, int]], int] | None
    help: str
    bulk: tuple[type[models.Model], ...]
    counts: type[models.Model] | None  # the table holding `size` rows of the workspace


GENERATORS: list[Generator] = []


def generator(
    name: str,
    *,
    size: str | None = None,
    default: int | Callable[[dict[str, int]], int] | None = None,
    help: str = "",
    bulk: tuple[type[models.Model], ...] = (),
    counts: type[models.Model] | None = None,
) -> Callable[[Callable[[Load], int]], Callable[[Load], int]]:
    """Register a generator. `counts` (default: the first bulk table) is where --SIZE rows
    of the workspace are found, which is how `--if-missing` knows a load is complete."""

    def register(fn: Callable[[Load], int]) -> Callable[[Load], int]:
        table = counts or (bulk[0] if bulk and size else None)
        GENERATORS.append(Generator(name, fn, size, default, help, bulk, table))
        return fn

    return register


def generators() -> list[Generator]:
    for module in TABLE_MODULES:
        importlib.import_module(module)
    return GENERATORS


def resolve_sizes(given: dict[str, int | None]) -> dict[str, int]:
    """Fill each size not given from its default (a callable default sees the sizes given)."""
    sizes = {name: value for name, value in given.items() if value is not None}
    for gen in generators():
        if gen.size is None:
            continue
        value = sizes.get(gen.size)
        if value is None:
            value = gen.default(sizes) if callable(gen.default) else gen.default
        if value is None or value < 0:
            raise ValueError(f"--{gen.size} must be a whole number of rows, got {value!r}")
        sizes[gen.size] = value
    return {gen.size: sizes[gen.size] for gen in generators() if gen.size}


_ALPHABET = codes._ALPHABET
_CODE_LENGTH = len(codes.new_code())
_USABLE = 256 - 256 % len(_ALPHABET)  # bytes above this would bias the alphabet
_CODE_TABLE = bytes(ord(_ALPHABET[b % len(_ALPHABET)]) for b in range(256))
_CODE_DROP = bytes(range(_USABLE, 256))


@dataclass
class ContactPlan:
    """What later generators need to know about each contact, by position."""

    ids: list[int] = field(default_factory=list)
    owner_ids: list[int | None] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    created: list[int] = field(default_factory=list)  # epoch seconds
    customer_at: list[int | None] = field(default_factory=list)
    lost_at: list[int | None] = field(default_factory=list)
    was_customer: list[bool] = field(default_factory=list)


@dataclass
class Load:
    writer: Writer
    rng: random.Random
    now: datetime
    sizes: dict[str, int]
    workspace_id: int = 0
    member_ids: list[int] = field(default_factory=list)
    company_ids: list[int] = field(default_factory=list)
    company_names: list[str] = field(default_factory=list)
    company_domains: list[str] = field(default_factory=list)
    contacts: ContactPlan = field(default_factory=ContactPlan)
    # (owed_reply_since, last_inbound_at, last_outbound_at, last_two_way_at, updated_at, id)
    contact_state: list[tuple[Any, ...]] = field(default_factory=list)
    _days: dict[int, str] = field(default_factory=dict)

    @property
    def now_s(self) -> int:
        return int(self.now.timestamp())

    def ts(self, seconds: int) -> str:
        """A UTC timestamp as both drivers take it and Django stores it: 'YYYY-MM-DD HH:MM:SS'."""
        day, rest = divmod(seconds, DAY)
        label = self._days.get(day)
        if label is None:
            label = self._days[day] = f"{_EPOCH + timedelta(days=day):%Y-%m-%d}"
        hour, rest = divmod(rest, 3600)
        minute, second = divmod(rest, 60)
        return f"{label} {hour:02d}:{minute:02d}:{second:02d}"

    def date(self, seconds: int) -> str:
        return self.ts(seconds)[:10]

    def codes(self, n: int) -> list[str]:
        """`n` distinct public codes: new_code()'s alphabet and length, seeded and fast."""
        need = n * _CODE_LENGTH
        text = ""
        while len(text) < need:
            chunk = self.rng.randbytes(need - len(text) + 64)
            text += chunk.translate(_CODE_TABLE, _CODE_DROP).decode("ascii")
        out = [text[i : i + _CODE_LENGTH] for i in range(0, need, _CODE_LENGTH)]
        seen: set[str] = set()
        for i, code in enumerate(out):
            while code in seen:  # about once in a million loads of a million codes
                code = "".join(self.rng.choice(_ALPHABET) for _ in range(_CODE_LENGTH))
            out[i] = code
            seen.add(code)
        return out

    def pick_weighted(self, values: Sequence[Any], cum: Sequence[float]) -> Any:
        return values[bisect.bisect_right(cum, self.rng.random() * cum[-1])]


def cumulative(weights: Iterable[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


@dataclass(frozen=True)
class Step:
    name: str
    rows: int | None
    seconds: float

    def line(self) -> str:
        rows = f"{self.rows:>10,}" if self.rows is not None else " " * 10
        rate = ""
        if self.rows and self.seconds > 0:
            rate = f"{self.rows / self.seconds:>10,.0f} rows/s"
        return f"  {self.name:<18} {rows} {self.seconds:>7.1f} s {rate}"


def load_scale(
    *,
    sizes: dict[str, int],
    seed: int,
    now: datetime,
    out: Callable[[str], None] = print,
) -> list[Step]:
    """Run every generator into Django's default database (migrated, without Scale Co)."""
    writer = make_writer()
    load = Load(writer=writer, rng=random.Random(seed), now=now, sizes=sizes)
    gens = generators()
    bulk = [model for gen in gens for model in gen.bulk]
    steps: list[Step] = []

    def timed(name: str, fn: Callable[[], int | None]) -> None:
        start = time.perf_counter()
        rows = fn()
        steps.append(Step(name, rows, time.perf_counter() - start))
        out(steps[-1].line())

    writer.before()
    try:
        with transaction.atomic():
            timed("drop indexes", lambda: writer.defer_indexes(bulk))
            for gen in gens:
                timed(gen.name, lambda gen=gen: gen.run(load))  # type: ignore[misc]
            timed("indexes and keys", writer.restore_indexes)
            writer.reset_sequences([Workspace, User, Member, *bulk])
    finally:
        writer.after()
    timed("analyze", writer.optimize)
    return steps

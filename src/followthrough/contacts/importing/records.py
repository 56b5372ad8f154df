"""What the readers hand on: one record per contact, with where it starts in the file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple


class ImportFileError(Exception):
    """The file as a whole cannot be imported (empty, binary, unknown layout…)."""


class Cell(NamedTuple):
    rank: int
    text: str
    source: str  # the column header or vCard property it came from, for messages


@dataclass
class RawRecord:
    """One contact as read: values per target field, not yet checked."""

    line: int  # the physical line of the file where the record starts (1-based)
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    problem: str = ""  # set when the reader could not read the record at all
    problem_field: str = ""
    # Parts the reader left out or repaired: (source, text kept in the notes or "", reason).
    unreadable: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, target: str, rank: int, text: str, source: str) -> None:
        text = text.strip()
        if text:
            self.cells.setdefault(target, []).append(Cell(rank, text, source))


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.reason}"


@dataclass(frozen=True)
class RecordSource:
    """An opened file: the layout it was read as and its records, one at a time."""

    layout_key: str
    layout_label: str
    ignored_columns: tuple[str, ...]
    records: Iterator[RawRecord]
    day_first: bool = False  # the layout writes 05/04/1990 for 5 April

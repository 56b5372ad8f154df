"""Read a CSV export one record at a time, knowing the line each record starts on."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator

from followthrough.contacts.importing.layouts import (
    Column,
    Layout,
    detect_layout,
    normalize_header,
)
from followthrough.contacts.importing.records import (
    Cell,
    ImportFileError,
    RawRecord,
    RecordSource,
)

DELIMITERS = (",", ";", "\t", "|")
_FORMULA_START = frozenset("=+-@\t\r")
_BOM_AS_CP1252 = "ï»¿"


def sniff_delimiter(line: str) -> str:
    """The delimiter used most often outside quotes in the header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    lines: Iterator[str],
    *,
    offset: int,
    detect: Callable[[list[str]], Layout | None] = detect_layout,
) -> RecordSource:
    """Find the delimiter and the layout from the header; the records follow lazily.

    `lines` starts at the header line, which is line `offset + 1` of the file. `detect`
    picks the layout from the header (the order import passes its own layouts).
    """
    first = next(lines, "")
    delimiter = sniff_delimiter(first)
    hint = first.strip()
    if len(hint) == 5 and hint.lower().startswith("sep="):  # Excel's "sep=;" first line
        delimiter = hint[4]
        offset += 1
        first = next(lines, "")
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFileError(f"The first line (the column names) cannot be read: {exc}.") from None
    if header:
        header[0] = header[0].removeprefix("\ufeff").removeprefix(_BOM_AS_CP1252)
    header = [h.strip() for h in header]
    layout = detect(header)
    if layout is None:
        shown = ", ".join(repr(h) for h in header[:8]) + (", …" if len(header) > 8 else "")
        raise ImportFileError(
            f"The columns were not recognised ({shown}). Expected a Google Contacts or Outlook "
            "export, a vCard file, or the plain layout with a header row such as "
            "first_name,last_name,email,phone (see docs/imports.md)."
        )
    # A column name that repeats is read from its last column (French Outlook writes "Titre"
    # for the courtesy title, then again for the job title).
    chosen: dict[str, tuple[int, Column, str]] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        column = layout.column_for(name)
        if column is None:
            if name:
                ignored.append(name)
            continue
        key = normalize_header(name)
        if key in chosen:
            ignored.append(chosen[key][2])
        chosen[key] = (index, column, name)
    plan = sorted(chosen.values(), key=lambda item: item[0])
    return RecordSource(
        layout_key=layout.key,
        layout_label=layout.label,
        ignored_columns=tuple(ignored),
        records=_records(reader, plan, offset),
        day_first=layout.day_first,
    )


def _records(
    reader: Iterator[list[str]], plan: list[tuple[int, Column, str]], offset: int
) -> Iterator[RawRecord]:
    columns = [(index, column.target, column.rank, source) for index, column, source in plan]
    line_num = reader.line_num  # type: ignore[attr-defined]
    while True:
        start = offset + line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line_num = reader.line_num  # type: ignore[attr-defined]
            yield RawRecord(
                start, problem=_explain(exc, start, offset + line_num), problem_field="row"
            )
            continue
        line_num = reader.line_num  # type: ignore[attr-defined]
        if not any(row):
            continue  # a blank line, or one of only delimiters
        cells: dict[str, list[Cell]] = {}
        width = len(row)
        for index, target, rank, source in columns:
            if index < width:
                text = row[index].strip()
                if text:
                    if text[0] == "'" and len(text) > 1 and text[1] in _FORMULA_START:
                        text = text[1:]  # undo the spreadsheet-formula guard of our export
                    if "\r" in text:
                        text = text.replace("\r\n", "\n").replace("\r", "\n")
                    if target in cells:
                        cells[target].append(Cell(rank, text, source))
                    else:
                        cells[target] = [Cell(rank, text, source)]
        if cells or any(cell.strip() for cell in row):
            yield RawRecord(start, cells)


def _explain(exc: csv.Error, start: int, end: int) -> str:
    message = str(exc)
    if "unexpected end of data" in message:
        return (
            f"a quoted field starts here and is never closed, so lines {start} to {end} "
            "could not be read"
        )
    if "field larger than field limit" in message:
        return (
            f"a field is longer than {csv.field_size_limit():,} characters; "
            'is a quote (") left open?'
        )
    if "expected after" in message:
        return 'a quoted field is followed by more text (write "" for a quote inside quotes)'
    if "NUL" in message:
        return "the line contains a NUL character (is this a binary file?)"
    return f"cannot be read as CSV ({message})"

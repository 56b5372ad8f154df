"""Read vCard 2.1, 3.0 and 4.0 files card by card with the vobject library.

We cut the stream into cards ourselves (so a broken card costs only itself, and each card
knows the line it starts on), drop photos, logos, sounds and keys before vobject sees them,
and hand each card to vobject, which unfolds lines, decodes quoted-printable and splits the
structured values (N, ADR, ORG).
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator
from typing import Any

import vobject

from followthrough.contacts.importing import layouts as f
from followthrough.contacts.importing.records import RawRecord, RecordSource

_DROPPED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
FIELD = "vCard"
_SINGLE_TEXT = frozenset({"NOTE", "FN", "TITLE", "ROLE"})
_BARE_COMMA = re.compile(r"(?<!\\),")


def is_vcard_start(line: str) -> bool:
    return line.strip().upper() == "BEGIN:VCARD"


def _is_end(line: str) -> bool:
    return line.strip().upper() == "END:VCARD"


def _property_name(line: str) -> str:
    head = line.split(":", 1)[0].split(";", 1)[0]
    return head.rsplit(".", 1)[-1].strip().upper()  # "item1.EMAIL" → "EMAIL"


def read_vcards(lines: Iterable[str], *, offset: int) -> RecordSource:
    return RecordSource(
        layout_key="vcard", layout_label="vCard", ignored_columns=(), records=_cards(lines, offset)
    )


def _cards(lines: Iterable[str], offset: int) -> Iterator[RawRecord]:
    """Cut the stream into cards of unfolded lines, each with the line number it starts on."""
    number = offset
    card: list[tuple[int, str]] | None = None
    depth = 0
    skipping = False
    stray = False
    for raw in lines:
        number += 1
        line = raw.rstrip("\r\n")
        if card is None:
            if is_vcard_start(line):
                card, depth, skipping, stray = [(number, "BEGIN:VCARD")], 1, False, False
            elif line.strip() and not stray:
                stray = True
                yield RawRecord(
                    number,
                    problem="text outside a BEGIN:VCARD … END:VCARD card was skipped",
                    problem_field=FIELD,
                )
            continue
        if depth == 1 and not skipping and _soft_break(card[-1][1]):
            card[-1] = (card[-1][0], card[-1][1][:-1] + line)  # quoted-printable "=" at the end
            continue
        if is_vcard_start(line):
            depth += 1  # a card inside a card (vCard 2.1 AGENT): not a contact of ours
            continue
        if _is_end(line):
            depth -= 1
            if depth == 0:
                card.append((number, "END:VCARD"))
                yield _parse(card)
                card = None
            continue
        if depth > 1 or not line.strip():
            continue
        if line[0] in " \t":
            if not skipping:
                card[-1] = (card[-1][0], card[-1][1] + line[1:])
            continue
        if skipping and ":" not in line:
            continue  # vCard 2.1 base64 photo data that was not indented
        skipping = _property_name(line) in _DROPPED
        if not skipping:
            card.append((number, line))
    if card is not None:
        yield RawRecord(
            card[0][0], problem="the card is never closed (no END:VCARD)", problem_field=FIELD
        )


def _soft_break(line: str) -> bool:
    return line.endswith("=") and "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper()


def _escape_commas(line: str) -> str:
    """vobject keeps only the text before the first unescaped comma of a NOTE, FN or TITLE,
    and many phones write commas there unescaped: escape them first."""
    if _property_name(line) not in _SINGLE_TEXT:
        return line
    head, sep, value = line.partition(":")
    return head + sep + _BARE_COMMA.sub(r"\\,", value)


def _card_text(lines: Iterable[tuple[int, str]]) -> str:
    return "\r\n".join(_escape_commas(line) for _, line in lines) + "\r\n"


def _parse(card: list[tuple[int, str]]) -> RawRecord:
    start = card[0][0]
    try:
        return _record(start, vobject.readOne(_card_text(card), allowQP=True))
    except Exception:  # noqa: S110 (vobject raises many kinds; read it property by property)
        pass
    # One property that cannot be read must not cost the card: try each on its own, repair
    # what can be repaired (text in another character set than declared), leave out the rest.
    frame = [line for line in card if _property_name(line[1]) in _FRAME]
    kept: list[tuple[int, str]] = []
    unreadable: list[tuple[str, str, str]] = []
    for number, line in card:
        name = _property_name(line) if ":" in line else FIELD
        if name in _FRAME:
            continue
        if _reads([*frame[:-1], (number, line), frame[-1]]):
            kept.append((number, line))
            continue
        repaired = _repair_charset(line)
        if repaired is not None and _reads([*frame[:-1], (number, repaired[0]), frame[-1]]):
            kept.append((number, repaired[0]))
            unreadable.append(
                (name, "", f"line {number} is not in {repaired[1]}; read as Windows-1252")
            )
            continue
        value = line.partition(":")[2].strip() if name != FIELD else line.strip()
        unreadable.append((name, value[:200], f"line {number} cannot be read and was left out"))
    try:
        component = vobject.readOne(_card_text([frame[0], *kept, frame[-1]]), allowQP=True)
        record = _record(start, component)
    except Exception as exc:
        return RawRecord(
            start, problem=f"the card cannot be read ({_explain(exc)})", problem_field=FIELD
        )
    record.unreadable = unreadable + record.unreadable
    return record


_FRAME = frozenset({"BEGIN", "END", "VERSION"})


def _reads(lines: list[tuple[int, str]]) -> bool:
    try:
        vobject.readOne(_card_text(lines), allowQP=True)
    except Exception:
        return False
    return True


_QP_PARAM = re.compile(r";(?:ENCODING=)?QUOTED-PRINTABLE", re.IGNORECASE)
_CHARSET_PARAM = re.compile(r";CHARSET=([^;:]+)", re.IGNORECASE)


def _repair_charset(line: str) -> tuple[str, str] | None:
    """A quoted-printable line whose bytes are not in its declared CHARSET (a phone that says
    UTF-8 and writes Windows-1252): decode it ourselves and give it back as plain text."""
    head, sep, value = line.partition(":")
    if not sep or not _QP_PARAM.search(head):
        return None
    match = _CHARSET_PARAM.search(head)
    declared = match.group(1).strip() if match else "UTF-8"
    raw = quopri.decodestring(value.encode("ascii", "replace"))
    try:
        raw.decode(declared)
    except (UnicodeDecodeError, LookupError):
        text = raw.decode("cp1252", errors="replace")
    else:
        return None  # the declared charset reads it: the problem is elsewhere
    head = _CHARSET_PARAM.sub("", _QP_PARAM.sub("", head))
    text = text.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n")
    return f"{head}:{text}", declared


def _explain(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"a byte is not valid {exc.encoding}"
    return str(exc) or type(exc).__name__


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value if v)
    return str(value or "").strip()


def _types(line: Any) -> set[str]:
    types = {t.upper() for t in getattr(line, "singletonparams", [])}
    for value in line.params.get("TYPE", []):
        types.update(t.strip().upper() for t in value.split(","))
    if "PREF" in line.params:
        types.add("PREF")
    return types


def _ranked(lines: list[Any], prefer: str = "") -> list[tuple[int, Any]]:
    """Preferred entries first (PREF), then `prefer` typed ones, then in file order."""
    ranked = []
    for position, line in enumerate(lines):
        types = _types(line)
        rank = position + 2
        if "PREF" in types:
            rank = 0
        elif prefer and prefer in types:
            rank = 1
        ranked.append((rank * 1000 + position, line))
    return ranked


def _record(start: int, card: Any) -> RawRecord:
    record = RawRecord(start)
    contents: dict[str, list[Any]] = card.contents
    kind = _text(contents["kind"][0].value).lower() if "kind" in contents else ""
    if kind == "group":
        record.problem = "a contact group (KIND:group), not a person: not imported"
        record.problem_field = "KIND"
        return record
    for line in contents.get("n", [])[:1]:
        name = line.value
        record.add(f.FIRST_NAME, 0, _text(getattr(name, "given", "")), "N")
        record.add(f.MIDDLE_NAME, 0, _text(getattr(name, "additional", "")), "N")
        record.add(f.LAST_NAME, 0, _text(getattr(name, "family", "")), "N")
    if kind != "org":
        for line in contents.get("fn", [])[:1]:
            record.add(f.FULL_NAME, 0, _text(line.value), "FN")
    for rank, line in _ranked(contents.get("email", [])):
        record.add(f.EMAIL, rank, _text(line.value), "EMAIL")
    for rank, line in _ranked(contents.get("tel", []), prefer="CELL"):
        record.add(f.PHONE, rank, _phone(_text(line.value)), "TEL")
    for line in contents.get("org", [])[:1]:
        value = line.value
        record.add(
            f.COMPANY, 0, _text(value[0] if isinstance(value, list) and value else value), "ORG"
        )
    if kind == "org" and f.COMPANY not in record.cells:
        for line in contents.get("fn", [])[:1]:
            record.add(f.COMPANY, 0, _text(line.value), "FN")
    for line in contents.get("title", [])[:1]:
        record.add(f.TITLE, 0, _text(line.value), "TITLE")
    for line in contents.get("bday", [])[:1]:
        record.add(f.BIRTHDAY, 0, _text(line.value), "BDAY")
    for line in contents.get("note", []):
        record.add(f.NOTES, 0, str(line.value or "").replace("\r\n", "\n").strip(), "NOTE")
    for rank, line in _ranked(contents.get("adr", []), prefer="WORK")[:1]:
        record.add(f.ADDRESS, rank, _address(line.value), "ADR")
    for line in contents.get("categories", []):
        value = line.value
        record.add(
            f.LABELS, 0, ", ".join(value) if isinstance(value, list) else str(value), "CATEGORIES"
        )
    return record


def _phone(value: str) -> str:
    """'tel:+1-418-656-9254;ext=102' → '+1-418-656-9254 ext. 102'."""
    value = value.removeprefix("tel:")
    number, _, ext = value.partition(";ext=")
    return f"{number} ext. {ext}" if ext else number


def _address(adr: Any) -> str:
    def part(name: str) -> str:
        value = getattr(adr, name, "")
        return "\n".join(value) if isinstance(value, list) else str(value or "").strip()

    region = " ".join(p for p in (part("region"), part("code")) if p)
    locality = ", ".join(p for p in (part("city"), region) if p)
    lines = [part("box"), part("extended"), part("street"), locality, part("country")]
    return "\n".join(line for line in lines if line)

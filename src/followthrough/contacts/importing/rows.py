"""From a raw record to a checked contact row, or the reasons it cannot be one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from followthrough.contacts.importing import layouts as f
from followthrough.contacts.importing.records import Cell, RawRecord, RowError
from followthrough.contacts.importing.values import (
    clean_phone,
    parse_bool,
    parse_channel,
    parse_date,
    parse_guidance,
    parse_stage,
    split_multi,
)
from followthrough.contacts.keys import first_key, fold, phone_digits
from followthrough.workspaces.models import Member, Workspace


class _EmailValidator(EmailValidator):
    """Django's email check, with its regexes compiled up front: the lazy ones cost a proxy
    call each time, which shows at 100k rows."""

    user_regex = re.compile(EmailValidator.user_regex.pattern, EmailValidator.user_regex.flags)
    domain_regex = re.compile(
        EmailValidator.domain_regex.pattern, EmailValidator.domain_regex.flags
    )
    literal_regex = re.compile(
        EmailValidator.literal_regex.pattern, EmailValidator.literal_regex.flags
    )


_validate_email = _EmailValidator()
_by_rank = attrgetter("rank")
_LABEL_SPLIT = re.compile(r"\s*(?::::|;|,)\s*")
_ANGLE_EMAIL = re.compile(r"<([^<>]+@[^<>]+)>")


@dataclass(slots=True)
class ContactRow:
    """A contact ready to be written; `stage` empty means the import's default stage."""

    line: int
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    company: str = ""
    title: str = ""
    address: str = ""
    notes: str = ""
    birthday: date | None = None
    customer_since: date | None = None
    stage: str = ""
    owner_id: int | None = None
    owner_given: bool = False
    guidance: str = ""
    preferred_channel: str = ""
    do_not_contact: bool = False

    @property
    def name_key(self) -> str:
        return first_key(self.first_name, self.last_name)[:210]

    @property
    def phone_key(self) -> str:
        return phone_digits(self.phone)[:40]


@dataclass
class OwnerDirectory:
    """The workspace's active members, found by email or display name."""

    by_email: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> OwnerDirectory:
        directory = cls()
        members = Member.objects.filter(workspace=workspace, is_active=True)
        for pk, email, name in members.values_list("pk", "user__email", "display_name"):
            directory.by_email[email.lower()] = pk
            directory.by_name.setdefault(fold(name), pk)
        return directory

    def find(self, text: str) -> int | None:
        if "@" in text:
            return self.by_email.get(text.strip().lower())
        return self.by_name.get(fold(text))


def is_valid_email(address: str) -> bool:
    if len(address) > 254:
        return False
    try:
        _validate_email(address)
    except ValidationError:
        return False
    return True


def _ordered(cells: Iterable[Cell]) -> list[Cell]:
    return sorted(cells, key=_by_rank)


def _first(cells: dict[str, list[Cell]], target: str) -> str:
    found = cells.get(target)
    if not found:
        return ""
    cell = found[0] if len(found) == 1 else min(found, key=_by_rank)
    return " ".join(cell.text.split())


def split_name(full: str) -> tuple[str, str]:
    """'Dana Reyes' → ('Dana', 'Reyes'); 'Reyes, Dana' → ('Dana', 'Reyes')."""
    full = " ".join(full.split())
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.rpartition(" ")
    return (first, last) if first else (last, "")


@dataclass(slots=True)
class _BadCell:
    source: str  # the column (or vCard property) as the file names it
    text: str
    reason: str


class RowBuilder:
    """One record → one contact. A value that cannot be read never costs the contact: it is
    kept in the notes ("Could not be read on import: …") and the row gets one warning naming
    every such cell. Only a row with no name, email or phone at all is not imported."""

    def __init__(self, *, owners: OwnerDirectory, today: date, day_first: bool = False) -> None:
        self.owners = owners
        self.today = today
        self.day_first = day_first

    def build(self, record: RawRecord) -> tuple[ContactRow | None, list[RowError]]:
        """(row, warnings) when the contact is imported, (None, errors) when it is not."""
        if record.problem:
            return None, [RowError(record.line, record.problem_field or "row", record.problem)]
        cells = record.cells
        row = ContactRow(line=record.line)
        bad = [_BadCell(*part) for part in record.unreadable]
        extras: list[str] = []
        self._names(row, cells)
        self._emails(row, cells, bad, extras)
        self._phones(row, cells, bad, extras)
        row.company = _first(cells, f.COMPANY)[:200]
        row.title = _first(cells, f.TITLE)[:150]
        row.address = _address(cells)
        self._dates(row, cells, bad)
        self._choices(row, cells, bad)
        labels = _labels(cells.get(f.LABELS, ()))
        if labels:
            extras.append("Labels: " + ", ".join(labels))
        kept = [cell for cell in bad if cell.text]
        if kept:
            extras.append(
                "Could not be read on import:\n"
                + "\n".join(f"{cell.source}: {cell.text}" for cell in kept)
            )
        notes = "\n\n".join(c.text for c in cells.get(f.NOTES, ()))
        if extras:
            notes = "\n\n".join(p for p in (notes, "\n".join(extras)) if p)
        row.notes = notes
        has_identity = bool(row.first_name or row.last_name or row.email or row.phone)
        if not has_identity:
            if not bad:
                return None, [RowError(record.line, "name", "the row has no name, email or phone")]
            return None, [
                RowError(
                    record.line,
                    _fields(bad),
                    _reasons(bad) + "; without it the row has no name, email or phone, "
                    "so it was not imported",
                )
            ]
        if bad:
            reason = _reasons(bad)
            if kept:
                reason += "; the value is" if len(kept) == 1 else "; the values are"
                reason += " kept in the notes"
            return row, [RowError(record.line, _fields(bad), reason)]
        return row, []

    def _names(self, row: ContactRow, cells: dict[str, list[Cell]]) -> None:
        first = _first(cells, f.FIRST_NAME)
        middle = _first(cells, f.MIDDLE_NAME)
        last = _first(cells, f.LAST_NAME)
        if middle:
            first = f"{first} {middle}".strip()
        if not (first or last):
            first, last = split_name(_first(cells, f.FULL_NAME))
        row.first_name = first[:100]
        row.last_name = last[:100]

    def _emails(
        self,
        row: ContactRow,
        cells: dict[str, list[Cell]],
        bad: list[_BadCell],
        extras: list[str],
    ) -> None:
        valid: list[str] = []
        for cell in _ordered(cells.get(f.EMAIL, ())):
            for part in split_multi(cell.text):
                address = _bare_email(part)
                if is_valid_email(address):
                    if address not in valid:
                        valid.append(address)
                else:
                    bad.append(
                        _BadCell(cell.source, part, f"{part!r} is not a valid email address")
                    )
        if valid:
            row.email = valid[0]
            if len(valid) > 1:
                extras.append("Other emails: " + ", ".join(valid[1:]))

    def _phones(
        self,
        row: ContactRow,
        cells: dict[str, list[Cell]],
        bad: list[_BadCell],
        extras: list[str],
    ) -> None:
        valid: list[str] = []
        seen: set[str] = set()
        for cell in _ordered(cells.get(f.PHONE, ())):
            for part in split_multi(cell.text):
                try:
                    phone = clean_phone(part)
                except ValueError as exc:
                    bad.append(_BadCell(cell.source, part, str(exc)))
                    continue
                digits = phone_digits(phone)
                if digits not in seen:
                    seen.add(digits)
                    valid.append(phone)
        if valid:
            row.phone = valid[0]
            if len(valid) > 1:
                extras.append("Other phones: " + ", ".join(valid[1:]))

    def _dates(self, row: ContactRow, cells: dict[str, list[Cell]], bad: list[_BadCell]) -> None:
        for target, no_year in ((f.BIRTHDAY, True), (f.CUSTOMER_SINCE, False)):
            found = cells.get(target)
            if not found:
                continue
            cell = min(found, key=_by_rank)
            try:
                value = parse_date(
                    cell.text, today=self.today, allow_no_year=no_year, day_first=self.day_first
                )
            except ValueError as exc:
                bad.append(_BadCell(cell.source, cell.text, str(exc)))
                continue
            setattr(row, target, value)

    def _choices(self, row: ContactRow, cells: dict[str, list[Cell]], bad: list[_BadCell]) -> None:
        parsers = (
            (f.STAGE, parse_stage),
            (f.GUIDANCE, parse_guidance),
            (f.CHANNEL, parse_channel),
            (f.DO_NOT_CONTACT, parse_bool),
        )
        for target, parse in parsers:
            found = cells.get(target)
            if not found:
                continue
            cell = found[0]
            try:
                setattr(row, target, parse(cell.text))
            except ValueError as exc:
                bad.append(_BadCell(cell.source, cell.text, str(exc)))
        owner = cells.get(f.OWNER)
        if owner:
            cell = owner[0]
            owner_id = self.owners.find(cell.text)
            if owner_id is None:
                bad.append(
                    _BadCell(
                        cell.source,
                        cell.text,
                        f"{cell.text!r} is not an active member of this workspace, "
                        "so the import's owner was given",
                    )
                )
            else:
                row.owner_given = True
                row.owner_id = owner_id


def _fields(bad: list[_BadCell]) -> str:
    return ", ".join(dict.fromkeys(cell.source for cell in bad))


def _reasons(bad: list[_BadCell]) -> str:
    return "; ".join(cell.reason for cell in bad)


def _bare_email(text: str) -> str:
    """'Dana <DANA@x.com>' → 'dana@x.com'; 'mailto:a@b.c' → 'a@b.c'."""
    match = _ANGLE_EMAIL.search(text)
    if match:
        text = match.group(1)
    text = text.strip().lower()
    return text.removeprefix("mailto:")


def _address(cells: dict[str, list[Cell]]) -> str:
    """The first address: a formatted one if given, else built from its parts."""
    groups: dict[int, dict[str, list[str]]] = {}
    for target in (f.ADDRESS, *f.ADDRESS_PARTS):
        for cell in cells.get(target, ()):
            groups.setdefault(cell.rank, {}).setdefault(target, []).append(cell.text)
    if not groups:
        return ""
    parts = groups[min(groups)]
    if parts.get(f.ADDRESS):
        return "\n".join(parts[f.ADDRESS])

    def one(target: str) -> str:
        return " ".join(parts.get(target, []))

    region = " ".join(p for p in (one(f.REGION), one(f.POSTAL_CODE)) if p)
    locality = ", ".join(p for p in (one(f.CITY), region) if p)
    lines = [*parts.get(f.STREET, []), locality, one(f.COUNTRY)]
    return "\n".join(line for line in lines if line)


def _labels(cells: Iterable[Cell]) -> list[str]:
    labels: list[str] = []
    for cell in cells:
        for label in _LABEL_SPLIT.split(cell.text):
            # Google's own groups start with "* " (* myContacts, * starred): not ours to keep.
            if label and not label.startswith("*") and label not in labels:
                labels.append(label)
    return labels

"""The CSV column layouts we read, written as data: which header feeds which contact field.

A header is compared after `normalize_header` (accents and case folded, everything but
letters and digits removed), so "E-mail Address", "email_address" and "EMAIL ADDRESS" are
one name. Several headers may feed one field; their `rank` orders them (lowest first): the
first non-empty one wins and, for emails and phones, the others are kept in the notes.
Numbered Google headers ("E-mail 2 - Value") are matched by patterns whose number is the rank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from followthrough.contacts.importing import outlook
from followthrough.contacts.keys import fold

# The fields a column can feed ("targets").
FIRST_NAME = "first_name"
MIDDLE_NAME = "middle_name"
LAST_NAME = "last_name"
FULL_NAME = "full_name"
EMAIL = "email"
PHONE = "phone"
COMPANY = "company"
TITLE = "title"
BIRTHDAY = "birthday"
CUSTOMER_SINCE = "customer_since"
STAGE = "stage"
OWNER = "owner"
GUIDANCE = "guidance"
CHANNEL = "preferred_channel"
DO_NOT_CONTACT = "do_not_contact"
NOTES = "notes"
ADDRESS = "address"  # a whole, formatted address
STREET = "street"
CITY = "city"
REGION = "region"
POSTAL_CODE = "postal_code"
COUNTRY = "country"
LABELS = "labels"

ADDRESS_PARTS = (STREET, CITY, REGION, POSTAL_CODE, COUNTRY)

# The plain layout, in the order `export contacts` writes it (docs/imports.md).
PLAIN_HEADERS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "title",
    "stage",
    "owner_email",
    "birthday",
    "customer_since",
    "guidance",
    "preferred_channel",
    "do_not_contact",
    "notes",
    "address",
)

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize_header(name: str) -> str:
    """'E-mail 1 - Value' → 'email1value'; 'Société' → 'societe'."""
    return _NOT_ALNUM.sub("", fold(name))


@dataclass(frozen=True)
class Column:
    target: str
    rank: int = 0


@dataclass(frozen=True)
class Layout:
    key: str
    label: str
    columns: Mapping[str, Column]
    # (pattern on the normalized header, target): the first group is the rank.
    patterns: tuple[tuple[re.Pattern[str], str], ...] = ()
    day_first: bool = False  # how to read 05/04/1990 (else month first, as in the US)
    known: frozenset[str] = frozenset()  # headers it recognises, imported or not

    def column_for(self, header: str) -> Column | None:
        key = normalize_header(header)
        column = self.columns.get(key)
        if column is not None:
            return column
        for pattern, target in self.patterns:
            match = pattern.fullmatch(key)
            if match:
                return Column(target, int(match.group(1)))
        return None


def _columns(spec: Mapping[str, str | tuple[str, int]]) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for header, target in spec.items():
        column = Column(target, 0) if isinstance(target, str) else Column(*target)
        out[normalize_header(header)] = column
    return out


def _numbered(*pairs: tuple[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), target) for pattern, target in pairs)


_GOOGLE_NUMBERED = _numbered(
    (r"email(\d+)value", EMAIL),
    (r"phone(\d+)value", PHONE),
    (r"address(\d+)formatted", ADDRESS),
    (r"address(\d+)street", STREET),
    (r"address(\d+)city", CITY),
    (r"address(\d+)region", REGION),
    (r"address(\d+)postalcode", POSTAL_CODE),
    (r"address(\d+)country", COUNTRY),
)

# Google Contacts since 2023: "First Name, Middle Name, Last Name, … Organization Name,
# Organization Title, … Birthday, Notes, Photo, Labels, E-mail 1 - Label, E-mail 1 - Value, …"
GOOGLE = Layout(
    key="google",
    label="Google Contacts",
    columns=_columns(
        {
            "First Name": FIRST_NAME,
            "Middle Name": MIDDLE_NAME,
            "Last Name": LAST_NAME,
            "Organization Name": COMPANY,
            "Organization Title": TITLE,
            "Birthday": BIRTHDAY,
            "Notes": NOTES,
            "Labels": LABELS,
        }
    ),
    patterns=_GOOGLE_NUMBERED,
)

# Google Contacts before 2023 (and many tools that copy it): "Name, Given Name, Additional
# Name, Family Name, … Birthday, … Notes, … Group Membership, E-mail 1 - Type, E-mail 1 -
# Value, … Organization 1 - Name, Organization 1 - Title, …"
GOOGLE_LEGACY = Layout(
    key="google_legacy",
    label="Google Contacts (older layout)",
    columns=_columns(
        {
            "Name": FULL_NAME,
            "Given Name": FIRST_NAME,
            "Additional Name": MIDDLE_NAME,
            "Family Name": LAST_NAME,
            "Birthday": BIRTHDAY,
            "Notes": NOTES,
            "Group Membership": LABELS,
        }
    ),
    patterns=(
        *_GOOGLE_NUMBERED,
        *_numbered((r"organization(\d+)name", COMPANY), (r"organization(\d+)title", TITLE)),
    ),
)


# Outlook (Outlook.com and the desktop "Comma Separated Values" export), in English; the
# localised exports follow the plain layout below. Outlook's "Title" is the courtesy title
# (Mr., Dr.), so it is not read; "Job Title" is.
def _outlook_columns(spec: Mapping[str, outlook.Target]) -> dict[str, Column | None]:
    return {
        normalize_header(header): (
            None
            if target is None
            else Column(target, 0)
            if isinstance(target, str)
            else Column(*target)
        )
        for header, target in spec.items()
    }


_OUTLOOK_EN = _outlook_columns(outlook.headers("en"))
OUTLOOK = Layout(
    key="outlook",
    label="Outlook",
    columns={k: c for k, c in _OUTLOOK_EN.items() if c is not None},
    known=frozenset(_OUTLOOK_EN),
)

# Our own layout (docs/imports.md), with the synonyms people type in spreadsheets.
PLAIN = Layout(
    key="plain",
    label="Plain CSV",
    columns=_columns(
        {
            "first_name": FIRST_NAME,
            "first": FIRST_NAME,
            "given name": FIRST_NAME,
            "forename": FIRST_NAME,
            "middle_name": MIDDLE_NAME,
            "last_name": LAST_NAME,
            "last": LAST_NAME,
            "surname": LAST_NAME,
            "family name": LAST_NAME,
            "name": FULL_NAME,
            "full name": FULL_NAME,
            "contact name": FULL_NAME,
            "display name": FULL_NAME,
            "email": (EMAIL, 1),
            "email address": (EMAIL, 1),
            "mail": (EMAIL, 1),
            "email 2": (EMAIL, 2),
            "phone": (PHONE, 1),
            "phone number": (PHONE, 1),
            "telephone": (PHONE, 1),
            "tel": (PHONE, 1),
            # the same in the languages of the Outlook exports we read (Téléphone folds to
            # telephone), for hand-made sheets
            "telefon": (PHONE, 1),
            "telefono": (PHONE, 1),
            "telefone": (PHONE, 1),
            "telefoon": (PHONE, 1),
            "handy": (PHONE, 2),
            "mobil": (PHONE, 2),
            "mobiel": (PHONE, 2),
            "movil": (PHONE, 2),
            "celular": (PHONE, 2),
            "cellulare": (PHONE, 2),
            "portable": (PHONE, 2),
            "mobile": (PHONE, 2),
            "mobile phone": (PHONE, 2),
            "mobile number": (PHONE, 2),
            "cell": (PHONE, 2),
            "cell phone": (PHONE, 2),
            "work phone": (PHONE, 3),
            "business phone": (PHONE, 3),
            "home phone": (PHONE, 4),
            "company": COMPANY,
            "company name": COMPANY,
            "organization": COMPANY,
            "organisation": COMPANY,
            "organization name": COMPANY,
            "org": COMPANY,
            "account": COMPANY,
            "title": TITLE,
            "job title": TITLE,
            "position": TITLE,
            "role": TITLE,
            "stage": STAGE,
            "lifecycle stage": STAGE,
            "owner_email": OWNER,
            "owner": OWNER,
            "owned by": OWNER,
            "rep": OWNER,
            "account owner": OWNER,
            "birthday": BIRTHDAY,
            "birth date": BIRTHDAY,
            "date of birth": BIRTHDAY,
            "dob": BIRTHDAY,
            "customer_since": CUSTOMER_SINCE,
            "first purchase": CUSTOMER_SINCE,
            "first purchase date": CUSTOMER_SINCE,
            "guidance": GUIDANCE,
            "after the sale": GUIDANCE,
            "preferred_channel": CHANNEL,
            "channel": CHANNEL,
            "preferred contact method": CHANNEL,
            "do_not_contact": DO_NOT_CONTACT,
            "dnc": DO_NOT_CONTACT,
            "opt out": DO_NOT_CONTACT,
            "notes": NOTES,
            "note": NOTES,
            "comments": NOTES,
            "description": NOTES,
            "address": ADDRESS,
            "postal address": ADDRESS,
            "mailing address": ADDRESS,
            "street address": ADDRESS,
            "labels": LABELS,
            "tags": LABELS,
        }
    ),
)


def _localised_outlook(language: str) -> Layout:
    """Outlook in another language. Its own names come first, then Outlook's English ones
    (some localised exports keep a few), then the plain layout's (a hand-made sheet with
    "Vorname, Nachname, E-Mail" is read too)."""
    own = _outlook_columns(outlook.headers(language))
    merged: dict[str, Column | None] = {**PLAIN.columns, **_OUTLOOK_EN, **own}
    return Layout(
        key="outlook",
        label=f"Outlook ({outlook.LANGUAGE_NAMES[language]})",
        columns={k: c for k, c in merged.items() if c is not None},
        day_first=language in outlook.DAY_FIRST,
        known=frozenset(own) - OUTLOOK.known,  # the names that tell this language apart
    )


OUTLOOK_LOCALISED = tuple(_localised_outlook(lang) for lang in outlook.LANGUAGES[1:])
LAYOUTS = (GOOGLE, GOOGLE_LEGACY, OUTLOOK, *OUTLOOK_LOCALISED, PLAIN)

_GOOGLE_MARKER = re.compile(
    r"(email|phone|address|organization|website|relation|event|im)\d+"
    r"(value|type|label|formatted|street|city|name|title)"
)
_GOOGLE_LEGACY_MARKERS = frozenset(
    {"givenname", "familyname", "additionalname", "groupmembership", "organization1name"}
)
_GOOGLE_MARKERS = frozenset(
    {"phoneticfirstname", "fileas", "organizationname", "organizationtitle", "labels"}
)
_OUTLOOK_MARKERS = frozenset(
    normalize_header(h)
    for h in (
        "E-mail Address",
        "E-mail 2 Address",
        "E-mail Display Name",
        "Middle Name",
        "Suffix",
        "Job Title",
        "Business Phone",
        "Home Phone",
        "Mobile Phone",
        "Business Street",
        "Home Street",
        "Business Country/Region",
        "Company Main Phone",
        "Web Page",
    )
)
_IDENTITY = frozenset({FIRST_NAME, LAST_NAME, FULL_NAME, EMAIL, PHONE})


def detect_layout(headers: Iterable[str]) -> Layout | None:
    """The layout a header row belongs to, or None when it is none we know."""
    keys = {normalize_header(h) for h in headers} - {""}
    localised = _localised_outlook_of(keys)
    if localised is not None:
        return localised
    # Outlook first: its "E-mail 2 Type" looks like Google's numbered columns.
    if len(keys & _OUTLOOK_MARKERS) >= 3 and "emailaddress" in keys:
        return OUTLOOK
    google_numbered = any(_GOOGLE_MARKER.fullmatch(k) for k in keys)
    if google_numbered and keys & _GOOGLE_LEGACY_MARKERS:
        return GOOGLE_LEGACY
    if google_numbered or len(keys & _GOOGLE_MARKERS) >= 3:
        return GOOGLE
    plain_targets = {c.target for k in keys if (c := PLAIN.columns.get(k)) is not None}
    if plain_targets & _IDENTITY:
        return PLAIN
    return None


def _localised_outlook_of(keys: set[str]) -> Layout | None:
    """The localised Outlook layout with the most of its own column names in `keys` (at
    least three, one of them a name or an email), or None."""
    best, best_score = None, 0
    for layout in OUTLOOK_LOCALISED:
        score = len(keys & layout.known)
        if score > best_score:
            best, best_score = layout, score
    if best is None or best_score < 3:
        return None
    targets = {c.target for k in keys if (c := best.columns.get(k)) is not None}
    return best if targets & _IDENTITY else None

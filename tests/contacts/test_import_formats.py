"""Real export files from Google, Outlook, spreadsheets and phones, read into a workspace."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from followthrough.contacts.importing import ImportReport, import_contacts
from followthrough.contacts.keys import phone_digits
from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Member

FILES = Path(__file__).parent / "files"


def run(member: Member, name: str, now: datetime, **options: Any) -> ImportReport:
    with (FILES / name).open("rb") as source:
        return import_contacts(
            workspace=member.workspace, source=source, now=now, source_name=name, **options
        )


def get(member: Member, email: str) -> Contact:
    return Contact.objects.select_related("company").get(workspace=member.workspace, email=email)


@pytest.mark.parametrize(
    ("name", "layout", "encoding", "created"),
    [
        ("google_contacts.csv", "google", "utf-8", 5),
        ("google_contacts_legacy.csv", "google_legacy", "utf-8", 2),
        ("outlook_contacts.csv", "outlook", "utf-8", 3),
        ("outlook_contacts_utf16.csv", "outlook", "utf-16", 2),
        ("plain_semicolon_cp1252.csv", "plain", "cp1252", 3),
        ("plain_contacts.csv", "plain", "utf-8", 3),
        ("contacts_v21.vcf", "vcard", "utf-8", 2),
        ("contacts_v3.vcf", "vcard", "utf-8", 3),
    ],
)
def test_each_kind_of_file_is_recognised_and_imported_whole(
    alice, bob, now, name, layout, encoding, created
):
    report = run(alice, name, now)
    assert (report.layout_key, report.encoding) == (layout, encoding)
    assert report.errors == []
    assert report.created == created
    assert Contact.objects.filter(workspace=alice.workspace).count() == created


def test_google_contacts_fields_land_where_they_belong(alice, now):
    run(alice, "google_contacts.csv", now)
    dana = get(alice, "dana.reyes@harborcycles.test")
    assert (dana.first_name, dana.last_name) == ("Dana", "Reyes")
    assert dana.company is not None
    assert dana.company.name == "Harbor Cycles"
    assert dana.title == "Owner"
    assert dana.phone == "+1 415-555-0134"
    assert dana.birthday == date(1984, 3, 9)
    assert dana.address == "12 Pier Road\nSan Francisco, CA 94111\nUS"
    # Google packs several emails into one cell: the first is the email, the rest are noted.
    assert dana.notes == (
        "Met at the spring trade fair.\nPrefers mornings.\n\n"
        "Other emails: dana@home.test\nLabels: Customers"
    )
    assert dana.sort_key == "reyes dana"
    assert dana.company_key == "harbor cycles"
    assert dana.phone_key == phone_digits("+1 415-555-0134") != ""


def test_a_google_birthday_without_a_year_is_kept_in_the_marker_year(alice, now):
    run(alice, "google_contacts.csv", now)
    jose = get(alice, "jose.nunez@example.test")
    assert jose.birthday == date(1904, 5, 17)
    assert (jose.first_name, jose.last_name) == ("José Luis", "Núñez")
    assert jose.first_key == "jose luis nunez"
    assert jose.notes == "Other phones: 212 555 0100"


def test_google_rows_without_email_or_name_still_import(alice, now):
    run(alice, "google_contacts.csv", now)
    sam = Contact.objects.get(workspace=alice.workspace, first_name="Sam")
    assert (sam.email, sam.phone) == ("", "+49 151 2345678")
    orders = get(alice, "orders@harborcycles.test")
    assert orders.name == "orders@harborcycles.test"
    # Two rows name the same company: it exists once.
    assert orders.company == get(alice, "dana.reyes@harborcycles.test").company


def test_the_older_google_layout_reads_given_and_family_names_and_organizations(alice, now):
    report = run(alice, "google_contacts_legacy.csv", now)
    marta = get(alice, "marta@kowalska.test")
    assert report.layout == "Google Contacts (older layout)"
    assert (marta.first_name, marta.last_name, marta.title) == ("Marta", "Kowalska", "Director")
    assert marta.company is not None
    assert marta.company.name == "Kowalska Trading"
    assert marta.notes == "Labels: Suppliers"
    tom = get(alice, "tom.obrien@example.test")
    assert (tom.first_name, tom.last_name) == ("Tom", "O'Brien")  # split from "Name"


def test_outlook_fields_land_where_they_belong(alice, now):
    run(alice, "outlook_contacts.csv", now)
    kenji = get(alice, "kenji@watanabe-logistics.test")
    assert kenji.title == "Purchasing Manager"  # "Job Title", not Outlook's "Title" (Mr.)
    assert kenji.phone == "+81 90-1234-5678"  # mobile before business
    assert kenji.birthday == date(1975, 7, 4)
    assert kenji.address == "3-1 Marunouchi\nTokyo, 100-0005\nJapan"
    assert "Other phones: +81 3-1234-5678" in kenji.notes
    assert "Labels: Customers, Key accounts" in kenji.notes
    aoife = get(alice, "aoife@byrnebakes.test")
    assert aoife.birthday is None  # Outlook writes 0/0/00 for "no date"
    assert aoife.notes == "Other emails: aoife.byrne@mail.test"
    lucas = get(alice, "lucas@bistro-moreau.test")
    assert lucas.notes == "Allergic to\npeanuts — bring the nut-free samples."
    assert lucas.address == "8 rue des Lilas\nLyon, 69003\nFrance"


def test_outlook_in_utf16_keeps_its_accents(alice, now):
    run(alice, "outlook_contacts_utf16.csv", now)
    zoe = get(alice, "zoe@angstrom.test")
    assert (zoe.first_name, zoe.last_name) == ("Zoë", "Ångström")
    assert zoe.birthday == date(1992, 2, 29)
    assert zoe.company is not None
    assert zoe.company.name == "Ångström AB"


def test_a_semicolon_windows_spreadsheet_with_synonym_headers_imports(alice, now):
    run(alice, "plain_semicolon_cp1252.csv", now)
    juergen = get(alice, "juergen@mueller-gmbh.test")
    assert (juergen.first_name, juergen.last_name) == ("Jürgen", "Müller")
    assert juergen.phone == "+49 170 1234567"  # the "Mobile" column
    assert juergen.stage == "customer"
    assert juergen.birthday == date(1990, 5, 17)  # 17.05.1990, day first
    assert juergen.notes == "Preis in € verhandelt"
    assert get(alice, "f.dubois@dubois.test").birthday == date(1975, 2, 3)
    assert get(alice, "soren@olgaard.test").stage == "lost"


def test_the_plain_layout_sets_every_column(alice, bob, now):
    run(alice, "plain_contacts.csv", now)
    ines = get(alice, "ines@carvalho.test")
    assert ines.owner == bob
    assert ines.stage == "customer"
    assert ines.customer_since == date(2025, 3, 2)
    assert (ines.guidance, ines.preferred_channel, ines.do_not_contact) == (
        "low_touch",
        "message",
        False,
    )
    assert ines.address == "Rua Augusta 10\nLisboa"
    omar = get(alice, "omar@haddad.test")
    assert omar.owner == alice
    assert omar.birthday == date(1904, 2, 29)
    assert omar.do_not_contact is True
    assert get(alice, "mei@lin.test").stage == "lost"


def test_vcard_3_cards_with_photos_groups_and_folded_lines(alice, now):
    run(alice, "contacts_v3.vcf", now)
    chidi = get(alice, "chidi@okafor-furniture.test")  # the "pref" email, not the home one
    assert chidi.company is not None
    assert (chidi.company.name, chidi.title) == ("Okafor Furniture", "Head of Sales")
    assert chidi.phone == "+234 803 555 0101"
    assert chidi.birthday == date(1981, 6, 14)
    assert chidi.address == "14 Marina Road\nLagos, 101001\nNigeria"
    assert chidi.notes.startswith(
        "Referred by the Lagos chamber of commerce.\nWants samples before ordering."
    )
    assert "Labels: Customers, Wholesale" in chidi.notes
    elsa = get(alice, "elsa@lindqvist.test")
    assert elsa.first_name == "Elsa Maria"
    assert elsa.birthday == date(1904, 4, 12)
    assert elsa.notes.endswith("seventy-five octets, so this one continues here and ends here.")
    rafael = Contact.objects.get(workspace=alice.workspace, phone="+34 91 555 01 02")
    assert (rafael.first_name, rafael.last_name) == ("Rafael", "Ortega")  # from FN


def test_vcard_2_1_quoted_printable_is_decoded(alice, now):
    run(alice, "contacts_v21.vcf", now)
    juergen = get(alice, "juergen@mueller-maschinen.test")
    assert (juergen.first_name, juergen.last_name) == ("Jürgen", "Müller")
    assert juergen.company is not None
    assert juergen.company.name == "Müller Maschinenbau"
    assert juergen.phone == "+49 171 5550101"
    assert juergen.notes.startswith(
        "Grüße aus München. This note is long enough to be broken with a soft line break."
    )


def test_vcard_4_cards_import_and_an_unreadable_line_costs_only_itself(alice, now):
    report = run(alice, "contacts_v4.vcf", now)
    assert report.created == 5
    assert [str(e) for e in report.errors] == [
        "line 25, KIND: a contact group (KIND:group), not a person: not imported",
    ]
    assert [str(w) for w in report.warnings] == [
        "line 31, vCard: line 34 cannot be read and was left out; the value is kept in the notes",
        "line 37, EMAIL: 'noor@' is not a valid email address; the value is kept in the notes",
    ]
    broken = get(alice, "broken@card.test")
    assert (broken.first_name, broken.last_name) == ("Broken", "Card")
    assert broken.notes == "Could not be read on import:\nvCard: this line has no colon at all"
    amara = get(alice, "amara@diallo-textiles.test")
    assert amara.phone == "+221-77-555-0101"
    assert amara.birthday == date(1990, 5, 17)
    assert amara.address == "12 Rue Carnot\nDakar, 10200\nSenegal"
    assert "Other phones: +221-33-555-0100 ext. 12" in amara.notes
    assert get(alice, "hiroshi@tanaka.test").birthday == date(1904, 2, 3)
    assert get(alice, "lena@vogel.test").last_name == "Vogel"


def test_one_undecodable_property_keeps_the_card_and_is_named(alice, now):
    # Card 1: the second of two NOTEs says UTF-8 but holds Windows-1252 bytes (=FC for "ü").
    # Card 2: one of two EMAILs claims base64 and is not. Card 3 is fine.
    report = run(alice, "contacts_v21_bad_bytes.vcf", now)
    assert report.errors == []
    assert report.created == 3
    assert [str(w) for w in report.warnings] == [
        "line 1, NOTE: line 8 is not in UTF-8; read as Windows-1252",
        "line 10, EMAIL: line 15 cannot be read and was left out; the value is kept in the notes",
    ]
    lotte = get(alice, "lotte@gruen.test")
    assert (lotte.first_name, lotte.last_name, lotte.phone) == ("Lotte", "Grün", "+49 151 5550123")
    assert lotte.notes == "Liefert pünktlich.\n\nGrüße an die Familie Müller"
    paolo = get(alice, "paolo@marchetti.test")
    assert paolo.phone == "+39 02 5550 0100"
    assert paolo.notes == "Could not be read on import:\nEMAIL: !!not base64!!"
    assert "codec" not in " ".join(str(w) for w in report.warnings)

"""Outlook exports written in German, French, Spanish, Italian, Dutch and Portuguese.

The fixtures have Outlook's own export columns in each language (the names Microsoft's
Outlook CSV importer accepts, see contacts/importing/outlook.py), in Outlook's order, in the
encodings and delimiters such exports come in (Windows code page, UTF-8 with and without a
BOM, UTF-16, commas and semicolons), with Outlook's "no date" placeholders.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from followthrough.contacts.importing import ImportReport, import_contacts
from followthrough.contacts.importing.layouts import detect_layout
from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Member

FILES = Path(__file__).parent / "files"

# file, label, first contact (first, last, company, title, email, phone, city), the third
# contact's name, the word Outlook's user typed into its mobile phone cell
CASES = [
    (
        "outlook_de_contacts.csv",
        "Outlook (German)",
        ("Jürgen", "Müller", "Müller Maschinenbau GmbH", "Einkaufsleiter"),
        ("juergen@mueller-maschinen.test", "+49 171 5550101", "Stuttgart"),
        ("Lutz", "Öztürk", "Mobiltelefon", "siehe Notizen"),
    ),
    (
        "outlook_fr_contacts.csv",
        "Outlook (French)",
        ("Hélène", "Lefèvre", "Lefèvre & Fils", "Directrice des achats"),
        ("helene@lefevre.test", "+33 6 12 34 56 78", "Paris"),
        ("Noël", "Garçon", "Tél. mobile", "voir notes"),
    ),
    (
        "outlook_es_contacts.csv",
        "Outlook (Spanish)",
        ("José Luis", "Núñez", "Núñez Hermanos S.L.", "Jefe de compras"),
        ("jose@nunez.test", "+34 612 345 678", "Madrid"),
        ("Íñigo", "Peña", "Mobile Phone", "no tiene"),
    ),
    (
        "outlook_it_contacts.csv",
        "Outlook (Italian)",
        ("Niccolò", "Bianchi", "Bianchi & Figli S.p.A.", "Responsabile acquisti"),
        ("niccolo@bianchi.test", "+39 333 555 0101", "Milano"),
        ("Ettore", "Galli", "Cellulare", "cercapersone"),
    ),
    (
        "outlook_nl_contacts.csv",
        "Outlook (Dutch)",
        ("Joël", "de Vries", "De Vries Fietsen B.V.", "Inkoper"),
        ("joel@devries.test", "+31 6 12345678", "Amsterdam"),
        ("Sjoerd", "Visser", "Mobiele telefoon", "zie notities"),
    ),
    (
        "outlook_pt_br_contacts.csv",
        "Outlook (Portuguese, Brazil)",
        ("João", "Conceição", "Conceição Comércio Ltda.", "Comprador"),
        ("joao@conceicao.test", "+55 11 91234-5678", "São Paulo"),
        ("Tânia", "Gonçalves", "Telefone celular", "ver anotações"),
    ),
    (
        "outlook_pt_pt_contacts.csv",
        "Outlook (Portuguese)",
        ("Inês", "Magalhães", "Magalhães & Filhos, Lda.", "Diretora de compras"),
        ("ines@magalhaes.test", "+351 912 345 678", "Lisboa"),
        ("Sónia", "Brandão", "Telemóvel", "ver notas"),
    ),
]


def run(member: Member, name: str, now: datetime) -> ImportReport:
    with (FILES / name).open("rb") as source:
        return import_contacts(workspace=member.workspace, source=source, now=now)


@pytest.mark.parametrize(("name", "label", "person", "reach", "third"), CASES)
def test_a_localised_outlook_export_imports_every_contact(
    alice, now, name, label, person, reach, third
):
    report = run(alice, name, now)
    assert (report.layout, report.layout_key, report.rows) == (label, "outlook", 3)
    assert report.errors == []
    assert report.created == 3
    first, last, company, title = person
    email, phone, city = reach
    contact = Contact.objects.get(workspace=alice.workspace, email=email)
    assert (contact.first_name, contact.last_name, contact.title) == (first, last, title)
    assert contact.company is not None
    assert contact.company.name == company
    assert contact.phone == phone  # the mobile comes before the business phone
    assert city in contact.address
    # Written day first (5.4.1980, 05/04/1980, 5-4-1980): 5 April, not 4 May.
    assert contact.birthday == date(1980, 4, 5)
    assert "Other emails: " in contact.notes
    assert "Labels: " in contact.notes
    # Outlook's "no date" placeholders (0.0.00, 0/0/00, 00/00/0000) are no date, not an error.
    second = Contact.objects.exclude(pk=contact.pk).exclude(first_name=third[0]).get()
    assert second.birthday is None
    # A word in a phone cell costs nothing but the phone, and is kept in the notes.
    kept = Contact.objects.get(first_name=third[0], last_name=third[1])
    assert kept.phone == ""
    assert kept.notes == f"Could not be read on import:\n{third[2]}: {third[3]}"
    assert [(w.line, w.field) for w in report.warnings] == [(4, third[2])]


def test_the_french_courtesy_title_is_not_taken_for_the_job_title(alice, now):
    # French Outlook names both columns "Titre": the first is "M."/"Mme", the later one the job.
    run(alice, "outlook_fr_contacts.csv", now)
    assert Contact.objects.get(email="helene@lefevre.test").title == "Directrice des achats"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Vorname", "Nachname", "E-Mail-Adresse", "Geburtstag"], "Outlook (German)"),
        (["Prénom", "Nom", "Adresse de messagerie", "Tél. mobile"], "Outlook (French)"),
        (
            ["Nombre", "Segundo nombre", "Apellidos", "E-mail Address", "Mobile Phone"],
            "Outlook (Spanish)",
        ),
        (["Nome", "Cognome", "Indirizzo posta elettronica", "Cellulare"], "Outlook (Italian)"),
        (["Voornaam", "Achternaam", "E-mailadres", "Mobiele telefoon"], "Outlook (Dutch)"),
        (
            ["Primeiro nome", "Sobrenome", "Endereço de email 2", "Telefone celular"],
            "Outlook (Portuguese, Brazil)",
        ),
        (
            ["Primeiro nome", "Apelido", "Endereço de correio electrónico", "Telemóvel"],
            "Outlook (Portuguese)",
        ),
        # Two names of its own are not enough to call a hand-made sheet an Outlook export.
        (["Vorname", "Nachname", "email"], "Plain CSV"),
        (["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Job Title"], "Outlook"),
    ],
)
def test_the_language_is_told_from_the_column_names(header, expected):
    layout = detect_layout(header)
    assert layout is not None
    assert layout.label == expected


def test_a_hand_made_sheet_with_outlook_names_and_plain_ones_reads_both(alice, now, tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_text(
        "Vorname;Nachname;Firma;Email;Telefon\n"
        "Änne;Schäfer;Schäfer KG;aenne@schaefer.test;0711 5550\n",
        encoding="utf-8",
    )
    with path.open("rb") as source:
        report = import_contacts(workspace=alice.workspace, source=source, now=now)
    assert report.layout == "Outlook (German)"
    anne = Contact.objects.get(email="aenne@schaefer.test")
    assert (anne.first_name, anne.phone) == ("Änne", "0711 5550")
    assert anne.company is not None
    assert anne.company.name == "Schäfer KG"

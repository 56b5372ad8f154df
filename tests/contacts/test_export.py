"""`export contacts` and the CSV download: the plain layout, one workspace, read back whole."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from followthrough.contacts.importing import import_contacts
from followthrough.contacts.importing.layouts import PLAIN_HEADERS
from followthrough.contacts.models import Company, Contact
from followthrough.contacts.services import ContactData, contact_archive, contact_create
from followthrough.workspaces.models import Member
from tests.factories import ContactFactory

FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "title",
    "stage",
    "owner_id",
    "birthday",
    "customer_since",
    "guidance",
    "preferred_channel",
    "do_not_contact",
    "notes",
    "address",
    "company__name",
    "sort_key",
    "first_key",
    "company_key",
    "phone_key",
)


def make_contacts(alice: Member, bob: Member, now: datetime) -> None:
    ws = alice.workspace
    contact_create(
        workspace=ws,
        actor=alice,
        now=now,
        stage="customer",
        data=ContactData(
            first_name="Dana",
            last_name="Reyes",
            email="dana@harbor.test",
            phone="+1 415 555 0134",
            company_name="Harbor Cycles",
            title="Owner",
            owner=bob,
            birthday=date(1904, 5, 17),
            customer_since=date(2025, 3, 2),
            guidance="low_touch",
            preferred_channel="message",
            do_not_contact=True,
            notes='Said "no calls", please.\nSecond line; with, punctuation',
            address="12 Pier Road\nSan Francisco",
        ),
    )
    contact_create(
        workspace=ws,
        actor=alice,
        now=now,
        data=ContactData(first_name='=HYPERLINK("http://x")', last_name="-Minus", phone="555 0100"),
    )
    contact_create(
        workspace=ws,
        actor=alice,
        now=now,
        stage="lost",
        data=ContactData(first_name="José", last_name="Núñez", email="jose@x.test", owner=alice),
    )


def snapshot(member: Member) -> set[tuple[object, ...]]:
    return set(Contact.objects.filter(workspace=member.workspace).values_list(*FIELDS))


def export_text(*args: str) -> str:
    out = StringIO()
    call_command("export_contacts", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_export_writes_the_plain_layout_one_row_per_contact(alice, bob, now):
    make_contacts(alice, bob, now)
    rows = list(csv.reader(io.StringIO(export_text())))
    assert rows[0] == list(PLAIN_HEADERS)
    assert len(rows) == 4
    dana = next(r for r in rows if r[2] == "dana@harbor.test")
    assert dana == [
        "Dana",
        "Reyes",
        "dana@harbor.test",
        "+1 415 555 0134",
        "Harbor Cycles",
        "Owner",
        "customer",
        "bob@example.com",
        "--05-17",
        "2025-03-02",
        "low_touch",
        "message",
        "yes",
        'Said "no calls", please.\nSecond line; with, punctuation',
        "12 Pier Road\nSan Francisco",
    ]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_guarded(alice, bob, now):
    make_contacts(alice, bob, now)
    rows = list(csv.reader(io.StringIO(export_text())))
    formula = next(r for r in rows if r[3] == "555 0100")
    assert formula[:2] == ['\'=HYPERLINK("http://x")', "'-Minus"]


def test_export_then_import_gives_back_the_same_contacts(alice, bob, now, tmp_path):
    make_contacts(alice, bob, now)
    before = snapshot(alice)
    path = tmp_path / "contacts.csv"
    export_text("--output", str(path))
    Contact.objects.all().delete()
    Company.objects.all().delete()
    with path.open("rb") as source:
        report = import_contacts(workspace=alice.workspace, source=source, now=now)
    assert report.errors == []
    assert report.created == 3
    assert snapshot(alice) == before


def test_exporting_twice_and_importing_adds_nothing(alice, bob, now, tmp_path):
    make_contacts(alice, bob, now)
    path = tmp_path / "contacts.csv"
    export_text("--output", str(path))
    with path.open("rb") as source:
        report = import_contacts(workspace=alice.workspace, source=source, now=now)
    assert (report.created, report.skipped_existing) == (0, 3)


def test_archived_contacts_are_left_out_unless_asked_for(alice, now):
    kept = ContactFactory.create(workspace=alice.workspace, email="kept@x.test")
    gone = ContactFactory.create(workspace=alice.workspace, email="gone@x.test")
    contact_archive(contact=gone, now=now)
    assert kept.email in export_text()
    assert gone.email not in export_text()
    assert gone.email in export_text("--include-archived")


def test_the_command_exports_one_workspace(alice, charlie):
    ContactFactory(workspace=alice.workspace, email="alices@x.test")
    ContactFactory(workspace=charlie.workspace, email="charlies@x.test")
    text = export_text("--workspace", charlie.workspace.code)
    assert "charlies@x.test" in text
    assert "alices@x.test" not in text


def download(client: Client) -> tuple[object, list[list[str]]]:
    response = client.get("/contacts/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")  # so that Excel reads it as UTF-8
    return response, list(csv.reader(io.StringIO(body[1:])))


def test_the_download_streams_the_managers_workspace(alice, bob, alice_client, now):
    make_contacts(alice, bob, now)
    response, rows = download(alice_client)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response["Content-Type"] == "text/csv; charset=utf-8"  # type: ignore[index]
    assert response["Content-Disposition"].startswith('attachment; filename="contacts-')  # type: ignore[index]
    assert response.streaming  # type: ignore[attr-defined]
    assert rows[0] == list(PLAIN_HEADERS)
    assert {r[2] for r in rows[1:]} == {"dana@harbor.test", "", "jose@x.test"}


def test_charlie_downloads_only_his_own_contacts(alice, bob, charlie, charlie_client, now):
    make_contacts(alice, bob, now)
    ContactFactory(workspace=charlie.workspace, email="chair@charlie.test")
    _, rows = download(charlie_client)
    assert [r[2] for r in rows[1:]] == ["chair@charlie.test"]


def test_a_rep_cannot_download_every_contact(alice, bob, bob_client, now):
    make_contacts(alice, bob, now)
    response = bob_client.get("/contacts/export.csv")
    assert response.status_code == 404
    assert b"dana@harbor.test" not in response.content


def test_the_download_costs_the_same_queries_for_many_contacts(
    alice, bob, alice_client, django_assert_num_queries
):
    for i in range(120):
        ContactFactory(workspace=alice.workspace, email=f"p{i}@x.test", owner=bob)
    # session, user, member (middleware), then one query for all contacts with owners and companies
    with django_assert_num_queries(4):
        _, rows = download(alice_client)
    assert len(rows) == 121


def test_signed_out_visitors_get_no_csv(db):
    response = Client().get("/contacts/export.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_export_csv_file_is_found_by_path(alice, tmp_path):
    ContactFactory(workspace=alice.workspace, email="file@x.test")
    path = tmp_path / "out.csv"
    err = StringIO()
    call_command("export_contacts", "--output", str(path), stdout=StringIO(), stderr=err)
    assert "Wrote 1 contact to" in err.getvalue()
    assert "file@x.test" in Path(path).read_text(encoding="utf-8")


def test_an_email_that_reads_as_a_formula_is_guarded_and_read_back(alice, now, tmp_path):
    ContactFactory.create(workspace=alice.workspace, email="=1+1@example.com", first_name="Eq")
    path = tmp_path / "contacts.csv"
    export_text("--output", str(path))
    assert "'=1+1@example.com" in path.read_text(encoding="utf-8")
    Contact.objects.all().delete()
    with path.open("rb") as source:
        import_contacts(workspace=alice.workspace, source=source, now=now)
    assert Contact.objects.get().email == "=1+1@example.com"

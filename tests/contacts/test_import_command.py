"""`followthrough import contacts FILE` through Django's call_command and the CLI wrapper."""

from __future__ import annotations

import csv
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from followthrough.cli import main as cli_main
from followthrough.contacts.models import Contact
from tests.factories import WorkspaceFactory

FILES = Path(__file__).parent / "files"


def import_file(*args: str) -> str:
    out = StringIO()
    call_command("import_contacts", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_imports_into_the_only_workspace_and_prints_the_report(alice, bob):
    output = import_file(str(FILES / "bad_rows.csv"))
    assert Contact.objects.filter(workspace=alice.workspace).count() == 12
    assert (
        "Plain CSV file (utf-8), 14 rows: Created 12 contacts, skipped 0 already existing, "
        "1 repeated in the file, 1 with errors, 5 imported with values kept in the notes. "
        "(workspace: Alice's Bikes)"
    ) in output
    assert (
        "Not imported:\n  line 17, name: the row has no name, email or phone\n"
        "Imported, with what could not be read kept in the notes:\n"
        "  line 6, email: 'bob@' is not a valid email address; the value is kept in the notes\n"
    ) in output


def test_a_second_run_reports_everything_as_already_existing(alice):
    import_file(str(FILES / "google_contacts.csv"))
    output = import_file(str(FILES / "google_contacts.csv"))
    assert "Created 0 contacts, skipped 5 already existing" in output
    assert Contact.objects.count() == 5


def test_errors_can_be_written_to_a_csv_file(alice, bob, tmp_path):
    errors = tmp_path / "errors.csv"
    output = import_file(str(FILES / "bad_rows.csv"), "--errors-csv", str(errors))
    with errors.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["line", "field", "reason", "imported"]
    assert rows[1] == [
        "6",
        "email",
        "'bob@' is not a valid email address; the value is kept in the notes",
        "yes",
    ]
    assert rows[-1] == ["17", "name", "the row has no name, email or phone", "no"]
    assert len(rows) == 1 + 6
    assert f"Wrote 6 problems to {errors}." in output


def test_dry_run_owner_and_stage_options(alice, bob):
    output = import_file(
        str(FILES / "contacts_v3.vcf"),
        "--owner",
        "BOB@example.com",
        "--stage",
        "customer",
        "--dry-run",
    )
    assert "Dry run: nothing was written." in output
    assert "Would create 3 contacts" in output
    assert not Contact.objects.exists()
    import_file(str(FILES / "contacts_v3.vcf"), "--owner", "bob@example.com", "--stage", "customer")
    assert set(Contact.objects.values_list("owner", "stage")) == {(bob.pk, "customer")}


def test_several_workspaces_need_the_workspace_option(alice, charlie):
    with pytest.raises(CommandError) as caught:
        import_file(str(FILES / "plain_contacts.csv"))
    message = str(caught.value)
    assert "choose one with --workspace CODE" in message
    assert alice.workspace.code in message
    assert charlie.workspace.code in message
    import_file(str(FILES / "plain_semicolon_cp1252.csv"), "--workspace", charlie.workspace.code)
    assert Contact.objects.filter(workspace=charlie.workspace).count() == 3
    assert not Contact.objects.filter(workspace=alice.workspace).exists()


def test_an_owner_from_another_workspace_is_refused(alice, charlie):
    with pytest.raises(
        CommandError, match=re.escape("'charlie@example.com' is not an active member of Alice's")
    ):
        import_file(
            str(FILES / "plain_contacts.csv"),
            "--workspace",
            alice.workspace.code,
            "--owner",
            "charlie@example.com",
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "upload.csv: The file is empty."),
        (b"PK\x03\x04rest", "upload.csv: This is a zipped document"),
        (b"sku,price\n1,2\n", "upload.csv: The columns were not recognised"),
    ],
)
def test_a_malformed_file_is_one_clear_error(alice, tmp_path, content, message):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        import_file(str(path))


def test_a_missing_file_or_workspace_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        import_file(str(tmp_path / "nope.csv"))
    with pytest.raises(CommandError, match="There is no workspace yet"):
        import_file(str(FILES / "plain_contacts.csv"))
    WorkspaceFactory(name="Only")
    with pytest.raises(CommandError, match="No workspace has the code 'zzz'"):
        import_file(str(FILES / "plain_contacts.csv"), "--workspace", "zzz")


def test_the_followthrough_script_maps_import_and_export_contacts_to_the_commands(monkeypatch):
    # Django's runner closes every connection when a command ends, which would end the test's
    # transaction on PostgreSQL; the commands themselves are run through call_command above.
    seen: list[list[str]] = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.append(argv)
    )
    cli_main(["import", "contacts", "people.vcf", "--dry-run"])
    cli_main(["export", "contacts", "--output", "out.csv"])
    assert seen == [
        ["followthrough", "import_contacts", "people.vcf", "--dry-run"],
        ["followthrough", "export_contacts", "--output", "out.csv"],
    ]

"""Bad rows are reported by line and field, nothing valid is lost, and re-runs add nothing."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from followthrough.contacts.importing import ImportFileError, ImportReport, import_contacts
from followthrough.contacts.models import Company, Contact, StageChange
from followthrough.workspaces.models import Member
from tests.factories import ContactFactory

FILES = Path(__file__).parent / "files"


def run(member: Member, path: Path, now: datetime, **options: Any) -> ImportReport:
    with path.open("rb") as source:
        return import_contacts(
            workspace=member.workspace, source=source, now=now, source_name=path.name, **options
        )


def emails(member: Member) -> set[str]:
    return set(Contact.objects.filter(workspace=member.workspace).values_list("email", flat=True))


def write(tmp_path: Path, text: str, *, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_cell_never_costs_the_contact_and_all_its_bad_cells_share_one_line(alice, bob, now):
    report = run(alice, FILES / "bad_rows.csv", now)
    assert [str(e) for e in report.errors] == [
        "line 17, name: the row has no name, email or phone",
    ]
    assert [str(w) for w in report.warnings] == [
        "line 6, email: 'bob@' is not a valid email address; the value is kept in the notes",
        "line 9, birthday: '1990-02-31' is not a real date; the value is kept in the notes",
        "line 10, stage: 'champion' is not a stage (use prospect, customer, lost); "
        "the value is kept in the notes",
        "line 11, owner_email: 'nobody@elsewhere.test' is not an active member of this "
        "workspace, so the import's owner was given; the value is kept in the notes",
        "line 14, email, birthday, do_not_contact: 'two@' is not a valid email address; "
        "'not a date' is not a date (write dates as 1990-05-17, 05/17/1990 or 17.05.1990); "
        "'maybe' is not yes or no; the values are kept in the notes",
    ]
    assert (report.rows_with_errors, report.rows_with_warnings) == (1, 5)
    two = Contact.objects.get(workspace=alice.workspace, first_name="Two")
    assert (two.email, two.birthday, two.do_not_contact) == ("", None, False)
    assert two.notes == (
        "Could not be read on import:\nemail: two@\nbirthday: not a date\ndo_not_contact: maybe"
    )
    stage = Contact.objects.get(workspace=alice.workspace, email="bad.stage@example.test")
    assert (stage.stage, stage.notes) == (
        "prospect",
        "Could not be read on import:\nstage: champion",
    )
    owner = Contact.objects.get(workspace=alice.workspace, email="bad.owner@example.test")
    assert owner.owner is None  # the import named no default owner


def test_a_row_whose_only_identity_is_unreadable_is_not_imported_and_says_why(alice, now, tmp_path):
    report = run(alice, write(tmp_path, "email,birthday,company\nbob@,1990-02-31,Acme\n"), now)
    assert [str(e) for e in report.errors] == [
        "line 2, email, birthday: 'bob@' is not a valid email address; '1990-02-31' is not a "
        "real date; without it the row has no name, email or phone, so it was not imported"
    ]
    assert report.created == 0


def test_phone_cells_holding_words_do_not_lose_a_contact_with_four_emails(alice, now, tmp_path):
    path = write(
        tmp_path,
        "First Name,Last Name,E-mail Address,E-mail 2 Address,E-mail 3 Address,Notes,"
        "Mobile Phone,Business Phone,Home Phone\n"
        "Ines,Alves,ines@alves.test,i.alves@work.test,ines.a@mail.test,Met at the fair,"
        "pager,see notes,n/a\n",
    )
    report = run(alice, path, now)
    assert report.layout_key == "outlook"
    assert report.errors == []
    assert [str(w) for w in report.warnings] == [
        "line 2, Mobile Phone, Business Phone, Home Phone: 'pager' is not a phone number; "
        "'see notes' is not a phone number; 'n/a' is not a phone number; "
        "the values are kept in the notes"
    ]
    ines = Contact.objects.get(workspace=alice.workspace)
    assert (ines.email, ines.phone) == ("ines@alves.test", "")
    assert ines.notes == (
        "Met at the fair\n\nOther emails: i.alves@work.test, ines.a@mail.test\n"
        "Could not be read on import:\nMobile Phone: pager\nBusiness Phone: see notes\n"
        "Home Phone: n/a"
    )


def test_no_valid_row_is_lost_because_of_bad_ones_around_it(alice, bob, now):
    report = run(alice, FILES / "bad_rows.csv", now)
    assert report.created == 12
    assert report.skipped_in_file == 1  # line 15 repeats line 2's email in capitals
    assert emails(alice) == {
        "ada@analytical.test",
        "grace@navy.test",
        "linus@kernel.test",
        "margaret@mit.test",
        "katherine@nasa.test",
        "short@row.test",
        "bad.date@example.test",
        "bad.stage@example.test",
        "bad.owner@example.test",
        "",  # "Only Phone", "Bad Email" and "Two Problems", who have no valid email
    }
    grace = Contact.objects.get(workspace=alice.workspace, email="grace@navy.test")
    assert grace.notes == "Multi-line\nnote that spans\nthree lines"
    assert grace.guidance == "low_touch"
    ada = Contact.objects.get(workspace=alice.workspace, email="ada@analytical.test")
    assert (ada.owner, ada.stage, ada.customer_since) == (bob, "customer", date(2024, 1, 15))


def test_running_the_same_file_again_imports_nothing_twice(alice, bob, now):
    first = run(alice, FILES / "bad_rows.csv", now)
    again = run(alice, FILES / "bad_rows.csv", now)
    assert first.created == 12
    assert (again.created, again.skipped_existing, again.skipped_in_file) == (0, 12, 1)
    assert len(again.errors) == len(first.errors)
    assert Contact.objects.filter(workspace=alice.workspace).count() == 12
    assert StageChange.objects.filter(workspace=alice.workspace).count() == 12


def test_rows_without_email_are_matched_by_name_and_phone_on_a_re_run(alice, now, tmp_path):
    path = write(
        tmp_path,
        "name,phone\n"
        "Sam Okoro,+49 151 2345678\n"
        "Sam Okoro,+49 151 9999999\n"
        "SAM OKORÓ,0151 2345678\n",
    )
    first = run(alice, path, now)
    again = run(alice, path, now)
    # The third row is the first one typed differently: same folded name, same number.
    assert (first.created, first.skipped_in_file) == (2, 1)
    assert (again.created, again.skipped_existing, again.skipped_in_file) == (0, 2, 1)
    assert Contact.objects.filter(workspace=alice.workspace).count() == 2


def test_emails_already_in_the_workspace_are_skipped_whatever_their_case(alice, now, tmp_path):
    ContactFactory(workspace=alice.workspace, email="dana@customer.test", first_name="Dana")
    path = write(tmp_path, "email,first_name\nDANA@Customer.test,Someone Else\nnew@x.test,New\n")
    report = run(alice, path, now)
    assert (report.created, report.skipped_existing) == (1, 1)
    assert Contact.objects.get(email="dana@customer.test").first_name == "Dana"


def test_another_workspace_with_the_same_emails_does_not_count(alice, charlie, now):
    run(charlie, FILES / "plain_contacts.csv", now)
    report = run(alice, FILES / "plain_semicolon_cp1252.csv", now)
    again_for_charlie = run(charlie, FILES / "plain_semicolon_cp1252.csv", now)
    assert report.created == 3
    assert again_for_charlie.created == 3


def test_a_dry_run_reports_the_same_counts_and_writes_nothing(alice, bob, now):
    report = run(alice, FILES / "bad_rows.csv", now, dry_run=True)
    assert report.dry_run
    assert (report.created, report.skipped_in_file, report.rows_with_errors) == (12, 1, 1)
    assert not Contact.objects.filter(workspace=alice.workspace).exists()
    assert not Company.objects.filter(workspace=alice.workspace).exists()


def test_imported_contacts_get_their_stage_history_and_default_owner_and_stage(
    alice, bob, now, tmp_path
):
    path = write(tmp_path, "email,stage\na@x.test,\nb@x.test,customer\n")
    run(alice, path, now, default_owner=bob, default_stage="lost", actor=alice)
    a = Contact.objects.get(email="a@x.test")
    b = Contact.objects.get(email="b@x.test")
    assert (a.stage, a.owner, b.stage, b.customer_since) == ("lost", bob, "customer", now.date())
    change = StageChange.objects.get(contact=b)
    assert (change.from_stage, change.to_stage, change.at, change.by) == (
        "",
        "customer",
        now,
        alice,
    )
    assert change.reason == "Imported from contacts.csv"


def test_companies_are_shared_by_folded_name_with_existing_ones(alice, now, tmp_path):
    existing = Company.objects.create(
        workspace=alice.workspace, name="Müller GmbH", name_key="muller gmbh"
    )
    path = write(
        tmp_path, "email,company\na@x.test,MULLER  GmbH\nb@x.test,Muller GmbH\nc@x.test,Other\n"
    )
    run(alice, path, now, batch_size=1)
    companies = Company.objects.filter(workspace=alice.workspace)
    assert companies.count() == 2
    assert Contact.objects.get(email="a@x.test").company == existing
    assert Contact.objects.get(email="b@x.test").company == existing


def test_batches_write_the_same_as_one_batch(alice, now, tmp_path):
    rows = "".join(f"user{i}@x.test,Person {i},+1 555 01{i:02d}\n" for i in range(25))
    path = write(tmp_path, "email,name,phone\n" + rows + "user3@x.test,Again,\n")
    report = run(alice, path, now, batch_size=4)
    assert (report.created, report.skipped_in_file) == (25, 1)
    assert StageChange.objects.filter(workspace=alice.workspace).count() == 25


def test_google_multiple_emails_use_the_first_valid_one(alice, now, tmp_path):
    path = write(
        tmp_path,
        "First Name,E-mail 1 - Label,E-mail 1 - Value\n"
        "Kim,* Work,not-an-email ::: kim@lee.test ::: k@lee.test\n",
    )
    run(alice, path, now)
    kim = Contact.objects.get(workspace=alice.workspace)
    assert kim.email == "kim@lee.test"
    assert kim.notes == (
        "Other emails: k@lee.test\nCould not be read on import:\nE-mail 1 - Value: not-an-email"
    )


def test_quoted_multi_line_fields_and_blank_lines_keep_line_numbers_true(alice, now, tmp_path):
    path = write(
        tmp_path,
        '\n\nemail,notes\n\na@x.test,"one\ntwo\n\nthree"\n\nbad@,"x"\nc@x.test,\n',
    )
    report = run(alice, path, now)
    assert [str(e) for e in report.errors] == [
        "line 10, email: 'bad@' is not a valid email address; without it the row has no name, "
        "email or phone, so it was not imported"
    ]
    assert Contact.objects.get(email="a@x.test").notes == "one\ntwo\n\nthree"
    assert report.created == 2


def test_tab_delimited_and_pipe_delimited_files_are_sniffed(alice, now, tmp_path):
    run(alice, write(tmp_path, "email\tname\nt@x.test\tTab Person\n", name="t.tsv"), now)
    run(alice, write(tmp_path, "email|name\np@x.test|Pipe Person\n", name="p.csv"), now)
    assert Contact.objects.get(email="t@x.test").last_name == "Person"
    assert Contact.objects.get(email="p@x.test").first_name == "Pipe"


def test_excels_sep_line_names_the_delimiter_and_counts_as_a_line(alice, now, tmp_path):
    path = write(tmp_path, "sep=;\nemail;name\ns@x.test;Semi Colon\nbad@;Bad\n")
    report = run(alice, path, now)
    assert [str(e) for e in report.warnings] == [
        "line 4, email: 'bad@' is not a valid email address; the value is kept in the notes"
    ]
    assert Contact.objects.get(email="s@x.test").last_name == "Colon"


def test_a_latin_1_file_that_is_not_valid_cp1252_still_imports(alice, now, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("email,first_name\nz@x.test,Zo\xeb\x81\n".encode("latin-1"))
    report = run(alice, path, now)
    assert report.encoding == "latin-1"
    assert Contact.objects.get(email="z@x.test").first_name == "Zoë\x81"


def test_a_utf8_file_with_a_bom_and_crlf_lines(alice, now, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "\ufeffEmail Address,First Name,Last Name\r\nbom@x.test,Åsa,Öberg\r\n".encode()
    )
    report = run(alice, path, now)
    assert (report.layout_key, report.encoding) == ("plain", "utf-8-sig")
    assert Contact.objects.get(email="bom@x.test").last_name == "Öberg"


def test_an_unclosed_quote_is_reported_where_it_starts_and_earlier_rows_are_kept(
    alice, now, tmp_path
):
    path = write(tmp_path, 'email,notes\na@x.test,fine\nb@x.test,"never closed\nc@x.test,x\n')
    report = run(alice, path, now)
    assert [str(e) for e in report.errors] == [
        "line 3, row: a quoted field starts here and is never closed, "
        "so lines 3 to 4 could not be read"
    ]
    assert emails(alice) == {"a@x.test"}


def test_a_cell_guarded_against_spreadsheet_formulas_is_read_back_as_written(alice, now, tmp_path):
    path = write(tmp_path, "email,first_name,notes\nf@x.test,'=Hyper,'-5 days\n")
    run(alice, path, now)
    contact = Contact.objects.get(email="f@x.test")
    assert (contact.first_name, contact.notes) == ("=Hyper", "-5 days")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\n\n  \r\n", "The file is empty."),
        (b"\xef\xbb\xbf", "The file is empty."),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "This is a zipped document (an Excel .xlsx, .ods or .zip file)",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is a PNG image"),
        (bytes(range(256)) * 4, "This looks like a binary file"),
        (b"foo,bar,baz\n1,2,3\n", "The columns were not recognised ('foo', 'bar', 'baz')"),
        (b"alice@example.com,Alice\n", "The columns were not recognised"),
    ],
)
def test_a_file_that_cannot_be_imported_gets_one_clear_error(
    alice, now, tmp_path, content, message
):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        run(alice, path, now)
    assert str(caught.value).startswith(message)
    assert not Contact.objects.exists()


def test_a_header_only_file_imports_nothing_without_error(alice, now, tmp_path):
    report = run(alice, write(tmp_path, "first_name,last_name,email\n"), now)
    assert (report.rows, report.created, report.errors) == (0, 0, [])


def test_unknown_columns_of_a_plain_file_are_listed(alice, now, tmp_path):
    report = run(
        alice, write(tmp_path, "email,shoe size,favourite colour\nx@x.test,42,blue\n"), now
    )
    assert report.ignored_columns == ("shoe size", "favourite colour")


def test_a_hundred_rows_read_back_exactly(alice, now, tmp_path):
    path = tmp_path / "many.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["first_name", "last_name", "email", "birthday"])
        for i in range(100):
            writer.writerow(
                [f"First{i}", f"Last{i}", f"p{i}@x.test", f"{1950 + i % 50}-01-{1 + i % 28:02d}"]
            )
    report = run(alice, path, now, batch_size=30)
    assert report.created == 100
    c = Contact.objects.get(email="p42@x.test")
    assert (c.first_name, c.birthday) == ("First42", date(1992, 1, 15))


def test_progress_is_reported_in_bytes_up_to_the_size_of_the_file(alice, now, tmp_path):
    path = write(tmp_path, "email\n" + "".join(f"p{i}@x.test\n" for i in range(3000)))
    seen: list[tuple[int, int]] = []
    run(alice, path, now, progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert len(seen) >= 3  # every 1,000 rows read, after each batch written, and at the end
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (size, size)
    assert all(total == size for _, total in seen)


def test_imported_contacts_get_public_codes_like_any_other_contact(alice, now, tmp_path):
    path = write(tmp_path, "email\n" + "".join(f"c{i}@x.test\n" for i in range(2500)))
    run(alice, path, now)
    codes = list(Contact.objects.values_list("code", flat=True))
    assert len(set(codes)) == 2500  # in statements of up to 1,000 rows
    assert all(re.fullmatch(r"[23456789abcdefghjkmnpqrstuvwxyz]{12}", code) for code in codes)
    contact = Contact.objects.get(email="c7@x.test")
    assert (contact.created_at, contact.updated_at) == (now, now)
    assert contact.stage_changes.get().at == now

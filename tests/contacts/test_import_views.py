"""The import page: upload a file, see the report; always into the member's own workspace."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from followthrough.contacts.models import Contact, StageChange

FILES = Path(__file__).parent / "files"
URL = "/contacts/import/"


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FILES / name).read_bytes(), content_type="text/csv")


def test_the_page_offers_a_file_owner_stage_and_dry_run(bob, bob_client):
    response = bob_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="file"' in html
    assert f'<option value="{bob.code}" selected>Bob</option>' in html
    assert 'name="dry_run"' in html


def test_uploading_a_file_imports_it_and_shows_the_report(alice, bob, bob_client):
    response = bob_client.post(
        URL, {"file": upload("bad_rows.csv"), "owner": bob.code, "stage": "prospect"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 contacts imported." in html
    assert "<strong>Plain CSV</strong>" in html
    assert (
        "<tr><td>6</td><td>email</td><td>&#x27;bob@&#x27; is not a valid email address; "
        "the value is kept in the notes</td></tr>" in html
    )
    assert "<tr><td>17</td><td>name</td><td>the row has no name, email or phone</td></tr>" in html
    assert html.index("Rows not imported") < html.index("<td>17</td>")
    assert html.index("Imported, with values kept in the notes") < html.index("<td>6</td>")
    assert Contact.objects.filter(workspace=alice.workspace).count() == 12
    linus = Contact.objects.get(email="linus@kernel.test")
    assert linus.owner == bob  # the default owner chosen on the page
    assert StageChange.objects.get(contact=linus).by == bob


def test_a_dry_run_shows_what_would_happen_and_writes_nothing(alice, bob_client):
    response = bob_client.post(
        URL, {"file": upload("google_contacts.csv"), "stage": "prospect", "dry_run": "on"}
    )
    html = response.content.decode()
    assert "Dry run: nothing was written. 5 contacts would be created." in html
    assert "<strong>Google Contacts</strong>" in html
    assert not Contact.objects.exists()


def test_uploading_the_same_file_twice_reports_them_as_already_there(alice, bob_client):
    bob_client.post(URL, {"file": upload("contacts_v4.vcf"), "stage": "prospect"})
    response = bob_client.post(URL, {"file": upload("contacts_v4.vcf"), "stage": "prospect"})
    html = response.content.decode()
    assert "No new contacts in this file." in html
    assert "<dt>Already here</dt><dd>5 " in html
    assert Contact.objects.count() == 5


def test_htmx_gets_only_the_report_and_form(alice, bob_client):
    response = bob_client.post(
        URL, {"file": upload("contacts_v3.vcf"), "stage": "prospect"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="report"' in html
    assert "<strong>vCard</strong>" in html


def test_a_malformed_file_is_a_form_error_not_a_crash(alice, bob_client):
    binary = SimpleUploadedFile("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    response = bob_client.post(URL, {"file": binary, "stage": "prospect"})
    assert response.status_code == 400
    assert "This is a PNG image, not a CSV or vCard file." in response.content.decode()
    assert not Contact.objects.exists()


def test_no_file_is_a_form_error(alice, bob_client):
    response = bob_client.post(URL, {"stage": "prospect"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_file_over_the_limit_is_refused_with_the_limit_named(alice, bob_client, settings):
    settings.CONTACT_IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.csv", b"email\n" + b"x@example.test\n" * 80_000)
    response = bob_client.post(URL, {"file": big, "stage": "prospect"})
    assert response.status_code == 413
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not Contact.objects.exists()


def test_a_file_just_over_the_limit_is_refused_by_the_form(alice, bob_client, settings):
    settings.CONTACT_IMPORT_MAX_BYTES = 1000
    file = SimpleUploadedFile("big.csv", b"email\n" + b"x@example.test\n" * 300)
    response = bob_client.post(URL, {"file": file, "stage": "prospect"})
    assert response.status_code == 400
    assert "The file is 4 KB; the limit is 1 KB." in response.content.decode()


def test_charlie_imports_only_into_his_own_workspace(alice, bob, charlie, charlie_client):
    response = charlie_client.post(
        URL, {"file": upload("google_contacts.csv"), "stage": "prospect"}
    )
    assert response.status_code == 200
    assert Contact.objects.filter(workspace=charlie.workspace).count() == 5
    assert not Contact.objects.filter(workspace=alice.workspace).exists()


def test_charlie_cannot_give_alices_contacts_to_bob_or_see_him_offered(
    alice, bob, charlie, charlie_client
):
    page = charlie_client.get(URL).content.decode()
    assert bob.code not in page
    response = charlie_client.post(
        URL, {"file": upload("google_contacts.csv"), "owner": bob.code, "stage": "prospect"}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Contact.objects.exists()


def test_owner_emails_in_the_file_only_match_members_of_the_importers_workspace(
    alice, bob, charlie_client
):
    # plain_contacts.csv names bob and alice as owners; in charlie's workspace they are nobody.
    response = charlie_client.post(URL, {"file": upload("plain_contacts.csv"), "stage": "prospect"})
    html = response.content.decode()
    assert "&#x27;bob@example.com&#x27; is not an active member of this workspace" in html
    assert not Contact.objects.filter(owner__in=[alice, bob]).exists()


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().post(URL, {"file": upload("plain_contacts.csv")})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not Contact.objects.exists()

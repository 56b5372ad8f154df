import pytest

from followthrough.contacts.models import Contact, Interaction, StageChange


def test_creating_a_contact_through_the_api_returns_it_with_its_code(bob, bob_api):
    response = bob_api.post(
        "/api/contacts",
        {
            "first_name": "Ola",
            "last_name": "Nordmann",
            "email": "OLA@Fjord.test",
            "company": "Fjord AS",
            "stage": "customer",
            "owner": bob.code,
            "birthday": "1980-02-29",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    contact = Contact.objects.get(code=body["code"])
    assert contact.email == "ola@fjord.test"
    assert contact.company is not None
    assert contact.company.name == "Fjord AS"
    assert body["owner"] == bob.code
    assert contact.customer_since is not None
    assert StageChange.objects.filter(contact=contact, to_stage="customer").exists()


def test_bad_input_gets_422_with_the_field_named(bob_api):
    response = bob_api.post(
        "/api/contacts",
        {"email": "not-an-email", "birthday": "yesterday-ish"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "birthday" in response.json()["fields"]

    response = bob_api.post(
        "/api/contacts", {"email": "not-an-email"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["fields"]["email"] == ["'not-an-email' is not a valid email address."]


def test_a_duplicate_email_is_refused(bob_api, contact):
    response = bob_api.post(
        "/api/contacts", {"email": contact.email.upper()}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "email" in response.json()["fields"]


def test_malformed_json_is_a_clear_error_not_a_500(bob_api):
    response = bob_api.post("/api/contacts", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "error" in response.json() or "detail" in response.json()


def test_the_api_needs_a_token(db, client):
    response = client.get("/api/contacts")
    assert response.status_code == 401
    assert response.json()["error"] == "Missing or invalid API token."


def test_a_revoked_token_no_longer_works(bob, bob_api, now):
    from followthrough.workspaces.models import ApiToken

    ApiToken.objects.filter(member=bob).update(revoked_at=now)
    assert bob_api.get("/api/contacts").status_code == 401


def test_listing_searches_by_name_email_phone_and_company(alice, bob_api, contact):
    from tests.factories import ContactFactory

    ContactFactory.create(
        workspace=alice.workspace, first_name="Zoë", last_name="Ng", phone="+1 (415) 555-0199"
    )
    for q, expected in [
        ("rey", "Dana Reyes"),
        ("dana r", "Dana Reyes"),
        ("dana@", "Dana Reyes"),
        ("zoe", "Zoë Ng"),
        ("415555", "Zoë Ng"),
        ("nobody-here", None),
    ]:
        names = [c["name"] for c in bob_api.get("/api/contacts", {"q": q}).json()["results"]]
        assert names == ([expected] if expected else []), q


def test_patch_changes_only_the_given_fields_and_records_the_stage(bob, bob_api, contact):
    response = bob_api.patch(
        f"/api/contacts/{contact.code}",
        {"phone": "555 0100", "stage": "customer", "stage_reason": "first order by phone"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.phone == "555 0100"
    assert contact.email == "dana@customer.test"
    assert contact.stage == "customer"
    change = StageChange.objects.filter(contact=contact).first()
    assert change is not None
    assert change.reason == "first order by phone"


def test_patch_cannot_mark_lost_without_a_reason_and_changes_nothing(bob, bob_api, contact):
    response = bob_api.patch(
        f"/api/contacts/{contact.code}",
        {"phone": "555 0100", "stage": "lost", "stage_reason": "chose a competitor"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert "stage" in response.json()["fields"]
    contact.refresh_from_db()
    assert contact.stage != "lost"
    assert contact.phone != "555 0100"  # the whole change is refused, not half of it


def test_delete_archives_instead_of_destroying(bob_api, contact):
    assert bob_api.delete(f"/api/contacts/{contact.code}").status_code == 204
    contact.refresh_from_db()
    assert contact.archived_at is not None
    assert bob_api.get("/api/contacts").json()["count"] == 0
    assert bob_api.get("/api/contacts", {"archived": True}).json()["count"] == 1


def test_logging_an_inbound_voicemail_owes_a_callback_until_we_call_back(bob_api, contact):
    url = f"/api/contacts/{contact.code}/interactions"
    r = bob_api.post(
        url,
        {
            "kind": "call",
            "direction": "inbound",
            "call_outcome": "voicemail",
            "occurred_at": "2026-11-20T10:00:00+01:00",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["reply_owed"] is True
    assert (
        bob_api.get(f"/api/contacts/{contact.code}").json()["owed_reply_since"]
        == "2026-11-20T04:00:00-05:00"  # 09:00 UTC, in bob's zone
    )
    bob_api.post(
        url,
        {
            "kind": "call",
            "direction": "outbound",
            "call_outcome": "connected",
            "occurred_at": "2026-11-20T11:00:00+01:00",
        },
        content_type="application/json",
    )
    assert bob_api.get(f"/api/contacts/{contact.code}").json()["owed_reply_since"] is None
    timeline = bob_api.get(url).json()
    assert [i["direction"] for i in timeline] == ["outbound", "inbound"]


def test_an_outcome_that_does_not_fit_the_kind_is_refused(bob_api, contact):
    r = bob_api.post(
        f"/api/contacts/{contact.code}/interactions",
        {"kind": "email", "direction": "inbound", "call_outcome": "voicemail"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert "call_outcome" in r.json()["fields"]


def test_a_repeated_message_id_returns_the_first_interaction_so_webhooks_can_retry(
    bob_api, contact
):
    url = f"/api/contacts/{contact.code}/interactions"
    payload = {"kind": "email", "direction": "inbound", "message_id": "<abc@mail.test>"}
    first = bob_api.post(url, payload, content_type="application/json")
    assert first.status_code == 201
    again = bob_api.post(url, {**payload, "subject": "changed"}, content_type="application/json")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Interaction.objects.filter(contact=contact).count() == 1


@pytest.mark.parametrize("page_size", [5, 50])
def test_listing_contacts_takes_a_fixed_number_of_queries(
    alice, bob_api, django_assert_max_num_queries, page_size
):
    from tests.factories import ContactFactory

    ContactFactory.create_batch(30, workspace=alice.workspace, owner=alice)
    with django_assert_max_num_queries(4):
        response = bob_api.get("/api/contacts", {"page_size": page_size})
    assert response.status_code == 200


def test_the_openapi_document_is_served(db, client):
    spec = client.get("/api/openapi.json").json()
    assert "/api/contacts" in spec["paths"]
    assert spec["components"]["securitySchemes"]

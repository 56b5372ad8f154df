from followthrough.contacts.models import Contact, Interaction
from tests.factories import ContactFactory


def test_adding_a_contact_through_the_form(bob, bob_client):
    response = bob_client.post(
        "/contacts/new/",
        {
            "first_name": "Kim",
            "last_name": "Lee",
            "email": "kim@lee.test",
            "stage": "prospect",
            "owner": bob.code,
            "guidance": "low_touch",
            "preferred_channel": "email",
        },
    )
    contact = Contact.objects.get(email="kim@lee.test")
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.code}/"
    assert contact.owner == bob
    assert contact.guidance == "low_touch"


def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(bob_client, contact):
    response = bob_client.post(
        "/contacts/new/", {"first_name": "Kim", "email": contact.email, "stage": "prospect"}
    )
    assert response.status_code == 200
    assert b"Another contact already has the email" in response.content
    assert b'value="Kim"' in response.content


def test_logging_a_call_with_htmx_returns_the_updated_timeline(bob_client, contact):
    response = bob_client.post(
        f"/contacts/{contact.code}/log/",
        {
            "kind": "call",
            "direction": "outbound",
            "call_outcome": "no_answer",
            "body": "Tried at lunch",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b'id="timeline"' in response.content
    assert b"Tried at lunch" in response.content
    assert b"<html" not in response.content
    assert Interaction.objects.get(contact=contact).call_outcome == "no_answer"


def test_the_time_typed_is_read_in_the_members_timezone(bob, bob_client, contact):
    bob_client.post(
        f"/contacts/{contact.code}/log/",
        {
            "kind": "meeting",
            "direction": "outbound",
            "meeting_outcome": "no_show",
            "occurred_at": "2026-11-20T09:00",
        },
    )
    i = Interaction.objects.get(contact=contact)
    assert i.occurred_at.isoformat() == "2026-11-20T14:00:00+00:00"  # 9:00 in New York


def test_changing_the_stage_keeps_a_history(bob_client, contact):
    bob_client.post(
        f"/contacts/{contact.code}/stage/", {"stage": "customer", "reason": "first order"}
    )
    contact.refresh_from_db()
    assert contact.stage == "customer"
    assert contact.customer_since is not None
    page = bob_client.get(f"/contacts/{contact.code}/")
    assert b"first order" in page.content


def test_search_on_the_list_page_returns_only_the_rows_partial_for_htmx(alice, bob_client, contact):
    ContactFactory.create(workspace=alice.workspace, first_name="Other", last_name="Person")
    response = bob_client.get("/contacts/", {"q": "reyes"}, HTTP_HX_REQUEST="true")
    assert b"Dana Reyes" in response.content
    assert b"Other Person" not in response.content
    assert b"<html" not in response.content


def test_the_contact_list_takes_a_fixed_number_of_queries(
    alice, bob_client, django_assert_num_queries
):
    ContactFactory.create_batch(5, workspace=alice.workspace, owner=alice)
    with django_assert_num_queries(6) as small:
        bob_client.get("/contacts/")
    ContactFactory.create_batch(40, workspace=alice.workspace, owner=alice)
    with django_assert_num_queries(len(small.captured_queries)):
        bob_client.get("/contacts/")


def test_the_contact_page_takes_a_fixed_number_of_queries(
    bob_client, contact, bob, django_assert_max_num_queries
):
    from tests.factories import InteractionFactory

    InteractionFactory.create_batch(20, contact=contact, member=bob)
    with django_assert_max_num_queries(10):
        response = bob_client.get(f"/contacts/{contact.code}/")
    assert response.status_code == 200


def test_archiving_hides_the_contact_from_the_list(bob_client, contact):
    bob_client.post(f"/contacts/{contact.code}/archive/")
    link = f'href="/contacts/{contact.code}/"'.encode()
    assert link not in bob_client.get("/contacts/").content
    assert link in bob_client.get("/contacts/", {"archived": "1"}).content

from datetime import timedelta

from followthrough.contacts.services import InteractionData, interaction_log


def test_inbound_email_is_owed_a_reply_until_an_outbound_reply(contact, bob, now):
    interaction_log(contact=contact, member=bob, data=InteractionData("email", "inbound", now))
    contact.refresh_from_db()
    assert contact.owed_reply_since == now

    interaction_log(
        contact=contact,
        member=bob,
        data=InteractionData("email", "outbound", now + timedelta(hours=1)),
    )
    contact.refresh_from_db()
    assert contact.owed_reply_since is None
    assert contact.last_outbound_at == now + timedelta(hours=1)


def test_an_inbound_logged_after_its_answer_is_not_owed_and_records_when_it_was_answered(
    contact, bob, now
):
    interaction_log(
        contact=contact,
        member=bob,
        data=InteractionData("call", "outbound", now, call_outcome="connected"),
    )
    late = interaction_log(
        contact=contact,
        member=bob,
        data=InteractionData("email", "inbound", now - timedelta(hours=2)),
    )
    contact.refresh_from_db()
    late.refresh_from_db()
    assert contact.owed_reply_since is None
    assert late.reply_owed is False
    assert late.replied_at == now


def test_an_unanswered_call_attempt_is_not_a_reply(contact, bob, now):
    interaction_log(contact=contact, member=bob, data=InteractionData("message", "inbound", now))
    interaction_log(
        contact=contact,
        member=bob,
        data=InteractionData(
            "call", "outbound", now + timedelta(minutes=5), call_outcome="no_answer"
        ),
    )
    contact.refresh_from_db()
    assert contact.owed_reply_since == now


def test_recomputing_a_contact_gives_the_same_state_as_logging_did(contact, bob, now):
    from followthrough.contacts.models import Interaction
    from followthrough.contacts.services import contact_recompute_state

    steps = [
        InteractionData("email", "inbound", now),
        InteractionData("call", "inbound", now + timedelta(hours=1), call_outcome="voicemail"),
        InteractionData("email", "outbound", now + timedelta(hours=2)),
        InteractionData("message", "inbound", now + timedelta(hours=3)),
    ]
    for step in steps:
        interaction_log(contact=contact, member=bob, data=step)
    contact.refresh_from_db()
    logged = (contact.owed_reply_since, contact.last_two_way_at, contact.last_outbound_at)
    rows = list(
        Interaction.objects.filter(contact=contact)
        .order_by("occurred_at")
        .values_list("reply_owed", "replied_at")
    )
    contact_recompute_state(contact)
    contact.refresh_from_db()
    assert (contact.owed_reply_since, contact.last_two_way_at, contact.last_outbound_at) == logged
    assert logged[0] == now + timedelta(hours=3)
    recomputed = list(
        Interaction.objects.filter(contact=contact)
        .order_by("occurred_at")
        .values_list("reply_owed", "replied_at")
    )
    assert recomputed == rows

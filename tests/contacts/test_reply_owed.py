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

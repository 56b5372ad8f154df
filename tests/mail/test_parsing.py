"""Parsing the mail of the real world: fixtures written from the RFCs and the clients' habits."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest

from followthrough.mail.parsing import UnreadableMailError, normal_subject, parse_mail
from followthrough.mail.sources import SourceError, iter_mbox, iter_path
from tests.mail.tnef import outlook_message

FILES = Path(__file__).parent / "files"


def parse(name: str):
    return parse_mail((FILES / name).read_bytes())


def test_encoded_words_are_decoded_in_every_header_and_quoted_commas_stay_in_names():
    mail = parse("rfc2047.eml")
    assert mail.sender is not None
    assert (mail.sender.name, mail.sender.email) == ("Zoë Müller", "zoe@customer.test")
    assert [(a.name, a.email) for a in mail.to] == [
        ("Reyes, Dana", "dana@customer.test"),
        ("André Pirard", "pirard@vm1.ulg.ac.be"),
        ("Keller, Jo", "jo@customer.test"),
    ]
    # RFC 2047 section 8: whitespace between adjacent encoded words is not displayed.
    assert mail.subject == "If you can read this you understand the example."
    assert mail.body == "Grüße aus München — when can the new saddle ship?"
    assert mail.date == datetime(2026, 11, 23, 8, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "sender", "subject", "body"),
    [
        (
            "latin1-undeclared.eml",
            "José García",
            "Pedido próximo",
            "¡Hola! El sillín llegó roto. ¿Cuándo llega el nuevo?",
        ),
        ("utf8-undeclared.eml", "Zoë Müller", "Größe ändern", "Können Sie die Größe ändern?"),
    ],
)
def test_undeclared_8bit_headers_and_bodies_are_read_as_text(name, sender, subject, body):
    mail = parse(name)
    assert mail.sender is not None
    assert mail.sender.name == sender
    assert mail.subject == subject
    assert mail.body.startswith(body)
    assert "\ufffd" not in mail.full_text


def test_nested_multipart_prefers_plain_keeps_the_footer_apart_and_lists_the_pdf():
    mail = parse("nested.eml")
    assert mail.body == "Thanks Bob, the quote looks right. Please send the invoice."
    assert "<b>" not in mail.full_text
    assert mail.extra_text
    assert "mailing list footer" in mail.extra_text[0]
    assert "footer" not in mail.new_text
    [pdf] = mail.attachments
    assert (pdf.filename, pdf.content_type) == ("purchase-order.pdf", "application/pdf")
    assert pdf.data.startswith(b"%PDF-1.4")
    assert mail.in_reply_to == "quote.77@example.com"
    assert mail.date == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def test_html_is_turned_into_text_when_the_plain_part_is_empty():
    mail = parse("html-only.eml")
    assert "The frame arrived bent." in mail.body
    assert "How do I send it back?" in mail.body
    assert "<" not in mail.body


def test_a_forwarded_message_does_not_become_the_sender():
    mail = parse("forwarded.eml")
    assert mail.sender is not None
    assert mail.sender.email == "dana@customer.test"
    [fwd] = mail.forwarded
    assert fwd.sender is not None
    assert fwd.sender.email == "tracking@courier.test"
    assert fwd.subject == "Delivery notice"
    assert mail.new_text == "See below: the courier says order 1001 could not be delivered."
    assert "We could not deliver your parcel today." in mail.full_text


def test_outlook_winmail_dat_gives_its_body_and_its_files():
    raw = outlook_message(
        "Please change the order to three helmets.\r\nThanks, Dana",
        [("order.xlsx", b"PK\x03\x04sheet"), ("Größe.txt", b"42")],
    )
    mail = parse_mail(raw)
    assert mail.body == "Please change the order to three helmets.\nThanks, Dana"
    assert [(a.filename, a.data) for a in mail.attachments] == [
        ("order.xlsx", b"PK\x03\x04sheet"),
        ("Größe.txt", b"42"),
    ]


def test_a_damaged_winmail_dat_is_kept_as_a_file_and_reported():
    raw = outlook_message("x", []).replace(b"eJ8+Ig", b"AAAAAA")  # spoil the signature
    mail = parse_mail(raw)
    assert [a.filename for a in mail.attachments] == ["winmail.dat"]
    assert mail.problems
    assert "winmail.dat" in mail.problems[0]


def test_an_outlook_meeting_request_with_a_windows_zone_lands_at_the_right_time():
    mail = parse("meeting-outlook.eml")
    [event] = mail.events
    assert event.method == "REQUEST"
    assert event.summary == "Fitting review"
    # 10:00 W. Europe Standard Time in December = 09:00 UTC.
    assert event.start == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert event.organizer == "dana@customer.test"
    assert event.attendees == ("bob@example.com",)
    assert mail.body == "Shall we review the fitting on Tuesday?"


def test_a_windows_zone_name_without_its_definition_is_mapped_to_iana():
    [event] = parse("meeting-no-vtimezone.eml").events
    # 09:00 Pacific Standard Time in July is daylight time, UTC-7.
    assert event.start == datetime(2026, 7, 2, 16, 0, tzinfo=UTC)


def test_quoted_history_and_signature_are_left_out_of_the_new_text():
    mail = parse("gmail-reply.eml")
    assert mail.new_text == "Yes please, ship it Friday."
    assert "Shall I ship" in mail.full_text
    assert mail.references == ("saddle.0@customer.test", "saddle.1@example.com")


def test_a_message_without_from_message_id_or_date_is_still_read():
    mail = parse("bare.eml")
    assert (mail.sender, mail.message_id, mail.date) == (None, "", None)
    assert mail.body == "Anyone there?"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("list.eml", "a mailing list"),
        ("bounce.eml", "sent automatically (Auto-Submitted)"),
        ("gmail-reply.eml", ""),
    ],
)
def test_automated_mail_is_recognised(name, reason):
    assert parse(name).automated == reason


def test_a_no_reply_sender_is_automated():
    raw = b"From: Shop <no-reply@shop.test>\nSubject: Your receipt\n\nThanks for your order.\n"
    assert parse_mail(raw).automated == "a no-reply sender"


def test_different_messages_sharing_a_message_id_have_different_digests():
    raws = [m.data for m in iter_path(FILES / "shared-message-id.mbox")]
    digests = [parse_mail(r).digest for r in raws]
    assert len(raws) == 3
    assert digests[0] != digests[1]
    assert digests[0] == digests[2]


def test_the_digest_ignores_transport_headers():
    raw = (FILES / "gmail-reply.eml").read_bytes()
    relayed = b"Received: from mx.example.com by imap.example.com\nX-Spam: no\n" + raw
    assert parse_mail(raw).digest == parse_mail(relayed).digest


def test_an_mbox_with_crlf_from_quoting_and_content_length_splits_right():
    messages = list(iter_path(FILES / "crlf.mbox"))
    assert [m.number for m in messages] == [1, 2, 3, 4]
    assert [m.line for m in messages] == [2, 14, 26, 28]  # each message's first header line
    first = parse_mail(messages[0].data)
    assert first.body == "Line one.\n\nFrom the shop window I saw it.\n>From quoted twice."
    second = parse_mail(messages[1].data)
    assert second.subject == "Second"
    assert second.body.endswith("From here on it is still the body.")
    assert messages[2].data.strip() == b""
    assert parse_mail(messages[3].data).subject == "Fourth"


def test_an_empty_message_is_unreadable_with_a_reason():
    with pytest.raises(UnreadableMailError, match="empty"):
        parse_mail(b"\n\n")


def test_a_file_that_is_no_mbox_says_where():
    stream = BytesIO(b"\nhello\n")
    with pytest.raises(SourceError, match="line 2"):
        list(iter_mbox(stream, name="x"))


def test_a_maildir_is_read_from_cur_and_new(tmp_path):
    for folder in ("cur", "new", "tmp"):
        (tmp_path / folder).mkdir()
    (tmp_path / "new" / "2.host").write_bytes((FILES / "list.eml").read_bytes())
    (tmp_path / "cur" / "1.host:2,S").write_bytes((FILES / "rfc2047.eml").read_bytes())
    (tmp_path / "tmp" / "3.host").write_bytes(b"half written")
    subjects = [parse_mail(m.data).subject for m in iter_path(tmp_path)]
    assert subjects == [
        "If you can read this you understand the example.",
        "[cyclists] Ride on Sunday",
    ]


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("Re: RE: Fwd: Quote", "quote"),
        ("AW: WG: Angebot", "angebot"),
        ("[cyclists] Re: Ride", "ride"),
        ("Re[2]:  Big   order", "big order"),
    ],
)
def test_subjects_are_normalised_for_threading(subject, key):
    assert normal_subject(subject) == key

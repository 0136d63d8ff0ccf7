"""Reading received mail: who is proven by SES's verdicts, which ticket a subject names, what a
ticket keeps of attachments."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from chalicelib.mail.message import parse_mail, sender_verified, subject_with_reference
from local.ses_receiving import verdicts


def receipt(spf: str = "GRAY", dkim: str = "GRAY", dmarc: str = "GRAY", spam: str = "PASS") -> dict:
    return {
        "spfVerdict": {"status": spf},
        "dkimVerdict": {"status": dkim},
        "dmarcVerdict": {"status": dmarc},
        "spamVerdict": {"status": spam},
        "virusVerdict": {"status": "PASS"},
    }


@pytest.mark.parametrize(
    ("verdict", "proven"),
    [
        (receipt(dmarc="PASS"), True),
        (receipt(spf="PASS", dkim="PASS", dmarc="FAIL"), False),  # aligned with neither: forged From
        (receipt(spf="PASS", dkim="PASS"), True),  # no DMARC policy published: both checks must pass
        (receipt(spf="PASS"), False),
        (receipt(dkim="PASS", dmarc="PROCESSING_FAILED"), False),
        (receipt(dmarc="PASS", spam="FAIL"), False),
        ({}, False),
    ],
)
def test_a_sender_is_proven_only_by_passing_checks(verdict: dict, proven: bool) -> None:
    assert sender_verified(verdict) is proven


def test_a_reply_subject_carries_the_reference_once() -> None:
    once = subject_with_reference("Router broken", "T-0123456789ab")
    assert once == "Re: Router broken [#T-0123456789ab]"
    assert subject_with_reference(once, "T-0123456789ab") == once
    assert subject_with_reference("", "T-0123456789ab") == "Re: [#T-0123456789ab]"


def test_a_mail_keeps_its_sender_reference_text_and_attachment_metadata() -> None:
    message = EmailMessage()
    message["From"] = "Ada Example <ADA@Example.org>"
    message["Subject"] = "Re: still broken [#T-0123456789ab]"
    message.set_content("Still red.\n")
    message.add_attachment(
        b"%PDF-1.7" + b"x" * 42, maintype="application", subtype="pdf", filename="bill.pdf"
    )
    parsed = parse_mail(bytes(message))
    assert (parsed.sender, parsed.reference, parsed.text) == (
        "ada@example.org",
        "T-0123456789ab",
        "Still red.",
    )
    assert [a.to_dict() for a in parsed.attachments] == [
        {"filename": "bill.pdf", "content_type": "application/pdf", "size": 50}
    ]
    assert parse_mail(b"Subject: [#T-XYZ] hello\r\n\r\nhi").reference is None


def test_the_local_ses_reads_verdicts_from_authentication_results() -> None:
    found = verdicts("mx.example.com; spf=softfail smtp.mailfrom=x.example; dkim=pass header.d=x.example")
    assert found == {
        "spfVerdict": {"status": "FAIL"},
        "dkimVerdict": {"status": "PASS"},
        "dmarcVerdict": {"status": "GRAY"},
    }

"""Reading a received mail (pure): its sender, subject, text, attachments' metadata, the ticket
reference in its subject, and whether SES's verdicts prove the sender.

SES receiving checks SPF, DKIM and DMARC and puts the verdicts in the receipt it hands the Lambda
(``receipt.spfVerdict.status`` ... ``PASS | FAIL | GRAY | PROCESSING_FAILED``). A From address is
only as good as those checks: anyone can write ``From: customer@example.com``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from typing import Any

#: ``[#T-0123456789ab]``: how a subject names a ticket (outgoing replies carry it).
REFERENCE = re.compile(r"\[#(T-[0-9a-f]{12})\]")
MAX_TEXT = 4000


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {"filename": self.filename, "content_type": self.content_type, "size": self.size}


@dataclass(frozen=True)
class ReceivedMail:
    sender: str  # the From address, lower-cased
    subject: str
    text: str
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

    @property
    def reference(self) -> str | None:
        """The ticket the subject names, if any."""
        match = REFERENCE.search(self.subject)
        return match.group(1) if match else None


def subject_with_reference(subject: str, ticket_id: str) -> str:
    """A reply's subject: ``Re:`` once, and the ticket's reference once.

    >>> subject_with_reference("Re: Router broken [#T-0123456789ab]", "T-0123456789ab")
    'Re: Router broken [#T-0123456789ab]'
    >>> subject_with_reference("Router broken", "T-0123456789ab")
    'Re: Router broken [#T-0123456789ab]'
    """
    base = REFERENCE.sub("", subject).strip()
    if not base.lower().startswith("re:"):
        base = f"Re: {base}" if base else "Re:"
    return f"{base} [#{ticket_id}]"


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = str(body.get_content())
    if body.get_content_type() == "text/html":
        content = re.sub(r"<[^>]+>", " ", content)
    return re.sub(r"[ \t]+\n", "\n", content).strip()[:MAX_TEXT]


def parse_mail(raw: bytes) -> ReceivedMail:
    """The parts of a MIME message a ticket keeps (attachments by name, type and size only)."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    attachments = tuple(
        Attachment(
            filename=str(part.get_filename() or "unnamed"),
            content_type=part.get_content_type(),
            size=len(part.get_payload(decode=True) or b""),
        )
        for part in message.iter_attachments()
    )
    return ReceivedMail(
        sender=parseaddr(str(message.get("From", "")))[1].lower(),
        subject=str(message.get("Subject", "")).strip()[:200],
        text=_text_of(message),
        attachments=attachments,
    )


def _status(receipt: dict[str, Any], verdict: str) -> str:
    return str((receipt.get(verdict) or {}).get("status", "")).upper()


def sender_verified(receipt: dict[str, Any]) -> bool:
    """Whether SES's checks prove the From address: DMARC passed (it aligns SPF or DKIM with the
    From domain); where the domain publishes no DMARC policy (GRAY), SPF and DKIM must both pass.
    Mail SES found spam or a virus in is never verified.

    >>> sender_verified({"dmarcVerdict": {"status": "PASS"}})
    True
    >>> sender_verified({"dmarcVerdict": {"status": "GRAY"}, "spfVerdict": {"status": "PASS"}})
    False
    """
    if _status(receipt, "spamVerdict") == "FAIL" or _status(receipt, "virusVerdict") == "FAIL":
        return False
    dmarc = _status(receipt, "dmarcVerdict")
    if dmarc == "PASS":
        return True
    if dmarc == "FAIL":
        return False
    return _status(receipt, "spfVerdict") == "PASS" and _status(receipt, "dkimVerdict") == "PASS"

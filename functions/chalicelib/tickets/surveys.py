"""The satisfaction survey a ticket's customer gets by SMS when the ticket is first resolved or closed.

Once per ticket, ever: the status change that first resolves (or closes) the ticket claims the
survey in the same versioned write (``"survey": true`` in that ``status_changed`` entry), so a
retried request, a race between two agents, or reopening and resolving again never texts twice.
The claim is then carried out: the number is screened (blacklist, do-not-call, opt-out), the text
goes out in the customer's language, and the outcome is appended to the history. At most once:
a crash between the claim and the SMS loses that survey rather than risk a second one.

Not surveyed: tickets without a phone number, tickets closed straight from ``new`` (spam or a
duplicate, never worked), and the supervisor follow-ups the quality module opens after a low
rating (a survey about the complaint handling would open another follow-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.tickets import rules, store

if TYPE_CHECKING:
    from chalicelib.tables.tickets import HistoryEntry, TicketRecord

SURVEY_ACTOR = "quality"  # also the actor of the follow-up tickets quality.ratings opens
DEFAULT_LANGUAGE = "en-US"


def _claims_survey(item: HistoryEntry) -> bool:
    return item.action == "status_changed" and bool(item.detail.as_dict().get("survey"))


def survey_due(record: TicketRecord, target: str) -> bool:
    """Whether moving ``record`` to ``target`` is the change that asks its customer for a rating."""
    if target not in rules.RATEABLE_STATUSES or record.status == "new" or not record.phone:
        return False
    history = record.history or []
    if history and history[0].actor == SURVEY_ACTOR:
        return False
    return not any(_claims_survey(item) for item in history)


def refusal(phone: str) -> str | None:
    """Why this number must not get the survey (blacklisted, do_not_call, opted_out, ...), or None."""
    from chalicelib.screening import Purpose, Reason, ScreeningList, screen_number

    screening = screen_number(phone, Purpose.OUTBOUND_SERVICE)
    if not screening.may_dial:
        return screening.reason.value
    # Opting out stops marketing only when dialling for service, but an SMS survey is a message
    # the customer did not ask for: a STOP reply ends those too.
    if ScreeningList.OPTOUT.value in screening.lists:
        return Reason.OPTED_OUT.value
    return None


def customer_language(phone: str) -> str:
    """The language of the customer's profile, en-US for a caller without one."""
    from chalicelib.customers import get_customer
    from chalicelib.errors import NotFound

    try:
        return str(get_customer(phone)["language"] or DEFAULT_LANGUAGE)
    except NotFound:
        return DEFAULT_LANGUAGE


def send_survey(record: TicketRecord) -> TicketRecord:
    """Carry out the survey claimed for ``record`` and note the outcome; returns the ticket after it."""
    from chalicelib.messaging import SmsNotSent
    from chalicelib.quality.survey_invitations import invite_sms_survey

    phone = str(record.phone)
    reason = refusal(phone)
    detail: dict[str, object] = {}
    if reason is None:
        language = customer_language(phone)
        try:
            sent = invite_sms_survey(phone, ticket_id=record.ticket_id, language=language)
        except SmsNotSent:
            # The ticket's change has been made; the failed survey is logged and kept in history.
            from chalicelib.observability import get_logger

            get_logger().exception("ticket survey not sent", extra={"ticket_id": record.ticket_id})
            reason = "error"
        else:
            reason = None if sent else "rejected"
            detail = {"language": language}
    if reason is None:
        action = "survey_sent"
    else:
        action, detail = "survey_not_sent", {"reason": reason}
    note = store.entry(SURVEY_ACTOR, action, detail)
    return store.apply_change(record.ticket_id, lambda _: store.Change(history=[note]))

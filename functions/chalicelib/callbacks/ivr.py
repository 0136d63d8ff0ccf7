"""The inbound IVR's after-hours branch: offer the next free slots, book one by key press.

Amazon Connect invokes these with ``Details.ContactData`` / ``Details.Parameters`` and reads back
a flat map of strings. The caller is identified by caller ID (``CustomerEndpoint.Address``), so no
SMS code is asked for; the booking is the same transaction the web page uses.

``offer_callback_slots`` parameters: ``language`` (optional, else the contact's), ``count``
(1-9, default 3). Returns ``offered`` ("0".."9"), ``slot<n>`` / ``slot<n>Label`` for n = 1..offered,
``offeredSlots`` (the keys, comma-separated: store it as a contact attribute and pass it back),
``existingBookingId`` / ``existingSlotLabel`` (``telephony.NOT_SET`` / "" unless the caller
already holds a pending callback for the queue: offer to move it), ``booked`` "false".

``book_callback_slot`` parameters: ``digit`` (the key pressed, "1".."9"), ``offeredSlots`` (as
returned by the offer), optional ``reason`` and ``moveBookingId`` (move that booking instead of
booking anew; ``NOT_SET`` or empty: book anew). Returns ``booked`` "true" with ``bookingId``, ``bookingReference``, ``slotLabel``;
or ``booked`` "false" with ``failure`` (invalid_choice | slot_full | already_booked |
no_caller_id | slot_unavailable) and ``existingBookingId`` when the caller already holds one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from chalicelib import clock
from chalicelib.callbacks import bookings
from chalicelib.callbacks.messages import language_or_default
from chalicelib.callbacks.settings import CallbackSettings
from chalicelib.callbacks.slots import free_slots, label, parse_slot_key
from chalicelib.errors import ContactCentreError
from chalicelib.telephony import NOT_SET

MAX_OFFERED = 9


def _details(event: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    details = event.get("Details") or {}
    return dict(details.get("ContactData") or {}), dict(details.get("Parameters") or {})


def _caller(contact: Mapping[str, Any]) -> str | None:
    endpoint = contact.get("CustomerEndpoint") or {}
    address = endpoint.get("Address") if isinstance(endpoint, Mapping) else None
    if not address:
        return None
    from chalicelib.phone import to_e164

    try:
        return to_e164(str(address))
    except ContactCentreError:
        return None


def _language(contact: Mapping[str, Any], parameters: Mapping[str, Any]) -> str:
    attributes = contact.get("Attributes") or {}
    return language_or_default(
        parameters.get("language") or attributes.get("language") or contact.get("LanguageCode")
    )


def offer_callback_slots(
    event: Mapping[str, Any], settings: CallbackSettings, *, now: datetime | None = None
) -> dict[str, str]:
    now = now or clock.utcnow()
    contact, parameters = _details(event)
    language = _language(contact, parameters)
    result = {
        "offered": "0",
        "offeredSlots": "",
        "existingBookingId": NOT_SET,
        "existingSlotLabel": "",
        "booked": "false",
    }
    phone = _caller(contact)
    held_slot = ""
    if phone:
        existing = bookings.pending_booking(phone, settings.queue, now)
        if existing is not None:
            held_slot = existing.starts_at  # offering the slot already held would "move" it nowhere
            zone = bookings.customer_zone(existing, settings)
            result["existingBookingId"] = existing.booking_id
            result["existingSlotLabel"] = label(parse_slot_key(existing.starts_at), zone, language)
    try:
        count = max(1, min(MAX_OFFERED, int(parameters.get("count") or 3)))
    except ValueError:
        count = 3
    slots = [slot for slot in free_slots(settings, now, limit=count + 1) if slot.key != held_slot][:count]
    for number, slot in enumerate(slots, start=1):
        result[f"slot{number}"] = slot.key
        result[f"slot{number}Label"] = label(slot.starts_at, settings.time_zone, language)
    result["offered"] = str(len(slots))
    result["offeredSlots"] = ",".join(slot.key for slot in slots)
    return result


def book_callback_slot(
    event: Mapping[str, Any], settings: CallbackSettings, *, now: datetime | None = None
) -> dict[str, str]:
    now = now or clock.utcnow()
    contact, parameters = _details(event)
    language = _language(contact, parameters)
    phone = _caller(contact)
    if not phone:
        return {"booked": "false", "failure": "no_caller_id", "existingBookingId": ""}
    offered = [key for key in str(parameters.get("offeredSlots") or "").split(",") if key]
    digit = str(parameters.get("digit") or "").strip()
    if not digit.isdigit() or not 1 <= int(digit) <= len(offered):
        return {"booked": "false", "failure": "invalid_choice", "existingBookingId": ""}
    starts_at = parse_slot_key(offered[int(digit) - 1])
    move = str(parameters.get("moveBookingId") or "")
    if move == NOT_SET:
        move = ""
    try:
        if move:
            existing = bookings.get_booking(move)
            if existing.phone != phone:
                return {"booked": "false", "failure": "invalid_choice", "existingBookingId": ""}
            record = bookings.reschedule(move, starts_at, settings, now=now)
        else:
            request = bookings.BookingRequest(
                phone=phone,
                starts_at=starts_at,
                reason=bookings.validated_reason(parameters.get("reason")),
                language=language,
                channel="ivr",
            )
            record = bookings.book(request, settings, now=now)
    except bookings.AlreadyBooked as refused:
        return {"booked": "false", "failure": "already_booked", "existingBookingId": refused.booking_id or ""}
    except bookings.SlotFull:
        return {"booked": "false", "failure": "slot_full", "existingBookingId": ""}
    except ContactCentreError as refused:
        return {"booked": "false", "failure": refused.code, "existingBookingId": ""}
    return {
        "booked": "true",
        "bookingId": record.booking_id,
        "bookingReference": bookings.reference(record),
        "slotLabel": label(parse_slot_key(record.starts_at), settings.time_zone, language),
        "existingBookingId": "",
        "failure": "",
    }

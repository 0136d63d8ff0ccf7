"""Routes and handlers: callback booking (API, booking page, scheduled calls, IVR functions).

Imports of the domain are deferred into each handler: every function of the app loads this
module at cold start, including the ones Amazon Connect invokes mid-call.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib import clock
from chalicelib.api import contracts
from chalicelib.api.contracts import Contract, query
from chalicelib.api.errors import error_response, json_body, route

blueprint = Blueprint(__name__)

_BOOKING_FIELDS = {"verificationId", "code", "slot", "reason", "language", "timeZone"}


def _settings() -> Any:
    from chalicelib.callbacks import settings

    return settings.current()


def _zone(raw: str | None, default: Any) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from chalicelib.errors import InvalidInput

    if not raw:
        return default
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown time zone {raw!r}: use an IANA name like Asia/Shanghai", code="invalid_time_zone"
        ) from None


def _slot_full(error: Any, zone: Any, language: str) -> Response:
    response = error_response(409, error.code, error.message)
    response.body["error"]["nextSlots"] = [slot.to_dict(zone, language) for slot in error.next_slots]
    return response


def _already_booked(error: Any) -> Response:
    response = error_response(409, error.code, error.message)
    response.body["error"]["bookingId"] = error.booking_id
    return response


@route(
    blueprint,
    "/callbacks/slots",
    ["GET"],
    Contract(
        query(
            tz=contracts.TIME_ZONE,
            lang=contracts.LANGUAGE,
            limit=contracts.WHOLE_NUMBER_TEXT,
            after={**contracts.INSTANT, "x-error-code": "invalid_slot"},
        )
    ),
)
def list_slots() -> dict[str, Any]:

    from chalicelib.callbacks.messages import language_or_default
    from chalicelib.callbacks.slots import free_slots, parse_slot_key
    from chalicelib.errors import InvalidInput

    settings = _settings()
    query: dict[str, str] = dict(blueprint.current_request.query_params or {})
    zone = _zone(query.get("tz"), settings.time_zone)
    language = language_or_default(query.get("lang"))
    try:
        limit = max(1, min(200, int(query.get("limit", "40"))))
    except ValueError:
        raise InvalidInput("limit must be a whole number", code="invalid_limit") from None
    after = parse_slot_key(query["after"]) if query.get("after") else None
    slots = free_slots(settings, clock.utcnow(), limit=limit, after=after)
    return {
        "timeZone": zone.key,
        "businessTimeZone": settings.time_zone.key,
        "slotMinutes": settings.slot_minutes,
        "slots": [slot.to_dict(zone, language) for slot in slots],
    }


@route(blueprint, "/callbacks/verifications", ["POST"], Contract(body="verification"))
def start_verification() -> Response:
    from chalicelib import rate_limit
    from chalicelib.api.identity import source_ip
    from chalicelib.callbacks import verification
    from chalicelib.callbacks.messages import language_or_default
    from chalicelib.errors import InvalidInput
    from chalicelib.phone import mask

    settings = _settings()
    request = blueprint.current_request
    rate_limit.hit(
        "callbacks:verification-address",
        source_ip(request),
        limit=settings.verifications_per_address_per_hour,
        window_seconds=3600,
    )
    body = json_body(request)
    phone = body.get("phone")
    if not isinstance(phone, str):
        raise InvalidInput(
            "phone is required, in international format (+8613800138000)", code="invalid_phone"
        )
    sent = verification.send_code(phone, language_or_default(body.get("language")), settings)
    return Response(
        body={
            "verificationId": sent.verification_id,
            "phone": mask(sent.phone),
            "expiresAt": sent.expires_at.isoformat(),
        },
        status_code=201,
    )


@route(blueprint, "/callbacks/bookings", ["POST"], Contract(body="booking"))
def create_booking() -> Response:
    from chalicelib.callbacks import bookings, verification
    from chalicelib.callbacks.messages import language_or_default
    from chalicelib.callbacks.slots import parse_slot_key
    from chalicelib.errors import InvalidInput

    settings = _settings()
    body = json_body(blueprint.current_request)
    unknown = set(body) - _BOOKING_FIELDS
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    language = language_or_default(body.get("language"))
    zone = _zone(body.get("timeZone"), settings.time_zone)
    starts_at = parse_slot_key(body.get("slot"))
    reason = bookings.validated_reason(body.get("reason"))
    verification_id = str(body.get("verificationId") or "")
    phone = verification.confirm_code(verification_id, str(body.get("code") or ""), settings)
    request = bookings.BookingRequest(
        phone=phone,
        starts_at=starts_at,
        reason=reason,
        language=language,
        customer_time_zone=zone.key,
        verification_id=verification_id,
    )
    try:
        record = bookings.book(request, settings)
    except bookings.SlotFull as full:
        return _slot_full(full, zone, language)
    except bookings.AlreadyBooked as held:
        return _already_booked(held)
    return Response(
        body=bookings.to_dict(record, settings),
        status_code=201,
        headers={"Location": f"/callbacks/bookings/{record.booking_id}"},
    )


@route(blueprint, "/callbacks/bookings/{booking_id}", ["GET"])
def get_booking(booking_id: str) -> dict[str, Any]:
    from chalicelib.callbacks import bookings

    return bookings.to_dict(bookings.get_booking(booking_id), _settings())


@route(blueprint, "/callbacks/bookings/{booking_id}", ["PATCH"], Contract(body="booking-move"))
def move_booking(booking_id: str) -> Any:
    from chalicelib.callbacks import bookings
    from chalicelib.callbacks.slots import parse_slot_key
    from chalicelib.errors import InvalidInput

    settings = _settings()
    body = json_body(blueprint.current_request)
    unknown = set(body) - {"slot"}
    if unknown:
        raise InvalidInput(f"only the slot can be changed; unknown field(s): {', '.join(sorted(unknown))}")
    record = bookings.get_booking(booking_id)
    zone = bookings.customer_zone(record, settings)
    try:
        moved = bookings.reschedule(booking_id, parse_slot_key(body.get("slot")), settings)
    except bookings.SlotFull as full:
        return _slot_full(full, zone, record.language)
    except bookings.AlreadyBooked as held:
        return _already_booked(held)
    return bookings.to_dict(moved, settings)


@route(blueprint, "/callbacks/bookings/{booking_id}", ["DELETE"])
def cancel_booking(booking_id: str) -> dict[str, Any]:
    from chalicelib.callbacks import bookings

    settings = _settings()
    return bookings.to_dict(bookings.cancel(booking_id, settings), settings)


@route(blueprint, "/book", ["GET"], Contract(query(lang=contracts.LANGUAGE, booking=contracts.IDENTIFIER)))
def booking_page() -> Response:
    from chalicelib.callbacks.page import content_security_policy, render

    return Response(
        body=render(),
        status_code=200,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-cache",
            "Content-Security-Policy": content_security_policy(),
        },
    )


# --- functions invoked by EventBridge Scheduler -----------------------------------------------


@blueprint.lambda_function(name="fire_callback")
def fire_callback(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Scheduler input ``{"bookingId": "...", "attempt": 1}``: place that attempt's call."""
    from chalicelib.callbacks import calling

    attempt = int(event.get("attempt") or 1)
    return calling.fire_callback(str(event["bookingId"]), attempt, _settings()).to_dict()


@blueprint.lambda_function(name="send_callback_reminder")
def send_callback_reminder(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Scheduler input ``{"bookingId": "..."}``: one reminder SMS while the booking is pending."""
    from chalicelib.callbacks import calling

    return {
        "bookingId": event["bookingId"],
        "sent": calling.send_reminder(str(event["bookingId"]), _settings()),
    }


@blueprint.on_cw_event(
    {
        "source": ["aws.connect"],
        "detail-type": ["Amazon Connect Contact Event"],
        "detail": {"eventType": ["DISCONNECTED"], "initiationMethod": ["API"]},
    },
    name="track_callback_calls",
)
def track_callback_calls(event: Any) -> dict[str, Any]:
    """A callback call ended: answered completes the booking; otherwise retry or ticket."""
    from chalicelib.callbacks import calling

    return {"applied": calling.handle_contact_event(event.detail, _settings())}


# --- functions invoked by Amazon Connect (after-hours branch of the inbound flow) ------------


@blueprint.lambda_function(name="offer_callback_slots")
def offer_callback_slots(event: dict[str, Any], context: Any) -> dict[str, str]:
    from chalicelib.callbacks import ivr

    return ivr.offer_callback_slots(event, _settings())


@blueprint.lambda_function(name="book_callback_slot")
def book_callback_slot(event: dict[str, Any], context: Any) -> dict[str, str]:
    from chalicelib.callbacks import ivr

    return ivr.book_callback_slot(event, _settings())

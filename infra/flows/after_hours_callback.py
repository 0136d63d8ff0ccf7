"""After hours, book a callback by key press: the inbound flow's menu option 2.

Uses the same booking code as the API (``offer_callback_slots`` / ``book_callback_slot``, see
``functions/chalicelib/callbacks/ivr.py``). The caller hears up to ``OFFERED`` free slots, presses
the number of one, and hears it confirmed. A caller who already holds a pending callback is not
given a second: the flow reads their booking out and offers to move it (key 1) or keep it.
When no slot is free, the chosen slot was just taken twice, the key is never valid or a function
fails, the caller is offered to leave a message instead (the inbound ``leave-message``).

Contact attributes it sets: ``callbackOffered`` (slots offered, "0".."3"), ``callbackOfferedSlots``
(the offer's keys, passed back to the booking), ``callbackExistingBookingId`` /
``callbackExistingSlot`` (a pending booking the caller holds; ``none`` when there is none),
``callbackMoveBookingId`` (the booking to move, ``none`` unless the caller chose to move it), ``callbackChoice`` (the key), ``callbackBookingId``,
``callbackReference`` and ``callbackSlot`` once booked.

    build_inbound_flow(resources, prompts, after_hours_callback(resources))
"""

from __future__ import annotations

from collections.abc import Mapping

from infra.flows.blocks import NOT_SET, FlowBuilder
from infra.flows.inbound import AfterHoursOptions
from infra.flows.resources import BOOK_CALLBACK_SLOT, OFFER_CALLBACK_SLOTS, FlowResources

MENU_KEY = "2"
#: Slots read out at once: each count has its own prompt so the whole list is one key-press prompt
#: (callers may press while it is read) and only offered keys are accepted.
OFFERED = 3
#: Booking writes a transaction, two schedules and an SMS: allow it longer than a lookup.
BOOK_TIME_LIMIT_S = 6
REASON = "Booked by phone after hours"
# Inbound actions this feature continues to (see infra.flows.inbound).
LEAVE_MESSAGE = "leave-message"
GOODBYE = "goodbye"
HANG_UP = "hang-up"


def after_hours_callback(resources: FlowResources) -> AfterHoursOptions:
    """The ``after_hours_options`` hook that adds the callback booking under ``MENU_KEY``."""

    def add(flow: FlowBuilder) -> Mapping[str, str]:
        return {MENU_KEY: add_callback_booking(flow, resources)}

    return add


def add_callback_booking(
    flow: FlowBuilder, resources: FlowResources, *, leave_message: str | None = LEAVE_MESSAGE
) -> str:
    """Add the booking actions to ``flow``; returns the identifier to continue to.

    They end at ``"hang-up"`` or ``"goodbye"`` (the flow must have both). When no slot can be
    booked the caller is offered ``leave_message`` (key 1); without one (the outbound reminder)
    the flow sets ``callbackBooked`` "false" and says goodbye.
    """
    return _add_actions(flow, resources, leave_message)


def _offer(flow: FlowBuilder, identifier: str, resources: FlowResources, next: str) -> None:
    """Ask for the next free slots and keep what the booking needs as contact attributes."""
    flow.invoke(
        identifier,
        resources.lambda_arn(OFFER_CALLBACK_SLOTS),
        parameters={"count": str(OFFERED), "language": "$.Attributes.language"},
        next=f"{identifier}-keep",
        on_error="cb-failed",
        time_limit_s=resources.lambda_time_limit_s,
    )
    flow.set_attributes(
        f"{identifier}-keep",
        {
            "callbackOffered": "$.External.offered",
            "callbackOfferedSlots": "$.External.offeredSlots",
            "callbackExistingBookingId": "$.External.existingBookingId",
            "callbackExistingSlot": "$.External.existingSlotLabel",
        },
        next=next,
    )


def _add_actions(flow: FlowBuilder, resources: FlowResources, leave_message: str | None) -> str:
    flow.set_attributes("cb-start", {"callbackMoveBookingId": NOT_SET}, next="cb-offer")
    _offer(flow, "cb-offer", resources, next="cb-has-booking")

    # One pending callback per caller: offer to move it rather than book a second.
    flow.branch(
        "cb-has-booking",
        "$.Attributes.callbackExistingBookingId",
        {NOT_SET: "cb-any-free"},
        otherwise="cb-existing",
    )
    flow.say("cb-existing", "callback_ivr_existing", next="cb-existing-free")
    flow.branch("cb-existing-free", "$.Attributes.callbackOffered", {"0": "cb-kept"}, otherwise="cb-move-ask")
    flow.ask(
        "cb-move-ask",
        {"1": "cb-move", "2": "cb-kept"},
        key="callback_ivr_move_menu",
        on_timeout="cb-kept",
        on_invalid="cb-kept",
    )
    flow.set_attributes(
        "cb-move", {"callbackMoveBookingId": "$.Attributes.callbackExistingBookingId"}, next="cb-list"
    )
    flow.say("cb-kept", "callback_ivr_kept", next=HANG_UP)

    # The list: one prompt per number of slots offered, accepting only the offered keys.
    flow.branch("cb-any-free", "$.Attributes.callbackOffered", {"0": "cb-none-free"}, otherwise="cb-list")
    flow.branch(
        "cb-list",
        "$.Attributes.callbackOffered",
        {str(count): f"cb-choose-{count}" for count in range(1, OFFERED + 1)},
        otherwise="cb-none-free",
    )
    for count in range(1, OFFERED + 1):
        flow.ask(
            f"cb-choose-{count}",
            {str(key): f"cb-pick-{key}" for key in range(1, count + 1)},
            key=f"callback_ivr_offer_{count}",
            on_timeout="cb-choose-again",
            on_invalid="cb-choose-again",
        )
    flow.loop("cb-choose-again", 1, again="cb-choose-sorry", done="cb-fallback")
    flow.say("cb-choose-sorry", "inbound_menu_invalid", next="cb-list")
    for key in range(1, OFFERED + 1):
        flow.set_attributes(f"cb-pick-{key}", {"callbackChoice": str(key)}, next="cb-book")

    flow.invoke(
        "cb-book",
        resources.lambda_arn(BOOK_CALLBACK_SLOT),
        parameters={
            "digit": "$.Attributes.callbackChoice",
            "offeredSlots": "$.Attributes.callbackOfferedSlots",
            "moveBookingId": "$.Attributes.callbackMoveBookingId",
            "language": "$.Attributes.language",
            "reason": REASON,
        },
        next="cb-booked",
        on_error="cb-failed",
        time_limit_s=max(resources.lambda_time_limit_s, BOOK_TIME_LIMIT_S),
    )
    flow.branch("cb-booked", "$.External.booked", {"true": "cb-keep-booking"}, otherwise="cb-refused")
    flow.set_attributes(
        "cb-keep-booking",
        {
            "callbackBookingId": "$.External.bookingId",
            "callbackReference": "$.External.bookingReference",
            "callbackSlot": "$.External.slotLabel",
        },
        next="cb-moved-or-new",
    )
    flow.branch(
        "cb-moved-or-new",
        "$.Attributes.callbackMoveBookingId",
        {NOT_SET: "cb-confirm"},
        otherwise="cb-confirm-move",
    )
    flow.say("cb-confirm", "callback_ivr_booked", next=HANG_UP)
    flow.say("cb-confirm-move", "callback_ivr_moved", next=HANG_UP)

    # Refused: somebody took the slot meanwhile (offer what is left, once), or the caller booked
    # elsewhere since the offer; anything else is a failure.
    flow.branch(
        "cb-refused",
        "$.External.failure",
        {"slot_full": "cb-taken", "slot_unavailable": "cb-taken", "already_booked": "cb-already"},
        otherwise="cb-failed",
    )
    flow.loop("cb-taken", 1, again="cb-taken-say", done="cb-fallback")
    flow.say("cb-taken-say", "callback_ivr_slot_taken", next="cb-reoffer")
    _offer(flow, "cb-reoffer", resources, next="cb-any-free")
    flow.say("cb-already", "callback_ivr_already", next=HANG_UP)

    flow.say("cb-none-free", "callback_ivr_none_free", next="cb-fallback")
    flow.say("cb-failed", "callback_ivr_failed", next="cb-fallback")
    if leave_message is None:
        flow.set_attributes("cb-fallback", {"callbackBooked": "false"}, next=GOODBYE)
    else:
        flow.ask(
            "cb-fallback",
            {"1": leave_message},
            key="callback_ivr_fallback",
            on_timeout=GOODBYE,
            on_invalid=GOODBYE,
        )
    return "cb-start"

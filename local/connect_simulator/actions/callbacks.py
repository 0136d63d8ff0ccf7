"""Queued callbacks: UpdateContactCallbackNumber, then CreateCallbackContact.

- UpdateContactCallbackNumber (contact-actions-updatecontactcallbacknumber): ``CallbackNumber``
  is a reference to an E.164 number; not a valid number is InvalidCallbackNumber, a valid number
  in a country the instance may not call (``ConnectSimulator.dialable_regions``) is
  CallbackNumberNotDialable.
- CreateCallbackContact (interactions-createcallbackcontact): a callback to the callback number
  (else the customer's number) in ``QueueId`` / ``AgentId`` / the target queue, after
  ``InitialCallDelaySeconds``, with its attempts and retry delay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import phonenumbers

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def update_contact_callback_number(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    number = run.value(parameters.get("CallbackNumber", "")).strip()
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return run.error(action, "InvalidCallbackNumber", f"{number!r} is not an E.164 number")
    if not phonenumbers.is_valid_number(parsed):
        return run.error(action, "InvalidCallbackNumber", f"{number!r} is not a valid number")
    region = phonenumbers.region_code_for_number(parsed)
    allowed = run.sim.dialable_regions
    if allowed is not None and region not in allowed:
        return run.error(action, "CallbackNumberNotDialable", f"the instance may not call {region}")
    run.contact.callback_number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    run.log("flow", f"callback number ends {run.contact.callback_number[-4:]}")
    return run.next(action)


def create_callback_contact(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    if parameters.get("AgentId"):
        queue = f"agent/{run.value(parameters['AgentId']).rsplit('/', 1)[-1]}"
    else:
        queue = run.value(parameters.get("QueueId", "")) or run.contact.target_queue or ""
        if parameters.get("QueueId") and run.sim.resolve_queue(queue) is None:
            return run.error(action, "NoMatchingError", f"unknown queue {queue!r}")
    if not queue:
        return run.error(action, "NoMatchingError", "no queue for the callback")
    delay = int(run.value(parameters.get("InitialCallDelaySeconds", 1)) or 1)
    run.sim.record_queued_callback(run.contact, queue, delay)
    run.contact.created_contacts.append(
        {
            "type": "callback",
            "queue": queue,
            "number": run.contact.callback_number or run.contact.customer_number,
            "initialCallDelaySeconds": delay,
            "maximumConnectionAttempts": int(run.value(parameters.get("MaximumConnectionAttempts", 1)) or 1),
            "retryDelaySeconds": int(run.value(parameters.get("RetryDelaySeconds", 1)) or 1),
            "contactFlowId": run.value(parameters.get("ContactFlowId", "")),
        }
    )
    return run.next(action)

"""Actions that start other contacts or the outbound leg: CreateTask, StartOutboundChatContact,
CompleteOutboundCall.

- CreateTask (createtask): a task contact that will run ``ContactFlowId`` now, after
  ``DelaySeconds`` or at ``ScheduledTime``; ``$.Task.ContactId`` is its id.
- StartOutboundChatContact (contact-actions-startoutboundchatcontact): an SMS chat to
  ``DestinationEndpoint`` running ``ContactFlowArn``.
- CompleteOutboundCall (contact-actions-completeoutboundcall): dials the outbound destination now
  (Connect otherwise dials at the first participant action); the simulated callee already answered.
Each one is listed in ``contact.created_contacts`` (and ``ConnectSimulator.created_contacts``).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def _created(run: FlowRun, entry: dict[str, Any]) -> None:
    run.contact.created_contacts.append(entry)
    run.sim.created_contacts.append(entry)


def create_task(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    task_id = str(uuid.uuid4())
    _created(
        run,
        {
            "type": "task",
            "contactId": task_id,
            "name": run.value(parameters.get("Name", "")),
            "contactFlowId": run.value(parameters.get("ContactFlowId", "")),
            "attributes": {
                run.value(k): run.value(v) for k, v in (parameters.get("Attributes") or {}).items()
            },
            "delaySeconds": run.value(parameters.get("DelaySeconds", "")),
            "scheduledTime": run.value(parameters.get("ScheduledTime", "")),
            "taskTemplateId": run.value(parameters.get("TaskTemplateId", "")),
        },
    )
    run.contact.contact_data["Task"] = {"ContactId": task_id}
    run.log("flow", f"task {run.value(parameters.get('Name', task_id))} created")
    return run.next(action)


def start_outbound_chat_contact(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    destination = parameters.get("DestinationEndpoint") or {}
    address = run.value(destination.get("Address", ""))
    if not address:
        return run.error(action, "NoMatchingError", "no destination")
    message = (parameters.get("InitialSystemMessage") or {}).get("Content", "")
    _created(
        run,
        {
            "type": "chat",
            "subtype": run.value(parameters.get("ContactSubtype", "")),
            "destination": address,
            "contactFlowArn": run.value(parameters.get("ContactFlowArn", "")),
            "initialMessage": run.value(message),
        },
    )
    run.log("flow", f"SMS chat started to {address[-4:]}")
    return run.next(action)


def complete_outbound_call(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    caller_id = (parameters.get("CallerId") or {}).get("Number")
    if caller_id:
        run.contact.system_number = run.value(caller_id)
    run.log("network", "outbound call completed")
    return run.next(action)

"""Which packaged functions get which triggers: the one table to edit when a function is added.

Keys are Chalice function names (``@blueprint.lambda_function(name=...)``). Every one must exist in
the Chalice app: synth and the local runner refuse to start without it (``require_wired``), so a
renamed function cannot leave a queue without its consumer. Queue consumers are plain ``lambda_function``s that take the SQS event and return
``{"batchItemFailures": [...]}``: the queues are created by CDK with generated names, so
``on_sqs_message(queue=...)`` cannot name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class QueueConsumer:
    queue: str  # QueueSpec.logical_name in chalicelib.resources.QUEUES
    batch_size: int = 10
    max_batching_window_s: int = 0
    max_concurrency: int | None = None  # caps parallel pollers (minimum 2), e.g. to pace the dialler


#: Invoked by Amazon Connect contact flows: associated with the instance, invocable by Connect only.
FLOW_INVOKED_FUNCTIONS: tuple[str, ...] = (
    "screen_caller",
    "lookup_customer",
    "open_ticket_from_flow",
    "record_rating",
    "offer_callback_slots",
    "book_callback_slot",
)

#: SQS consumers: function name -> the queue it drains (partial batch failures reported).
QUEUE_CONSUMERS: dict[str, QueueConsumer] = {
    "dial_contacts": QueueConsumer("dialler", batch_size=5, max_concurrency=2),
    # No batching window: a call's end frees a line for the next waiting contact, and every
    # second the event waits in SQS is a second that line stays idle.
    "handle_contact_events": QueueConsumer("contact-events", batch_size=10),
}

#: Step Functions state machines (``chalicelib.resources.STATE_MACHINES``) -> the function every
#: one of their Task states invokes (the payload's ``step`` says which part of the job).
STATE_MACHINE_TASKS: dict[str, str] = {
    "audience-load": "load_audience",
    "list-import": "import_list_rows",
}

#: EventBridge Scheduler targets: function name -> environment variable that carries its ARN to
#: every function (so the code creating a schedule knows what to target).
SCHEDULED_FUNCTIONS: dict[str, str] = {
    "fire_callback": "CALLBACK_FUNCTION_ARN",
    "send_callback_reminder": "CALLBACK_REMINDER_FUNCTION_ARN",
}

#: Invoked asynchronously (EventBridge Scheduler, EventBridge rules): function name -> what it
#: receives. Lambda retries a failed event twice, then hands it to the function's on-failure
#: destination, a dead-letter queue that alarms. (SNS subscribers get theirs below.)
ASYNC_FUNCTIONS: dict[str, str] = {
    "fire_callback": "booked callback schedules",
    "send_callback_reminder": "callback reminder schedules",
    "track_callback_calls": "Amazon Connect contact events (callback outcomes)",
    "track_contact_quality": "Amazon Connect contact events (quality KPIs)",
    "receive_support_email": "mail received by the support address (SES receipt rule)",
    "sweep_supervisor_alerts": "the supervisors' alert sweep schedule (EventBridge)",
}

#: SNS subscribers: function name -> the topic it receives (a ``FunctionsStack.topics`` key). SNS
#: invokes them asynchronously; what neither SNS nor Lambda's retries deliver lands in the
#: function's own dead-letter queue.
TOPIC_SUBSCRIBERS: dict[str, str] = {
    # End User Messaging two-way SMS: STOP / 退订, survey digits, conversations
    "receive_sms_reply": "inbound-sms",
}


#: The fulfilment code hook of the assistant's Lex V2 bot (``infra.assistant_bot``): invoked by
#: the bot's alias only.
BOT_FULFILMENT_FUNCTION = "answer_customer"


class WiringError(LookupError):
    """The wiring names a function the Chalice app does not have."""


def wired_function_names() -> list[str]:
    """Every function this table wires, each once."""
    return sorted(
        {
            *FLOW_INVOKED_FUNCTIONS,
            *QUEUE_CONSUMERS,
            *SCHEDULED_FUNCTIONS,
            *TOPIC_SUBSCRIBERS,
            *ASYNC_FUNCTIONS,
            BOT_FULFILMENT_FUNCTION,
        }
    )


def require_wired(exists: Callable[[str], bool], where: str) -> None:
    """Raise ``WiringError`` naming each wired function for which ``exists`` is false."""
    missing = [name for name in wired_function_names() if not exists(name)]
    if missing:
        raise WiringError(f"infra/wiring.py names {', '.join(missing)}, which {where} does not have")

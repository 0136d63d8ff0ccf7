"""One Lambda handler's cold start from an unzipped asset: import it, make its first call.

Run as a script in a fresh interpreter (``python bench/lambda_first_call.py ASSET HANDLER``,
``HANDLER`` as in the template, e.g. ``chalicelib.api.screening.screen_caller`` or ``app.app``).
The asset comes first on ``sys.path`` as ``/var/task`` does on Lambda; what it lacks comes from
this environment as the runtime's own packages would. AWS is whatever the environment points at:
the caller starts a moto server with the product's tables, queues and buckets
(``local.aws.EmulatedAws``), so this process loads nothing but the handler and what it needs.

Prints one JSON object on its last line of output (the handler logs before it): ``modules`` (what the import and the first call loaded from the asset, in
order) and ``missing`` (set when the call needed something the package left out: a module, a
botocore service model, a data file). Other errors are the call's own business (a sample event
refers to nothing that exists) and do not count: the imports happened.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from types import SimpleNamespace
from typing import Any

_CALLER = "+12125550142"  # fictional range (555-01xx)
_CONTACT_EVENT = {
    "version": "0",
    "id": "probe-event",
    "detail-type": "Amazon Connect Contact Event",
    "source": "aws.connect",
    "account": "123456789012",
    "time": "2026-01-05T10:00:00Z",
    "region": "us-east-1",
    "resources": [],
    "detail": {
        "eventType": "DISCONNECTED",
        "contactId": "probe-contact",
        "channel": "VOICE",
        "initiationMethod": "API",
        "instanceArn": "arn:aws:connect:us-east-1:123456789012:instance/probe",
    },
}


def _flow_event(**parameters: str) -> dict[str, Any]:
    return {
        "Name": "ContactFlowEvent",
        "Details": {
            "ContactData": {
                "ContactId": "probe-contact",
                "CustomerEndpoint": {"Address": _CALLER, "Type": "TELEPHONE_NUMBER"},
                "Attributes": {},
            },
            "Parameters": parameters,
        },
    }


def _sqs_event(body: dict[str, Any]) -> dict[str, Any]:
    return {"Records": [{"messageId": "probe-message", "body": json.dumps(body), "attributes": {}}]}


#: A representative first event per handler (by the function's Chalice name; the REST API by
#: ``app``). A handler without one is called with ``{}``.
SAMPLE_EVENTS: dict[str, dict[str, Any]] = {
    "screen_caller": _flow_event(),
    "lookup_customer": _flow_event(),
    "open_ticket_from_flow": _flow_event(category="billing", message="probe"),
    "record_rating": _flow_event(rating="5"),
    "offer_callback_slots": _flow_event(),
    "book_callback_slot": _flow_event(choice="1"),
    "fire_callback": {"bookingId": "probe-booking", "attempt": 1},
    "send_callback_reminder": {"bookingId": "probe-booking"},
    "track_callback_calls": _CONTACT_EVENT,
    "track_contact_quality": _CONTACT_EVENT,
    "load_audience": _sqs_event({"campaign_id": "probe-campaign", "audience_key": "probe.csv"}),
    "dial_contacts": _sqs_event({"campaign_id": "probe-campaign", "phones": [_CALLER], "attempt": 1}),
    "handle_contact_events": _sqs_event(_CONTACT_EVENT),
    "receive_sms_reply": {
        "Records": [{"Sns": {"Message": json.dumps({"originationNumber": _CALLER, "messageBody": "STOP"})}}]
    },
    # SES's Lambda action: the stored message does not exist, but the imports and the read happen.
    "receive_support_email": {
        "Records": [{"eventSource": "aws:ses", "ses": {"mail": {"messageId": "probe-mail"}, "receipt": {}}}]
    },
    "app": {
        "resource": "/health",
        "path": "/health",
        "httpMethod": "GET",
        "headers": {"Accept": "application/json"},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/health",
            "httpMethod": "GET",
            "path": "/api/health",
            "stage": "api",
            "requestId": "probe-request",
            "identity": {"sourceIp": "192.0.2.1"},
        },
        "body": None,
        "isBase64Encoded": False,
    },
}


def _is_missing_from_package(error: BaseException) -> bool:
    from botocore.exceptions import DataNotFoundError, UnknownServiceError

    return isinstance(error, ImportError | UnknownServiceError | DataNotFoundError | FileNotFoundError)


def probe(asset: str, handler: str) -> dict[str, Any]:
    """Import ``handler`` and call it once; the asset's modules loaded meanwhile are its cold start."""
    loaded_before = set(sys.modules)
    module_name, attribute = handler.rsplit(".", 1)
    target = importlib.import_module(module_name)
    function = getattr(target, attribute)
    name = getattr(function, "name", None) or attribute
    context = SimpleNamespace(
        function_name=name, aws_request_id="probe-request", memory_limit_in_mb=512,
        invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
        get_remaining_time_in_millis=lambda: 30_000,
    )  # fmt: skip
    error: Exception | None = None
    try:
        function(json.loads(json.dumps(SAMPLE_EVENTS.get(name, {}))), context)
    except Exception as failure:
        error = failure
    modules = [
        loaded
        for loaded, module in list(sys.modules.items())
        if loaded not in loaded_before and (getattr(module, "__file__", None) or "").startswith(asset)
    ]
    missing = f"{type(error).__name__}: {error}" if error and _is_missing_from_package(error) else None
    raised = f"{type(error).__name__}: {error}" if error else None
    return {"handler": handler, "modules": modules, "missing": missing, "raised": raised}


def main() -> None:
    asset, handler = os.path.abspath(sys.argv[1]), sys.argv[2]
    sys.path.insert(0, asset)
    print(json.dumps(probe(asset, handler)))


if __name__ == "__main__":
    main()

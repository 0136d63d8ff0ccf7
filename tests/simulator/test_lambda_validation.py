"""InvokeLambdaFunction: ResponseValidation JSON versus STRING_MAP, and asynchronous invocation."""

from __future__ import annotations

from typing import Any

from local.connect_simulator import ConnectSimulator
from tests.simulator.flow_support import action, call, flow, on_error

ARN = "arn:aws:lambda:us-east-1:123456789012:function:lookup"
NESTED = {"customer": {"name": "Ada", "tier": "gold"}}


def _flow(**extra: Any) -> dict:
    return flow(
        action(
            "lookup",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": ARN, "InvocationTimeLimitSeconds": "3", **extra},
            NextAction="hello",
            Errors=[on_error("NoMatchingError", "failed")],
        ),
        action("hello", "MessageParticipant", {"Text": "Hello $.External.customer.name."}, NextAction="bye"),
        action("failed", "MessageParticipant", {"Text": "Lookup failed."}, NextAction="bye"),
    )


def _sim(response: Any) -> ConnectSimulator:
    sim = ConnectSimulator()
    sim.lambdas.register(ARN, lambda _event, _context: response)
    return sim


def test_a_nested_answer_is_read_with_json_validation() -> None:
    contact = call(_flow(ResponseValidation={"ResponseType": "JSON"}), sim=_sim(NESTED))
    assert contact.transcript.said() == ["Hello Ada."]


def test_a_nested_answer_fails_string_map_validation() -> None:
    contact = call(_flow(ResponseValidation={"ResponseType": "STRING_MAP"}), sim=_sim(NESTED))
    assert contact.transcript.said() == ["Lookup failed."]


def test_an_asynchronous_invocation_does_not_wait_for_the_answer() -> None:
    calls: list[str] = []

    def slow(event: dict[str, Any], _context: Any) -> dict[str, str]:
        calls.append(event["Details"]["ContactData"]["ContactId"])
        return {"customer": "ignored"}

    sim = ConnectSimulator()
    sim.lambdas.register(ARN, slow)
    contact = call(_flow(InvocationType="ASYNCHRONOUS"), sim=sim)
    assert calls == [contact.contact_id]
    assert contact.transcript.said() == ["Hello ."]  # $.External was not filled in

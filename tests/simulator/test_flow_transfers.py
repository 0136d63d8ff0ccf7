"""TransferToFlow, InvokeFlowModule / EndFlowModuleExecution and UpdateFlowAttributes."""

from __future__ import annotations

from local.connect_simulator import ConnectSimulator
from local.connect_simulator.offline import RunOptions, run_flow
from tests.simulator.flow_support import action, call, flow, on_error


def _second_flow() -> dict:
    return flow(
        action(
            "there",
            "MessageParticipant",
            {"Text": "Flow attribute: [$.FlowAttributes.mood]"},
            NextAction="bye",
        ),
    )


def test_transfer_to_flow_continues_at_the_other_flow_without_its_flow_attributes() -> None:
    sim = ConnectSimulator()
    target = sim.add_flow("second", _second_flow())
    contact = call(
        flow(
            action(
                "set",
                "UpdateFlowAttributes",
                {"FlowAttributes": {"mood": {"Value": "happy"}}},
                NextAction="here",
            ),
            action("here", "MessageParticipant", {"Text": "Mood $.FlowAttributes.mood."}, NextAction="go"),
            action(
                "go", "TransferToFlow", {"ContactFlowId": target}, Errors=[on_error("NoMatchingError", "bye")]
            ),
        ),
        sim=sim,
    )
    assert contact.transcript.said() == ["Mood happy.", "Flow attribute: []"]
    assert contact.path == ["set", "here", "go", "there", "bye"]


def test_transfer_to_an_unknown_flow_takes_the_error_branch() -> None:
    contact = call(
        flow(
            action(
                "go",
                "TransferToFlow",
                {"ContactFlowId": "no-such-flow"},
                Errors=[on_error("NoMatchingError", "oops")],
            ),
            action("oops", "MessageParticipant", {"Text": "Transfer failed."}, NextAction="bye"),
        )
    )
    assert contact.transcript.said() == ["Transfer failed."]


def test_a_flow_run_offline_ends_transferred_to_flow_when_the_target_is_not_at_hand() -> None:
    report = run_flow(
        flow(
            action(
                "go",
                "TransferToFlow",
                {"ContactFlowId": "arn:aws:connect:::flow/x"},
                Errors=[on_error("NoMatchingError", "bye")],
            )
        ),
        RunOptions(),
    )
    assert report.ended == "transferred_to_flow"
    assert report.stubbed == [{"kind": "flow", "reference": "arn:aws:connect:::flow/x"}]


def test_a_module_runs_then_the_flow_continues_after_it() -> None:
    sim = ConnectSimulator()
    module = sim.add_module(
        "greeting",
        {
            "Version": "2019-10-30",
            "StartAction": "hi",
            "Actions": [
                action("hi", "MessageParticipant", {"Text": "Hello from the module."}, NextAction="return"),
                action("return", "EndFlowModuleExecution"),
            ],
        },
    )
    contact = call(
        flow(
            action(
                "module",
                "InvokeFlowModule",
                {"FlowModuleId": module},
                NextAction="after",
                Errors=[on_error("NoMatchingError", "bye")],
            ),
            action("after", "MessageParticipant", {"Text": "Back in the flow."}, NextAction="bye"),
        ),
        sim=sim,
    )
    assert contact.transcript.said() == ["Hello from the module.", "Back in the flow."]


def test_a_module_run_on_its_own_ends_module_returned() -> None:
    module = {
        "Version": "2019-10-30",
        "StartAction": "hi",
        "Actions": [
            action("hi", "MessageParticipant", {"Text": "Module."}, NextAction="return"),
            action("return", "EndFlowModuleExecution"),
        ],
    }
    assert run_flow(module, RunOptions(flow_type="FLOW_MODULE")).ended == "module_returned"

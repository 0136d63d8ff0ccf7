"""Actions that end the run: DisconnectParticipant, EndFlowExecution (whisper and queue flows)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import DISCONNECTED, ENDED, Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def disconnect_participant(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    return DISCONNECTED


def end_flow_execution(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    return ENDED

"""The probe flows: each broken one is rejected naming its action and rule, each valid one accepted.

The valid flows are written the way the console exports them (UUID identifiers, Metadata, some
wrapped in ``Content``) and together use every documented action type; the simulator's
``callctl flow run`` runs the same files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from infra.flows.language import DOCUMENTED_ACTION_TYPES, spec_for
from infra.flows.language.documents import load_flow_document
from infra.flows.language.rules import check_document
from tests.flows.probe_files import BROKEN, PROBES, VALID

if TYPE_CHECKING:
    from pathlib import Path


def test_every_probe_file_is_in_the_manifest() -> None:
    assert set(VALID) | set(BROKEN) == set(PROBES.glob("*/*.json"))
    assert len(BROKEN) >= 12


@pytest.mark.parametrize("path", sorted(BROKEN), ids=lambda path: path.stem)
def test_a_broken_probe_is_rejected_naming_its_action_and_rule(path: Path) -> None:
    expected = BROKEN[path]
    document = load_flow_document(path)
    problems = check_document(document.content, expected["type"], document.content_length)
    assert [(problem.action, problem.rule) for problem in problems] == [
        (expected["action"], expected["rule"])
    ]
    assert problems[0].page.startswith("https://docs.aws.amazon.com/connect/latest/devguide/")


@pytest.mark.parametrize("path", sorted(VALID), ids=lambda path: path.stem)
def test_a_valid_probe_is_accepted_as_its_flow_type(path: Path) -> None:
    document = load_flow_document(path)
    assert check_document(document.content, VALID[path], document.content_length) == []
    if document.flow_type is not None:
        assert document.flow_type == VALID[path]


def test_the_valid_probes_cover_every_flow_type_and_every_documented_action_type() -> None:
    used: set[str] = set()
    for path in VALID:
        for action in load_flow_document(path).content["Actions"]:
            spec = spec_for(action["Type"])
            assert spec is not None, f"{path.name}: {action['Type']}"
            used.add(spec.type)
    assert sorted(DOCUMENTED_ACTION_TYPES - used) == []
    assert set(VALID.values()) == {
        "CONTACT_FLOW", "CUSTOMER_QUEUE", "CUSTOMER_HOLD", "CUSTOMER_WHISPER", "AGENT_HOLD", "AGENT_WHISPER",
        "OUTBOUND_WHISPER", "AGENT_TRANSFER", "QUEUE_TRANSFER", "CAMPAIGN", "FLOW_MODULE",
    }  # fmt: skip


def test_a_valid_flow_of_one_type_is_refused_as_another_naming_the_restriction() -> None:
    document = load_flow_document(PROBES / "valid" / "customer-queue.export.json")
    problems = check_document(document.content, "CONTACT_FLOW")
    rules = {(problem.rule, problem.message.split(" ")[0]) for problem in problems}
    assert ("flow-type", "MessageParticipantIteratively") in rules
    assert ("flow-type", "DequeueContactAndTransferToQueue") in rules

"""The synthesized templates pass cdk-nag (AwsSolutions) and cfn-lint with no errors."""

from __future__ import annotations

import pytest

from tests.infra.conftest import STAGES


@pytest.mark.parametrize("stage", STAGES)
def test_cdk_nag_finds_nothing_unacknowledged(synthesized, stage):
    assert synthesized[stage].nag_failure is None, synthesized[stage].nag_failure


def test_cfn_lint_reports_no_errors_in_any_stage(synthesized):
    # imported here: cfn-lint (with sympy and networkx) costs ~0.8 s of CPU, every worker collects
    from cfnlint.api import ManualArgs, lint_by_config

    paths = sorted(str(p) for stage in synthesized.values() for p in stage.outdir.glob("*.template.json"))
    assert len(paths) == 4 * len(STAGES)
    matches = lint_by_config(ManualArgs(templates=paths))  # one run: cfn-lint loads its schemas once
    errors = [f"{m.filename}: {m.rule.id} {m.message}" for m in matches if m.rule.id.startswith("E")]
    assert errors == []


def test_every_acknowledged_nag_finding_names_its_rule_and_says_why(synthesized):
    """An acknowledgement without a reason would hide a finding without justifying it."""
    acknowledged = [
        (rule, reason) for stage in synthesized.values() for _path, rule, reason in stage.acknowledgements
    ]
    assert acknowledged, (
        "expected the documented acknowledgements (e.g. the function roles' scoped wildcards)"
    )
    for rule, reason in acknowledged:
        assert rule.startswith("AwsSolutions::AwsSolutions-"), rule
        assert len(reason.split()) >= 8, f"{rule}: reason too thin: {reason!r}"


def test_every_nag_acknowledgement_still_matches_a_finding(synthesized):
    """An acknowledgement that matches nothing is stale: it would silently cover a future finding."""
    import json

    for stage in synthesized.values():
        report = json.loads((stage.outdir / "validation-report.json").read_text())
        used = {
            (violation["acknowledgedAt"], violation["acknowledgedId"])
            for plugin in report["pluginReports"]
            for violation in plugin.get("suppressedViolations", [])
        }
        made = {(path, rule) for path, rule, _reason in stage.acknowledgements}
        assert made, "expected the documented acknowledgements"
        assert sorted(made - used) == []

"""The KPI section of the dashboard and its alarms: abandonment, dead letters, dropped events."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from chalicelib.quality.emf import METRICS, NAMESPACE

if TYPE_CHECKING:
    from aws_cdk.assertions import Template


def _template(function_name: str | None = "contact-centre-test-TrackContactQuality") -> Template:
    from aws_cdk import App, Stack
    from aws_cdk.assertions import Template

    from infra.monitoring import Monitoring

    stack = Stack(App(), "Monitoring")
    monitoring = Monitoring(stack, "monitoring", dashboard_name="contact-centre-test", alarm_email=None)
    monitoring.watch_quality("test", function_name)
    return Template.from_stack(stack)


def _alarms(template: Template) -> list[dict[str, Any]]:
    return [r["Properties"] for r in template.find_resources("AWS::CloudWatch::Alarm").values()]


def test_the_dashboard_reads_the_metrics_the_functions_print() -> None:
    from infra.monitoring import QUALITY_NAMESPACE

    assert QUALITY_NAMESPACE == NAMESPACE
    (dashboard,) = _template().find_resources("AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    assert NAMESPACE in body
    for name in (
        "Queued",
        "Abandoned",
        "AnsweredWithinServiceLevel",
        "HandleTime",
        "RatingSum",
        "CampaignSms",
    ):
        assert name in body and name in {metric for metric, _ in METRICS.values()}


def test_abandonment_above_the_limit_raises_an_alarm_only_with_enough_queued_calls() -> None:
    (alarm,) = [a for a in _alarms(_template()) if "Metrics" in a]
    (expression,) = [m["Expression"] for m in alarm["Metrics"] if "Expression" in m]
    assert expression == "IF(queued >= 10, abandoned / queued, 0) - 0.15"
    inputs = {m["Id"]: m["MetricStat"]["Metric"] for m in alarm["Metrics"] if "MetricStat" in m}
    assert {metric["MetricName"] for metric in inputs.values()} == {"Abandoned", "Queued"}
    assert all(metric["Namespace"] == NAMESPACE for metric in inputs.values())
    assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (0, "GreaterThanThreshold")
    assert alarm["AlarmActions"]


def test_contact_events_the_kpi_function_gives_up_on_raise_an_alarm() -> None:
    dropped = [a for a in _alarms(_template()) if a.get("MetricName") == "AsyncEventsDropped"]
    assert len(dropped) == 1
    assert dropped[0]["Dimensions"] == [
        {"Name": "FunctionName", "Value": "contact-centre-test-TrackContactQuality"}
    ]
    assert not [a for a in _alarms(_template(None)) if a.get("MetricName") == "AsyncEventsDropped"]

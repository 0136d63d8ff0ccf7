"""The KPI section of the dashboard and its alarms: abandonment, dead letters, dropped events."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from chalicelib.quality.emf import METRICS, NAMESPACE

if TYPE_CHECKING:
    from aws_cdk.assertions import Template

ALARM = "AWS::CloudWatch::Alarm"


def _template(function_name: str | None = "contact-centre-test-TrackContactQuality") -> Template:
    from aws_cdk import App, Stack
    from aws_cdk.assertions import Template

    from infra.monitoring import Monitoring

    stack = Stack(App(), "Monitoring")
    monitoring = Monitoring(stack, "monitoring", dashboard_name="contact-centre-test", alarm_email=None)
    monitoring.watch_quality("test", function_name)
    return Template.from_stack(stack)


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
    from aws_cdk.assertions import Match

    def reads(metric_id: str, name: str) -> Any:
        metric = Match.object_like({"MetricName": name, "Namespace": NAMESPACE})
        return Match.object_like({"Id": metric_id, "MetricStat": Match.object_like({"Metric": metric})})

    template = _template()
    template.resource_properties_count_is(ALARM, {"Metrics": Match.any_value()}, 1)
    template.has_resource_properties(
        ALARM,
        {
            # the expression and exactly the two metrics it names
            "Metrics": [
                Match.object_like({"Expression": "IF(queued >= 10, abandoned / queued, 0) - 0.15"}),
                reads("abandoned", "Abandoned"),
                reads("queued", "Queued"),
            ],
            "Threshold": 0,
            "ComparisonOperator": "GreaterThanThreshold",
            "AlarmActions": Match.not_([]),  # someone is told
        },
    )


def test_contact_events_the_kpi_function_gives_up_on_raise_an_alarm() -> None:
    from aws_cdk.assertions import Match

    dropped = {"MetricName": "AsyncEventsDropped"}
    template = _template()
    template.resource_properties_count_is(ALARM, dropped, 1)
    template.has_resource_properties(
        ALARM,
        {
            **dropped,
            "Dimensions": Match.exact(
                [{"Name": "FunctionName", "Value": "contact-centre-test-TrackContactQuality"}]
            ),
        },
    )
    _template(None).resource_properties_count_is(ALARM, dropped, 0)

"""The supervisors' alerts topic: one per stage, published to by the REST API, the alert sweep and
the KPI function (warning-listed callers in queue) alone; the sweep runs every few minutes."""

from __future__ import annotations

from chalicelib.notifications import ALERTS_TOPIC_ENV
from infra.function_tables import REST_API_FUNCTION
from tests.infra.templates import FUNCTION, template


def test_each_stage_has_an_alerts_topic_only_the_api_and_the_kpi_function_publish_to(dev, prod):
    from aws_cdk.assertions import Match

    for stage, name in (
        (dev, "contact-centre-dev-supervisor-alerts"),
        (prod, "contact-centre-prod-supervisor-alerts"),
    ):
        functions = template(stage, "Functions")
        (topic_id,) = functions.find_resources("AWS::SNS::Topic", {"Properties": {"TopicName": name}})
        topic = {"Ref": topic_id}
        api = functions.find_resources(
            FUNCTION, {"Properties": {"FunctionName": Match.string_like_regexp(REST_API_FUNCTION)}}
        )
        (api_properties,) = [resource["Properties"] for resource in api.values()]
        assert api_properties["Environment"]["Variables"][ALERTS_TOPIC_ENV] == topic
        others = [
            resource
            for resource in functions.find_resources(FUNCTION).values()
            if ALERTS_TOPIC_ENV in resource["Properties"].get("Environment", {}).get("Variables", {})
        ]
        assert len(others) == 3
        publishers = [
            policy
            for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
            for policy in functions.find_resources(kind).values()
            if any(
                statement.get("Resource") == topic
                for statement in policy["Properties"]["PolicyDocument"]["Statement"]
            )
        ]
        assert len(publishers) == 3


def test_the_alert_sweep_runs_on_a_schedule(dev):
    from infra.functions_stack import logical_id

    functions = template(dev, "Functions")
    sweep = functions.find_resources(FUNCTION)[logical_id("sweep_supervisor_alerts")]
    (event,) = sweep["Properties"]["Events"].values()
    assert event == {"Type": "Schedule", "Properties": {"Schedule": "rate(5 minutes)"}}

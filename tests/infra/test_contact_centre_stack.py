"""The Connect instance: a queue per call category, business hours in the stage's time zone."""

from __future__ import annotations

from chalicelib.tickets.rules import CATEGORIES
from tests.infra.conftest import resources_of_type


def test_there_is_one_queue_per_call_category_plus_callbacks(dev):
    queues = resources_of_type(dev.raw("ContactCentre"), "AWS::Connect::Queue").values()
    names = sorted(q["Properties"]["Name"] for q in queues)
    assert names == sorted(f"contact-centre-dev-{c}" for c in (*CATEGORIES, "callback"))


def test_agents_take_calls_from_every_queue_with_emergencies_first(dev):
    raw = dev.raw("ContactCentre")
    (profile,) = resources_of_type(raw, "AWS::Connect::RoutingProfile").values()
    configs = profile["Properties"]["QueueConfigs"]
    assert len(configs) == len(CATEGORIES) + 1
    by_queue = {c["QueueReference"]["QueueArn"]["Fn::GetAtt"][0]: c["Priority"] for c in configs}
    emergency = next(k for k in by_queue if k.startswith("queueemergency"))
    assert by_queue[emergency] == min(by_queue.values())


def test_business_hours_follow_the_stage_settings(dev, prod):
    for stage in (dev, prod):
        (hours,) = resources_of_type(stage.raw("ContactCentre"), "AWS::Connect::HoursOfOperation").values()
        settings = stage.stacks.settings
        assert hours["Properties"]["TimeZone"] == settings.business_time_zone
        assert {c["Day"] for c in hours["Properties"]["Config"]} == set(settings.business_hours)
    (prod_hours,) = resources_of_type(prod.raw("ContactCentre"), "AWS::Connect::HoursOfOperation").values()
    assert "SATURDAY" in {c["Day"] for c in prod_hours["Properties"]["Config"]}


def test_outbound_calls_show_the_claimed_number(dev):
    raw = dev.raw("ContactCentre")
    (number_id,) = resources_of_type(raw, "AWS::Connect::PhoneNumber")
    for queue in resources_of_type(raw, "AWS::Connect::Queue").values():
        caller = queue["Properties"]["OutboundCallerConfig"]["OutboundCallerIdNumberArn"]
        assert caller == {"Fn::GetAtt": [number_id, "PhoneNumberArn"]}


def test_the_prod_instance_is_kept_when_the_stack_is_deleted(dev, prod):
    (prod_instance,) = resources_of_type(prod.raw("ContactCentre"), "AWS::Connect::Instance").values()
    (dev_instance,) = resources_of_type(dev.raw("ContactCentre"), "AWS::Connect::Instance").values()
    assert prod_instance["DeletionPolicy"] == "Retain"
    assert dev_instance["DeletionPolicy"] == "Delete"
    assert prod_instance["Properties"]["Attributes"]["OutboundCalls"] is True

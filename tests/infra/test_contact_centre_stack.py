"""The Connect instance: a queue per call category, business hours in the stage's time zone."""

from __future__ import annotations

from aws_cdk.assertions import Match

from chalicelib.tickets.rules import CATEGORIES
from tests.infra.conftest import resources_of_type


def test_there_is_one_queue_per_call_category_plus_callbacks(dev):
    template = dev.template("ContactCentre")
    names = [f"contact-centre-dev-{c}" for c in (*CATEGORIES, "callback")]
    template.resource_count_is("AWS::Connect::Queue", len(names))
    for name in names:  # as many queues as names, each name taken: one queue per name
        template.resource_properties_count_is("AWS::Connect::Queue", {"Name": name}, 1)


def test_every_queue_is_taken_by_some_routing_profile_with_emergencies_first(dev):
    raw = dev.raw("ContactCentre")
    taken: dict[str, int] = {}
    for profile in resources_of_type(raw, "AWS::Connect::RoutingProfile").values():
        for config in profile["Properties"]["QueueConfigs"]:
            queue = config["QueueReference"]["QueueArn"]["Fn::GetAtt"][0]
            taken[queue] = min(config["Priority"], taken.get(queue, config["Priority"]))
    assert set(taken) == set(resources_of_type(raw, "AWS::Connect::Queue"))
    emergency = next(queue for queue in taken if queue.startswith("queueemergency"))
    assert taken[emergency] == 1


def test_business_hours_follow_the_stage_settings(dev, prod):
    for stage in (dev, prod):
        template = stage.template("ContactCentre")
        settings = stage.stacks.settings
        template.resource_count_is("AWS::Connect::HoursOfOperation", 1)
        (hours,) = template.find_resources(
            "AWS::Connect::HoursOfOperation", {"Properties": {"TimeZone": settings.business_time_zone}}
        ).values()
        assert {c["Day"] for c in hours["Properties"]["Config"]} == set(settings.business_hours)
    prod.template("ContactCentre").has_resource_properties(
        "AWS::Connect::HoursOfOperation",
        {"Config": Match.array_with([Match.object_like({"Day": "SATURDAY"})])},
    )


def test_outbound_calls_show_the_claimed_number(dev):
    template = dev.template("ContactCentre")
    template.resource_count_is("AWS::Connect::PhoneNumber", 1)
    (number_id,) = template.find_resources("AWS::Connect::PhoneNumber")
    caller = {"OutboundCallerIdNumberArn": {"Fn::GetAtt": [number_id, "PhoneNumberArn"]}}
    template.all_resources_properties("AWS::Connect::Queue", {"OutboundCallerConfig": caller})


def test_the_prod_instance_is_kept_when_the_stack_is_deleted(dev, prod):
    for stage, policy in ((prod, "Retain"), (dev, "Delete")):
        stage.template("ContactCentre").resource_count_is("AWS::Connect::Instance", 1)
        stage.template("ContactCentre").has_resource("AWS::Connect::Instance", {"DeletionPolicy": policy})
    prod.template("ContactCentre").has_resource_properties(
        "AWS::Connect::Instance", {"Attributes": Match.object_like({"OutboundCalls": True})}
    )


def test_call_recordings_go_to_a_kms_encrypted_bucket_kept_for_the_stages_retention(dev, prod):
    kept = {}
    for name, stage in (("dev", dev), ("prod", prod)):
        raw = stage.raw("ContactCentre")
        (config,) = resources_of_type(raw, "AWS::Connect::InstanceStorageConfig").values()
        properties = config["Properties"]
        assert (properties["ResourceType"], properties["StorageType"]) == ("CALL_RECORDINGS", "S3")
        s3_config = properties["S3Config"]
        assert s3_config["EncryptionConfig"]["EncryptionType"] == "KMS"
        key_id = s3_config["EncryptionConfig"]["KeyId"]["Fn::GetAtt"][0]
        assert raw["Resources"][key_id]["Properties"]["EnableKeyRotation"] is True
        bucket = raw["Resources"][s3_config["BucketName"]["Ref"]]
        default = bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        assert default["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
        assert default["ServerSideEncryptionByDefault"]["KMSMasterKeyID"]["Fn::GetAtt"][0] == key_id
        assert bucket["Properties"]["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
        [rule] = bucket["Properties"]["LifecycleConfiguration"]["Rules"]
        kept[name] = (rule["ExpirationInDays"], bucket["DeletionPolicy"])
        assert rule["ExpirationInDays"] == stage.stacks.settings.recording_retention_days
    assert kept == {"dev": (30, "Delete"), "prod": (365, "Retain")}

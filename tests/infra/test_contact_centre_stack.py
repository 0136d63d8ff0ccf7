"""The Connect instance: a queue per call category, business hours in the stage's time zone."""

from __future__ import annotations

from chalicelib.tickets.rules import CATEGORIES
from tests.infra.templates import properties, template


def test_there_is_one_queue_per_call_category_plus_callbacks(dev):
    contact_centre = template(dev, "ContactCentre")
    names = [f"contact-centre-dev-{c}" for c in (*CATEGORIES, "callback")]
    contact_centre.resource_count_is("AWS::Connect::Queue", len(names))
    for name in names:  # as many queues as names, each name taken: one queue per name
        contact_centre.resource_properties_count_is("AWS::Connect::Queue", {"Name": name}, 1)


def test_every_queue_is_taken_by_some_routing_profile_with_emergencies_first(dev):
    contact_centre = template(dev, "ContactCentre")
    taken: dict[str, int] = {}
    for profile in properties(contact_centre.find_resources("AWS::Connect::RoutingProfile")):
        for config in profile["QueueConfigs"]:
            queue = config["QueueReference"]["QueueArn"]["Fn::GetAtt"][0]
            taken[queue] = min(config["Priority"], taken.get(queue, config["Priority"]))
    assert set(taken) == set(contact_centre.find_resources("AWS::Connect::Queue"))
    emergency = next(queue for queue in taken if queue.startswith("queueemergency"))
    assert taken[emergency] == 1


def test_business_hours_follow_the_stage_settings(dev, prod):
    from aws_cdk.assertions import Match

    for stage in (dev, prod):
        contact_centre = template(stage, "ContactCentre")
        settings = stage.stacks.settings
        contact_centre.resource_count_is("AWS::Connect::HoursOfOperation", 1)
        (hours,) = contact_centre.find_resources(
            "AWS::Connect::HoursOfOperation", {"Properties": {"TimeZone": settings.business_time_zone}}
        ).values()
        assert {c["Day"] for c in hours["Properties"]["Config"]} == set(settings.business_hours)
    template(prod, "ContactCentre").has_resource_properties(
        "AWS::Connect::HoursOfOperation",
        {"Config": Match.array_with([Match.object_like({"Day": "SATURDAY"})])},
    )


def test_outbound_calls_show_the_claimed_number(dev):
    contact_centre = template(dev, "ContactCentre")
    contact_centre.resource_count_is("AWS::Connect::PhoneNumber", 1)
    (number_id,) = contact_centre.find_resources("AWS::Connect::PhoneNumber")
    caller = {"OutboundCallerIdNumberArn": {"Fn::GetAtt": [number_id, "PhoneNumberArn"]}}
    contact_centre.all_resources_properties("AWS::Connect::Queue", {"OutboundCallerConfig": caller})


def test_the_prod_instance_is_kept_when_the_stack_is_deleted(dev, prod):
    from aws_cdk.assertions import Match

    for stage, policy in ((prod, "Retain"), (dev, "Delete")):
        template(stage, "ContactCentre").resource_count_is("AWS::Connect::Instance", 1)
        template(stage, "ContactCentre").has_resource("AWS::Connect::Instance", {"DeletionPolicy": policy})
    template(prod, "ContactCentre").has_resource_properties(
        "AWS::Connect::Instance", {"Attributes": Match.object_like({"OutboundCalls": True})}
    )


def test_chat_transcripts_are_kept_with_the_recordings_encrypted_by_the_same_key(dev):
    contact_centre = template(dev, "ContactCentre")
    configs = contact_centre.find_resources("AWS::Connect::InstanceStorageConfig")
    by_type = {c["Properties"]["ResourceType"]: c["Properties"]["S3Config"] for c in configs.values()}
    assert set(by_type) == {"CALL_RECORDINGS", "CHAT_TRANSCRIPTS"}
    calls, chats = by_type["CALL_RECORDINGS"], by_type["CHAT_TRANSCRIPTS"]
    assert (
        chats["BucketName"] == calls["BucketName"] and chats["EncryptionConfig"] == calls["EncryptionConfig"]
    )
    assert chats["BucketPrefix"] == "chat-transcripts"


def test_call_recordings_go_to_a_kms_encrypted_bucket_kept_for_the_stages_retention(dev, prod):
    from aws_cdk.assertions import Capture, Match

    for stage, days, policy in ((dev, 30, "Delete"), (prod, 365, "Retain")):
        assert stage.stacks.settings.recording_retention_days == days
        contact_centre = template(stage, "ContactCentre")
        key, bucket = Capture(), Capture()
        contact_centre.resource_count_is("AWS::Connect::InstanceStorageConfig", 2)  # calls, chats
        contact_centre.has_resource_properties(
            "AWS::Connect::InstanceStorageConfig",
            {
                "ResourceType": "CALL_RECORDINGS",
                "StorageType": "S3",
                "S3Config": {
                    "EncryptionConfig": {
                        "EncryptionType": "KMS",
                        "KeyId": {"Fn::GetAtt": [key, Match.any_value()]},
                    },
                    "BucketName": {"Ref": bucket},
                },
            },
        )
        rotated = contact_centre.find_resources("AWS::KMS::Key", {"Properties": {"EnableKeyRotation": True}})
        assert key.as_string() in rotated
        kept_and_encrypted_with_the_key = {
            "DeletionPolicy": policy,
            "Properties": {
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {
                            "ServerSideEncryptionByDefault": {
                                "SSEAlgorithm": "aws:kms",
                                "KMSMasterKeyID": {"Fn::GetAtt": [key.as_string(), Match.any_value()]},
                            }
                        }
                    ]
                },
                "PublicAccessBlockConfiguration": {"RestrictPublicBuckets": True},
                "LifecycleConfiguration": {"Rules": [{"ExpirationInDays": days}]},
            },
        }
        assert bucket.as_string() in contact_centre.find_resources(
            "AWS::S3::Bucket", kept_and_encrypted_with_the_key
        )

"""The staff console and the help centre in AWS: a private bucket only CloudFront reads, with the
security headers."""

from __future__ import annotations

import json

from tests.infra.conftest import resources_of_type


def test_the_console_bucket_is_private_and_only_cloudfront_reads_it_through_oac(dev):
    raw = dev.raw("Console")
    site = next(
        bucket
        for bucket in resources_of_type(raw, "AWS::S3::Bucket").values()
        if "LoggingConfiguration" in bucket["Properties"]
    )
    assert site["Properties"]["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    [oac] = resources_of_type(raw, "AWS::CloudFront::OriginAccessControl").values()
    assert oac["Properties"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    readers = [
        statement["Principal"]
        for policy in resources_of_type(raw, "AWS::S3::BucketPolicy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement["Effect"] == "Allow" and "s3:GetObject" in json.dumps(statement["Action"])
    ]
    assert readers == [{"Service": "cloudfront.amazonaws.com"}]


def test_every_response_carries_the_security_headers(dev):
    raw = dev.raw("Console")
    policies = resources_of_type(raw, "AWS::CloudFront::ResponseHeadersPolicy").values()
    assert len(policies) == 2  # the staff console's and the help centre's
    for policy in policies:
        headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        csp = json.dumps(headers["ContentSecurityPolicy"]["ContentSecurityPolicy"])
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31_536_000
        assert headers["FrameOptions"]["FrameOption"] == "DENY"
        assert headers["ContentTypeOptions"]["Override"] is True
    [distribution] = resources_of_type(raw, "AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    behaviours = [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]
    assert all("ResponseHeadersPolicyId" in behaviour for behaviour in behaviours)
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert config["Logging"]["Prefix"] == "cloudfront/"


def test_the_api_is_reached_under_api_on_the_console_domain_with_the_token_forwarded(dev):
    raw = dev.raw("Console")
    [distribution] = resources_of_type(raw, "AWS::CloudFront::Distribution").values()
    behaviours = distribution["Properties"]["DistributionConfig"]["CacheBehaviors"]
    [api] = [behaviour for behaviour in behaviours if behaviour["PathPattern"] == "/api/*"]
    assert "DELETE" in api["AllowedMethods"] and "PATCH" in api["AllowedMethods"]
    policies = resources_of_type(raw, "AWS::CloudFront::CachePolicy").values()
    forwarded = [
        p["Properties"]["CachePolicyConfig"]["ParametersInCacheKeyAndForwardedToOrigin"]["HeadersConfig"]
        for p in policies
    ]
    assert {"HeaderBehavior": "whitelist", "Headers": ["Authorization"]} in forwarded


def test_the_bundle_is_deployed_with_its_runtime_config(dev):
    raw = dev.raw("Console")
    deployments = resources_of_type(raw, "Custom::CDKBucketDeployment").values()
    [console] = [d for d in deployments if "DestinationBucketKeyPrefix" not in d["Properties"]]
    assert len(console["Properties"]["SourceBucketNames"]) == 2  # the bundle and config.json
    assert "/index.html" in console["Properties"]["DistributionPaths"]
    # the console's deployment prunes what its bundle lacks, but not the help centre's folder
    assert console["Properties"]["Exclude"] == ["help-centre/*"]


def test_the_help_centre_is_deployed_under_its_folder_with_the_api_on_the_same_domain(dev):
    from infra.console_stack import help_centre_config

    raw = dev.raw("Console")
    deployments = resources_of_type(raw, "Custom::CDKBucketDeployment").values()
    [help_centre] = [d for d in deployments if d["Properties"].get("DestinationBucketKeyPrefix")]
    assert help_centre["Properties"]["DestinationBucketKeyPrefix"] == "help-centre/"
    assert len(help_centre["Properties"]["SourceBucketNames"]) == 2  # the bundle and config.json
    assert help_centre_config("api") == {"apiUrl": "/api"}
    [distribution] = resources_of_type(raw, "AWS::CloudFront::Distribution").values()
    behaviours = distribution["Properties"]["DistributionConfig"]["CacheBehaviors"]
    [pages] = [behaviour for behaviour in behaviours if behaviour["PathPattern"] == "/help-centre*"]
    [association] = pages["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    [function] = resources_of_type(raw, "AWS::CloudFront::Function").values()
    assert 'request.uri += "index.html"' in function["Properties"]["FunctionCode"]


def test_the_help_centre_may_reach_the_chat_service_but_not_the_staff_sign_in(dev):
    raw = dev.raw("Console")
    policies = {
        policy["Properties"]["ResponseHeadersPolicyConfig"]["Comment"].split(":")[0]: json.dumps(
            policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"][
                "ContentSecurityPolicy"
            ]
        )
        for policy in resources_of_type(raw, "AWS::CloudFront::ResponseHeadersPolicy").values()
    }
    assert (
        "participant.connect." in policies["Help centre"]
        and "wss://*.transport.connect." in policies["Help centre"]
    )
    assert "cognito-idp" not in policies["Help centre"] and "frame-src" not in policies["Help centre"]
    assert "participant.connect." not in policies["Staff console"]


def test_the_deployed_console_uses_the_instance_ccp_and_the_api_on_its_own_domain(dev):
    from infra.console_stack import console_config

    config = console_config(dev.stacks.settings, "eu-west-2", "api", "client-1")
    alias = dev.stacks.settings.connect_instance_alias
    assert config["softphone"] == "streams"
    assert config["ccpUrl"] == f"https://{alias}.my.connect.aws/ccp-v2/"
    assert config["apiUrl"] == "/api"
    assert config["cognito"] == {
        "endpoint": "https://cognito-idp.eu-west-2.amazonaws.com/",
        "userPoolClientId": "client-1",
    }


def test_the_instance_approves_the_console_origin_so_the_ccp_loads_in_it(dev):
    raw = dev.raw("Console")
    [approved] = resources_of_type(raw, "AWS::Connect::ApprovedOrigin").values()
    [distribution_id] = resources_of_type(raw, "AWS::CloudFront::Distribution")
    assert approved["Properties"]["Origin"] == {
        "Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution_id, "DomainName"]}]]
    }

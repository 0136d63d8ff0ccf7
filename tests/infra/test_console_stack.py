"""The staff console in AWS: a private bucket only CloudFront reads, with the security headers."""

from __future__ import annotations

import json

from infra.console_stack import console_config
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
    [policy] = resources_of_type(raw, "AWS::CloudFront::ResponseHeadersPolicy").values()
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
    [api] = distribution["Properties"]["DistributionConfig"]["CacheBehaviors"]
    assert api["PathPattern"] == "/api/*"
    assert "DELETE" in api["AllowedMethods"] and "PATCH" in api["AllowedMethods"]
    policies = resources_of_type(raw, "AWS::CloudFront::CachePolicy").values()
    forwarded = [
        p["Properties"]["CachePolicyConfig"]["ParametersInCacheKeyAndForwardedToOrigin"]["HeadersConfig"]
        for p in policies
    ]
    assert {"HeaderBehavior": "whitelist", "Headers": ["Authorization"]} in forwarded


def test_the_bundle_is_deployed_with_its_runtime_config(dev):
    raw = dev.raw("Console")
    [deployment] = resources_of_type(raw, "Custom::CDKBucketDeployment").values()
    assert len(deployment["Properties"]["SourceBucketNames"]) == 2  # the bundle and config.json
    assert "/index.html" in deployment["Properties"]["DistributionPaths"]


def test_the_deployed_console_uses_the_instance_ccp_and_the_api_on_its_own_domain(dev):
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

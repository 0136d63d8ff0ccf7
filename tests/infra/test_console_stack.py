"""The staff console and the help centre in AWS: a private bucket only CloudFront reads, with the
security headers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.infra.templates import template

if TYPE_CHECKING:
    from aws_cdk.assertions import Template

BUCKET = "AWS::S3::Bucket"
BUCKET_POLICY = "AWS::S3::BucketPolicy"
DISTRIBUTION = "AWS::CloudFront::Distribution"
HEADERS_POLICY = "AWS::CloudFront::ResponseHeadersPolicy"
DEPLOYMENT = "Custom::CDKBucketDeployment"
CLOUDFRONT = {"Service": "cloudfront.amazonaws.com"}
#: An action that lets its principal read objects: ``s3:GetObject`` (or a longer name holding it,
#: as ``s3:GetObjectVersion``), or a wildcard covering it.
READS_OBJECTS = r"^(\*|s3:\*|s3:Get\*|s3:GetObject.*)$"


def _statements(*statements: Any) -> dict[str, Any]:
    """A bucket policy pattern: these statements appear in its document, in this order."""
    from aws_cdk.assertions import Match

    return {"PolicyDocument": {"Statement": Match.array_with(list(statements))}}


def _behaviours(matcher: Any) -> dict[str, Any]:
    """A distribution pattern for its (non-default) cache behaviours."""
    return {"DistributionConfig": {"CacheBehaviors": matcher}}


def _the_only_behaviour(console: Template, path_pattern: str, **expected: Any) -> None:
    """The distribution routes ``path_pattern`` through exactly one behaviour, holding ``expected``."""
    from aws_cdk.assertions import Match

    console.resource_count_is(DISTRIBUTION, 1)
    routed = Match.object_like({"PathPattern": path_pattern})
    console.has_resource_properties(DISTRIBUTION, _behaviours(Match.not_(Match.array_with([routed, routed]))))
    console.has_resource_properties(
        DISTRIBUTION,
        _behaviours(Match.array_with([Match.object_like({"PathPattern": path_pattern, **expected})])),
    )


def _csp(comment_prefix: str, parts: Any) -> dict[str, Any]:
    """A response headers policy pattern: its comment starts with ``comment_prefix`` and the
    pieces its Content-Security-Policy joins match ``parts``."""
    from aws_cdk.assertions import Match

    return {
        "ResponseHeadersPolicyConfig": {
            "Comment": Match.string_like_regexp(f"^{comment_prefix}:"),
            "SecurityHeadersConfig": {
                "ContentSecurityPolicy": {"ContentSecurityPolicy": {"Fn::Join": ["", parts]}}
            },
        }
    }


def test_the_console_bucket_is_private_and_only_cloudfront_reads_it_through_oac(dev):
    from aws_cdk.assertions import Capture, Match

    console = template(dev, "Console")
    site, oac = Capture(), Capture()
    served_through_oac = Match.object_like(
        {
            "DomainName": {"Fn::GetAtt": [site, "RegionalDomainName"]},
            "OriginAccessControlId": {"Fn::GetAtt": [oac, "Id"]},
        }
    )
    console.has_resource_properties(
        DISTRIBUTION, {"DistributionConfig": {"Origins": Match.array_with([served_through_oac])}}
    )
    blocked = Match.exact(
        {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
    )
    console.all_resources_properties(BUCKET, {"PublicAccessBlockConfiguration": blocked})
    logged = {
        "Properties": {"LoggingConfiguration": Match.any_value(), "PublicAccessBlockConfiguration": blocked}
    }
    assert site.as_string() in console.find_resources(BUCKET, logged)
    console.resource_count_is("AWS::CloudFront::OriginAccessControl", 1)
    signing = {"Properties": {"OriginAccessControlConfig": {"SigningBehavior": "always"}}}
    assert oac.as_string() in console.find_resources("AWS::CloudFront::OriginAccessControl", signing)

    # exactly one statement in the stack's bucket policies lets anybody read objects ...
    grants_reading = Match.string_like_regexp(READS_OBJECTS)
    reads = Match.object_like({"Effect": "Allow", "Action": grants_reading})
    reads_among = Match.object_like({"Effect": "Allow", "Action": Match.array_with([grants_reading])})
    console.resource_properties_count_is(BUCKET_POLICY, _statements(reads), 1)
    console.resource_properties_count_is(BUCKET_POLICY, _statements(reads, reads), 0)
    console.resource_properties_count_is(BUCKET_POLICY, _statements(reads_among), 0)
    # ... and it is CloudFront's, on the site bucket, for this distribution's requests only
    distribution = console.get_resource_id(DISTRIBUTION)
    from_this_distribution = {"Fn::Join": ["", Match.array_with([{"Ref": distribution}])]}
    cloudfront_reads = Match.object_like(
        {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Principal": Match.exact(CLOUDFRONT),
            "Condition": {"StringEquals": {"AWS:SourceArn": from_this_distribution}},
        }
    )
    console.has_resource_properties(
        BUCKET_POLICY, {"Bucket": {"Ref": site.as_string()}, **_statements(cloudfront_reads)}
    )


def test_every_response_carries_the_security_headers(dev):
    from aws_cdk.assertions import Capture, Match

    console = template(dev, "Console")
    console.resource_count_is(HEADERS_POLICY, 2)  # the staff console's and the help centre's
    max_age = Capture()
    console.all_resources_properties(
        HEADERS_POLICY,
        {
            "ResponseHeadersPolicyConfig": {
                "SecurityHeadersConfig": {
                    "StrictTransportSecurity": {"AccessControlMaxAgeSec": max_age},
                    "FrameOptions": {"FrameOption": "DENY"},
                    "ContentTypeOptions": {"Override": True},
                }
            }
        },
    )
    ages = [max_age.as_number()]
    while max_age.next():
        ages.append(max_age.as_number())
    assert len(ages) == 2 and min(ages) >= 31_536_000
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        in_a_piece = Match.array_with([Match.string_like_regexp(directive)])
        csp = {"ContentSecurityPolicy": {"ContentSecurityPolicy": {"Fn::Join": ["", in_a_piece]}}}
        console.all_resources_properties(
            HEADERS_POLICY, {"ResponseHeadersPolicyConfig": {"SecurityHeadersConfig": csp}}
        )
    console.resource_count_is(DISTRIBUTION, 1)
    without_headers = Match.object_like({"ResponseHeadersPolicyId": Match.absent()})
    console.has_resource_properties(
        DISTRIBUTION,
        {
            "DistributionConfig": {
                "DefaultCacheBehavior": {
                    "ResponseHeadersPolicyId": Match.any_value(),
                    "ViewerProtocolPolicy": "redirect-to-https",
                },
                "CacheBehaviors": Match.not_(Match.array_with([without_headers])),
                "Logging": {"Prefix": "cloudfront/"},
            }
        },
    )


def test_the_api_is_reached_under_api_on_the_console_domain_with_the_token_forwarded(dev):
    from aws_cdk.assertions import Capture, Match

    console = template(dev, "Console")
    cache_policy = Capture()
    _the_only_behaviour(
        console,
        "/api/*",
        AllowedMethods=Match.array_with(["PATCH", "DELETE"]),
        CachePolicyId={"Ref": cache_policy},
    )
    forwards_the_token = {
        "CachePolicyConfig": {
            "ParametersInCacheKeyAndForwardedToOrigin": {
                "HeadersConfig": Match.exact({"HeaderBehavior": "whitelist", "Headers": ["Authorization"]})
            }
        }
    }
    assert cache_policy.as_string() in console.find_resources(
        "AWS::CloudFront::CachePolicy", {"Properties": forwards_the_token}
    )


def test_the_bundle_is_deployed_with_its_runtime_config(dev):
    from aws_cdk.assertions import Match

    console = template(dev, "Console")
    at_the_root = {"DestinationBucketKeyPrefix": Match.absent()}
    console.resource_properties_count_is(DEPLOYMENT, at_the_root, 1)
    console.has_resource_properties(
        DEPLOYMENT,
        {
            **at_the_root,
            "SourceBucketNames": [Match.any_value(), Match.any_value()],  # the bundle and config.json
            "DistributionPaths": Match.array_with(["/index.html"]),
            # the console's deployment prunes what its bundle lacks, but not the help centre's folder
            "Exclude": ["help-centre/*"],
        },
    )


def test_the_help_centre_is_deployed_under_its_folder_with_the_api_on_the_same_domain(dev):
    from aws_cdk.assertions import Capture, Match

    from infra.console_stack import help_centre_config

    console = template(dev, "Console")
    console.resource_properties_count_is(DEPLOYMENT, {"DestinationBucketKeyPrefix": Match.any_value()}, 1)
    console.has_resource_properties(
        DEPLOYMENT,
        {
            "DestinationBucketKeyPrefix": "help-centre/",
            "SourceBucketNames": [Match.any_value(), Match.any_value()],  # the bundle and config.json
        },
    )
    assert help_centre_config("api") == {"apiUrl": "/api"}
    function = Capture()
    on_request = Match.object_like(
        {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [function, "FunctionARN"]}}
    )
    _the_only_behaviour(console, "/help-centre*", FunctionAssociations=[on_request])
    console.resource_count_is("AWS::CloudFront::Function", 1)
    adds_the_index = {
        "Properties": {"FunctionCode": Match.string_like_regexp(r'request\.uri \+= "index\.html"')}
    }
    assert console.get_resource_id("AWS::CloudFront::Function", adds_the_index) == function.as_string()


def test_the_help_centre_may_reach_the_chat_service_but_not_the_staff_sign_in(dev):
    from aws_cdk.assertions import Match

    def a_piece(regexp: str) -> Any:
        return Match.array_with([Match.string_like_regexp(regexp)])

    console = template(dev, "Console")
    for comment_prefix in ("Help centre", "Staff console"):
        console.resource_properties_count_is(HEADERS_POLICY, _csp(comment_prefix, Match.any_value()), 1)
    for reached in (r"participant\.connect\.", r"wss://\*\.transport\.connect\."):
        console.has_resource_properties(HEADERS_POLICY, _csp("Help centre", a_piece(reached)))
    for kept_out in ("cognito-idp", "frame-src"):
        console.has_resource_properties(HEADERS_POLICY, _csp("Help centre", Match.not_(a_piece(kept_out))))
    console.has_resource_properties(
        HEADERS_POLICY, _csp("Staff console", Match.not_(a_piece(r"participant\.connect\.")))
    )


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
    from aws_cdk.assertions import Match

    console = template(dev, "Console")
    console.resource_count_is("AWS::Connect::ApprovedOrigin", 1)
    distribution = console.get_resource_id(DISTRIBUTION)  # fails unless there is exactly one
    console.has_resource_properties(
        "AWS::Connect::ApprovedOrigin",
        {
            "Origin": Match.exact(
                {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution, "DomainName"]}]]}
            )
        },
    )

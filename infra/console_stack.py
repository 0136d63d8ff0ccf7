"""The staff console and the customers' help centre in AWS: a private bucket behind CloudFront
(OAC), with security headers.

The bundle ``make setup`` builds (``web/dist/console``) is uploaded with its runtime
``config.json``: the Streams softphone with the instance's CCP, the stage's Cognito app client,
and the API under ``/api`` on the console's own domain (a CloudFront behaviour to API Gateway,
whose stage is ``api``), so the browser makes no cross-origin call but to Cognito and the CCP.

The help centre (``web/dist/help``) lives under ``/help-centre/`` on the same distribution and
calls the same ``/api``: public pages need no second bucket, certificate or CORS. Its behaviour
has its own headers (no Cognito or CCP; the chat's participant service and websocket instead)
and a viewer-request function that serves ``index.html`` for the folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from aws_cdk import CfnOutput, Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_connect as connect
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy

from infra.nag import acknowledge

if TYPE_CHECKING:
    from constructs import Construct

    from infra.settings import StageSettings

REPO_ROOT = Path(__file__).resolve().parent.parent
CONSOLE_BUNDLE = REPO_ROOT / "web" / "dist" / "console"
HELP_CENTRE_BUNDLE = REPO_ROOT / "web" / "dist" / "help"
#: Where the help centre sits on the console's domain (``local.console_site`` serves it there too).
HELP_CENTRE_PATH = "help-centre"
ACCESS_LOG_RETENTION_DAYS = 90
#: Where the Amazon Connect CCP and its sign-in live (the Streams iframe and its login pop-up).
CONNECT_ORIGINS = "https://*.my.connect.aws https://*.awsapps.com"


def ccp_url(settings: StageSettings) -> str:
    """The CCP of the instance the stage creates ("" for an imported instance: its alias is unknown)."""
    return (
        f"https://{settings.connect_instance_alias}.my.connect.aws/ccp-v2/"
        if settings.connect_instance_alias
        else ""
    )


def console_config(
    settings: StageSettings, region: str, api_stage: str, user_pool_client_id: str
) -> dict[str, Any]:
    """The deployed console's ``config.json`` (``web/src/config.ts``): the CCP, Cognito, the API."""
    return {
        "apiUrl": f"/{api_stage}",
        "softphone": "streams",
        "ccpUrl": ccp_url(settings),
        "region": region,
        "cognito": {
            "endpoint": f"https://cognito-idp.{region}.amazonaws.com/",
            "userPoolClientId": user_pool_client_id,
        },
    }


def help_centre_config(api_stage: str) -> dict[str, Any]:
    """The deployed help centre's ``config.json`` (``web/src/help/publicApi.ts``): the API on its domain."""
    return {"apiUrl": f"/{api_stage}"}


#: Serves ``index.html`` for the help centre's folder (S3 has no directory index behind OAC).
HELP_CENTRE_INDEX_FUNCTION = """
function handler(event) {
  var request = event.request;
  if (request.uri === "/PATH") {
    return { statusCode: 301, statusDescription: "Moved Permanently", headers: { location: { value: "/PATH/" } } };
  }
  if (request.uri.endsWith("/")) {
    request.uri += "index.html";
  }
  return request;
}
""".replace("PATH", HELP_CENTRE_PATH)


def help_centre_content_security_policy(region_token: str) -> str:
    """The help centre's own files; it talks to itself and to the chat's participant service and
    websocket (amazon-connect-chatjs), and no one frames it."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' https://participant.connect.{region_token}.amazonaws.com "
            f"wss://*.transport.connect.{region_token}.amazonaws.com",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def content_security_policy(region_token: str) -> str:
    """Only the console's own files run; it talks to itself, Cognito and the CCP, and no one frames it."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' https://cognito-idp.{region_token}.amazonaws.com {CONNECT_ORIGINS}",
            f"frame-src {CONNECT_ORIGINS}",
            "media-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class ConsoleStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: StageSettings,
        rest_api_id: str,
        api_stage: str,
        connect_instance_arn: str,
        user_pool_client_id: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        removal = RemovalPolicy.RETAIN if settings.retain_data else RemovalPolicy.DESTROY

        logs = s3.Bucket(
            self,
            "access-logs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            # CloudFront standard logging writes with ACLs.
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(ACCESS_LOG_RETENTION_DAYS))],
            removal_policy=removal,
            auto_delete_objects=not settings.retain_data,
        )
        self.bucket = s3.Bucket(
            self,
            "site",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=logs,
            server_access_logs_prefix="site/",
            removal_policy=RemovalPolicy.DESTROY,  # rebuilt from the repository at every deploy
            auto_delete_objects=True,
        )
        headers = self._security_headers(
            "security-headers",
            "Staff console: CSP, HSTS, no framing, no sniffing, strict referrer",
            content_security_policy(self.region),
        )
        help_centre_headers = self._security_headers(
            "help-centre-headers",
            "Help centre: CSP with the chat's participant service, HSTS, no framing, no sniffing",
            help_centre_content_security_policy(self.region),
        )
        # The API passes through uncached; the Cognito token (Authorization) must reach API Gateway.
        api_passthrough = cloudfront.CachePolicy(
            self,
            "api-passthrough",
            comment="Staff console API calls: forwarded with the Authorization header, not cached",
            default_ttl=Duration.seconds(0),
            min_ttl=Duration.seconds(0),
            max_ttl=Duration.seconds(1),
            header_behavior=cloudfront.CacheHeaderBehavior.allow_list("Authorization"),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.all(),
            cookie_behavior=cloudfront.CacheCookieBehavior.none(),
        )
        api_origin = origins.HttpOrigin(
            Fn.sub("${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}", {"Api": rest_api_id}),
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        )
        site_origin = origins.S3BucketOrigin.with_origin_access_control(self.bucket)
        help_centre_index = cloudfront.Function(
            self,
            "help-centre-index",
            comment="Help centre: index.html for its folder",
            code=cloudfront.FunctionCode.from_inline(HELP_CENTRE_INDEX_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        self.distribution = cloudfront.Distribution(
            self,
            "distribution",
            comment=f"Contact centre ({settings.stage}) staff console and help centre",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=site_origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=headers,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            ),
            additional_behaviors={
                f"/{api_stage}/*": cloudfront.BehaviorOptions(
                    origin=api_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=api_passthrough,
                    origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                    response_headers_policy=headers,
                ),
                f"/{HELP_CENTRE_PATH}*": cloudfront.BehaviorOptions(
                    origin=site_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    response_headers_policy=help_centre_headers,
                    cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                    function_associations=[
                        cloudfront.FunctionAssociation(
                            function=help_centre_index, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                        )
                    ],
                ),
            },
            enable_logging=True,
            log_bucket=logs,
            log_file_prefix="cloudfront/",
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
        )
        config = console_config(settings, self.region, api_stage, user_pool_client_id)
        s3deploy.BucketDeployment(
            self,
            "bundle",
            destination_bucket=self.bucket,
            sources=[
                s3deploy.Source.asset(str(CONSOLE_BUNDLE)),
                s3deploy.Source.json_data("config.json", config),
            ],
            distribution=self.distribution,
            distribution_paths=["/index.html", "/config.json", "/main.js", "/console.css"],
            # The help centre's files are the other deployment's: this one's pruning leaves them.
            exclude=[f"{HELP_CENTRE_PATH}/*"],
            memory_limit=256,
        )
        s3deploy.BucketDeployment(
            self,
            "help-centre-bundle",
            destination_bucket=self.bucket,
            destination_key_prefix=f"{HELP_CENTRE_PATH}/",
            sources=[
                s3deploy.Source.asset(str(HELP_CENTRE_BUNDLE)),
                s3deploy.Source.json_data("config.json", help_centre_config(api_stage)),
            ],
            distribution=self.distribution,
            distribution_paths=[f"/{HELP_CENTRE_PATH}/*"],
            memory_limit=256,
        )
        # The CCP loads inside the console only from an origin the instance approves.
        connect.CfnApprovedOrigin(
            self,
            "ccp-origin",
            instance_id=connect_instance_arn,
            origin=f"https://{self.distribution.distribution_domain_name}",
        )
        CfnOutput(self, "ConsoleUrl", value=f"https://{self.distribution.distribution_domain_name}/")
        self._acknowledge(settings)

    def _security_headers(
        self, construct_id: str, comment: str, csp: str
    ) -> cloudfront.ResponseHeadersPolicy:
        """CSP as given; HSTS, no framing, no sniffing and a strict referrer on every page."""
        return cloudfront.ResponseHeadersPolicy(
            self,
            construct_id,
            comment=comment,
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=csp, override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(365), include_subdomains=True, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                    override=True,
                ),
                xss_protection=cloudfront.ResponseHeadersXSSProtection(
                    protection=True, mode_block=True, override=True
                ),
            ),
        )

    def _acknowledge(self, settings: StageSettings) -> None:
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR1",
            "Staff sign in from wherever they work (home, branches abroad); the console is behind "
            "Cognito sign-in and every API route checks the staff group, so geography adds nothing.",
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR2",
            "The distribution serves static files and forwards to API Gateway, whose own protection "
            "(throttling, reserved concurrency, request validation) applies; a WAF web ACL is an "
            "account-level choice the deployer can attach with web_acl_id.",
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR4",
            "The default *.cloudfront.net certificate is used (no custom domain is configured); "
            "minimum_protocol_version TLSv1.2_2021 takes effect once a custom domain is attached.",
        )
        deployer = next(
            child for child in self.node.children if child.node.id.startswith("Custom::CDKBucketDeployment")
        )
        copies = (
            "CDK's bucket deployment Lambda copies the bundle from the CDK asset bucket into the site bucket"
        )
        for finding, reason in (
            ("AwsSolutions-L1", "CDK chooses and updates the runtime of its own bucket deployment Lambda."),
            (
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AWSLambdaBasicExecutionRole]",
                "CDK's bucket deployment Lambda writes its own logs with the basic execution role only.",
            ),
            (
                "AwsSolutions-IAM5[Resource::*]",
                f"{copies}; CDK grants it the CloudFront invalidation on '*'.",
            ),
            ("AwsSolutions-IAM5[Action::s3:GetBucket*]", f"{copies} (read actions CDK's grantRead names)."),
            ("AwsSolutions-IAM5[Action::s3:GetObject*]", f"{copies} (read actions CDK's grantRead names)."),
            ("AwsSolutions-IAM5[Action::s3:List*]", f"{copies} (read actions CDK's grantRead names)."),
            ("AwsSolutions-IAM5[Action::s3:Abort*]", f"{copies} (write actions CDK's grantReadWrite names)."),
            (
                "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
                f"{copies} and prunes files a new bundle no longer has.",
            ),
            (
                "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-"
                "<AWS::Region>/*]",
                f"{copies}: it reads the asset objects of this deployment from the bootstrap bucket.",
            ),
            (
                "AwsSolutions-IAM5[Resource::<site87CC46B4.Arn>/*]",
                f"{copies}: every object of the site bucket.",
            ),
        ):
            acknowledge(deployer, finding, reason)

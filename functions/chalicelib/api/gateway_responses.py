"""What API Gateway answers on its own (no route, throttled, too large, bad signature ...), in the
API's error shape.

These requests never reach the function, so the shape is set on the gateway: CDK installs each
entry as a gateway response (``infra.api_protection``) and the local server answers the same
(``local.api_server``). Nothing here runs in a Lambda.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class GatewayAnswer:
    status: int | None  # None: keep the status API Gateway chose (the DEFAULT_* catch-alls)
    code: str
    message: str

    def body(self) -> str:
        return json.dumps({"error": {"code": self.code, "message": self.message}})


#: API Gateway response type -> the answer. DEFAULT_4XX / DEFAULT_5XX cover every other type.
GATEWAY_RESPONSES: dict[str, GatewayAnswer] = {
    # An unknown path or a method the path does not have.
    "MISSING_AUTHENTICATION_TOKEN": GatewayAnswer(404, "not_found", "no such route or method"),
    # A staff route without a staff ID token, or with one the Cognito authorizer refuses
    # (expired, another pool's or app client's, a bad signature).
    "UNAUTHORIZED": GatewayAnswer(
        401, "unauthenticated", "sign in as staff: this route needs a valid ID token in Authorization"
    ),
    "ACCESS_DENIED": GatewayAnswer(403, "forbidden", "this identity may not call this route"),
    "INVALID_SIGNATURE": GatewayAnswer(
        403, "invalid_signature", "the request's SigV4 signature does not match"
    ),
    "EXPIRED_TOKEN": GatewayAnswer(403, "expired_token", "the request's credentials have expired"),
    "WAF_FILTERED": GatewayAnswer(403, "forbidden", "the request was refused"),
    "THROTTLED": GatewayAnswer(429, "too_many_requests", "too many requests; slow down and retry"),
    "REQUEST_TOO_LARGE": GatewayAnswer(413, "body_too_large", "the request is too large"),
    "UNSUPPORTED_MEDIA_TYPE": GatewayAnswer(415, "unsupported_media_type", "unsupported media type"),
    "INTEGRATION_TIMEOUT": GatewayAnswer(504, "timeout", "the request took too long; retry"),
    "DEFAULT_4XX": GatewayAnswer(None, "bad_request", "the request was refused"),
    "DEFAULT_5XX": GatewayAnswer(None, "internal_error", "An internal server error occurred."),
}

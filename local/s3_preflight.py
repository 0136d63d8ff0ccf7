"""moto's S3 answers a browser's CORS preflight as S3 does: from the bucket's CORS rules alone.

moto checks the signed headers of a pre-signed URL (its ``content-type``) on every request to it,
the preflight ``OPTIONS`` too, which carries no Content-Type: it refuses the preflight with
SignatureDoesNotMatch and the browser never sends the PUT. S3 does not authenticate a preflight
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html), so the local stack answers it
before that check, with moto's own CORS answer.
"""

from __future__ import annotations

from typing import Any


def answer_preflights_like_s3() -> None:
    """Patch moto (this process's server) once; later calls do nothing."""
    from moto.s3.responses import S3Response

    original = S3Response._key_response
    if getattr(original, "answers_preflights", False):
        return

    def key_response(self: S3Response, request: Any, full_url: str) -> Any:
        if request.method == "OPTIONS":
            return self._response_options(request.headers, self.parse_bucket_name_from_url(request, full_url))
        return original(self, request, full_url)

    key_response.answers_preflights = True  # type: ignore[attr-defined]
    S3Response._key_response = key_response  # type: ignore[method-assign]

"""The S3 adapter for files people upload (campaign audiences, list imports): a pre-signed PUT
for the upload, and a check that the upload arrived; a pre-signed GET for what staff only read
(call recordings), so the bytes never pass through the API.

Locally ``AWS_ENDPOINT_URL`` points boto3 at moto. A client is made per call: these are rare
requests, and the local stack changes endpoints between them.
"""

from __future__ import annotations

from typing import Any

#: What S3 answers HeadObject for a key that holds nothing.
_NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})


class ObjectUnreadable(Exception):
    """S3 did not show the object; ``missing`` when it said there is none there."""

    def __init__(self, bucket: str, key: str, code: str) -> None:
        super().__init__(f"s3://{bucket}/{key}: {code}")
        self.code = code
        self.missing = code in _NOT_FOUND


def _client() -> Any:
    import boto3

    return boto3.client("s3")


def upload_url(bucket: str, key: str, expires_s: int, content_type: str = "text/csv") -> str:
    """A pre-signed PUT of ``key`` (any size: it bypasses the API's body limit)."""
    return str(
        _client().generate_presigned_url(
            "put_object",
            Params={"Bucket": bucket, "Key": key, "ContentType": content_type},
            ExpiresIn=expires_s,
        )
    )


def download_url(bucket: str, key: str, expires_s: int, content_type: str | None = None) -> str:
    """A pre-signed GET of ``key``, valid ``expires_s`` seconds (``content_type`` overrides the
    response's Content-Type, for a browser's media element)."""
    import boto3
    from botocore.config import Config

    params = {"Bucket": bucket, "Key": key}
    if content_type:
        params["ResponseContentType"] = content_type
    # Signature Version 4: S3 refuses other signatures on objects encrypted with KMS keys.
    client = boto3.client("s3", config=Config(signature_version="s3v4"))
    return str(client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires_s))


def require(bucket: str, key: str) -> None:
    """Raise ``ObjectUnreadable`` unless ``s3://bucket/key`` is there to read (HeadObject)."""
    from botocore.exceptions import ClientError

    try:
        _client().head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        raise ObjectUnreadable(bucket, key, str(error.response.get("Error", {}).get("Code", ""))) from error


def read(bucket: str, key: str) -> bytes:
    """The bytes of ``s3://bucket/key``; ``ObjectUnreadable`` when S3 will not give them."""
    from botocore.exceptions import ClientError

    try:
        return bytes(_client().get_object(Bucket=bucket, Key=key)["Body"].read())
    except ClientError as error:
        raise ObjectUnreadable(bucket, key, str(error.response.get("Error", {}).get("Code", ""))) from error

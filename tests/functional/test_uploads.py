"""The S3 adapter for uploaded files: a pre-signed PUT, and a check that the upload arrived."""

from __future__ import annotations

import boto3
import pytest
import requests

from chalicelib import objects


def test_a_file_put_to_the_upload_url_is_then_found(aws: None) -> None:
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="uploads")
    url = objects.upload_url("uploads", "c1/audience.csv", expires_s=300)
    with pytest.raises(objects.ObjectUnreadable) as absent:
        objects.require("uploads", "c1/audience.csv")
    assert absent.value.missing
    uploaded = requests.put(
        url, data=b"phone\n+12125550142\n", headers={"Content-Type": "text/csv"}, timeout=10
    )
    assert uploaded.status_code == 200
    objects.require("uploads", "c1/audience.csv")

"""Environment variables set for a block: how the local stack points the functions' clients and
settings at simulators (boto3 and ``chalicelib`` read ``os.environ``), then puts them back."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


@contextmanager
def temporary_environment(values: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` for the block; afterwards each of those keys is as it was
    (unset again if it was unset). Other variables are left alone.

        with temporary_environment({"AWS_ENDPOINT_URL_CONNECT": server.endpoint}):
            telephony.forget_client()   # clients made before still point at the old endpoint
            ...
    """
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

"""One botocore data loader for every session in this process: the local stack's speed-up.

botocore gives each session its own loader, and a session reads endpoints.json, partitions.json
and the service's model from disk again (megabytes of JSON). PynamoDB makes one session per model
and per thread, and the local API server answers each request on a new thread, so the local stack
spent most of its CPU parsing the same files. Sharing the loader is what one session creating
many clients does already (the loader caches what it read); it only widens that cache to the
process. Deployed Lambdas are untouched: only ``local/`` and the tests call this.
"""

from __future__ import annotations

import functools

import botocore.session

_shared_loader = functools.cache(botocore.session.create_loader)


def share_botocore_data() -> None:
    """Make every botocore session created from now on use one loader per data path (idempotent)."""
    botocore.session.create_loader = _shared_loader

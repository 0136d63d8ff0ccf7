"""Shared fixtures: fake AWS credentials, in-memory moto tables, and the whole local stack."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from _pytest.nodeid import NodeId
from moto import mock_aws

from chalicelib.tables import ALL_TABLES
from local.environment import use_local_settings
from local.shared_botocore_data import share_botocore_data

if TYPE_CHECKING:
    from collections.abc import Iterator

share_botocore_data()  # the tests make hundreds of botocore sessions; each would re-read the same JSON
use_local_settings()  # the table names and schedule targets CDK sets on a deployed function

_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


def _forget_table_connections() -> None:
    from chalicelib.tables.base import forget_clients

    for spec in ALL_TABLES.values():
        spec.model._connection = None
    forget_clients()


@pytest.fixture(autouse=True)
def environment_restored() -> Iterator[None]:
    """What a test exports (queue URLs, settings) ends with it, so no later test depends on the order."""
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(autouse=True)
def fake_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever reaches a real account, whatever the developer's shell holds."""
    for key, value in _AWS_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """In-process moto with every table of the product created from the models.

    The models keep their shared DynamoDB client from test to test: moto intercepts clients made
    earlier too. Only the local stack, whose clients point at a moto server, makes them forget it.
    """
    from local.cognito_keys import import_signing_key_once
    from local.dynamodb_scaling import scale_like_dynamodb
    from local.moto_dispatch import look_up_handler_methods_once
    from local.moto_mock_start import build_url_callbacks_once

    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    scale_like_dynamodb()  # the same emulator as the local stack's, whichever test runs first
    look_up_handler_methods_once()
    import_signing_key_once()
    build_url_callbacks_once()
    with mock_aws():
        boto3.DEFAULT_SESSION = _shared_boto3_session()  # moto puts back what it found at exit
        _create_every_table()
        _signing_secret(monkeypatch)
        yield


@functools.cache
def _shared_boto3_session() -> boto3.Session:
    """The session ``boto3.client`` uses under moto, made once per process.

    moto empties ``boto3.DEFAULT_SESSION`` for each mock, so each test's first ``boto3.client``
    built a new session (~15 ms of CPU: handlers, credential chain) on top of the client. The
    session holds no AWS state (that lives in moto's backends, reset per test) and only the fake
    credentials every test exports.
    """
    return boto3.Session()


#: moto's empty tables as the models created them once, pickled; each test gets a copy.
_empty_tables: list[bytes] = []


def _create_every_table() -> None:
    """Every table of the product, empty, in the running in-process moto.

    Through the API the 21 tables cost ~0.1 s of CPU, on each of ~300 tests; a copy of moto's
    empty tables costs a millisecond and is the same state (unpickled: half a deep copy's cost).
    """
    from local import moto_tables

    if not _empty_tables:
        for spec in ALL_TABLES.values():
            spec.model.create_table(billing_mode="PAY_PER_REQUEST")
        _empty_tables.append(moto_tables.kept())
    moto_tables.put_back(_empty_tables[0])


@functools.cache
def _secrets_manager() -> Any:
    """One Secrets Manager client per process (moto intercepts it in every test): a new client
    per test cost more than the secret it creates."""
    return _shared_boto3_session().client("secretsmanager")


def _signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """A signing secret in moto, as the local stack and CDK create one (a fresh random value in
    Secrets Manager, its ARN exported; restored after the test)."""
    from chalicelib import signing
    from local.aws import provision_signing_secret

    monkeypatch.setenv(signing.SECRET_ID_ENV, provision_signing_secret(_secrets_manager()))
    signing.forget_key()


@pytest.fixture(scope="module")
def local_stack() -> Iterator[object]:
    """The embedded stack (moto server + REST API over HTTP) for end-to-end tests."""
    from local.stack import LocalStack

    saved = dict(os.environ)
    os.environ.update(_AWS_ENV)
    _forget_table_connections()
    stack = LocalStack().start()
    try:
        yield stack
    finally:
        stack.stop()
        os.environ.clear()
        os.environ.update(saved)
        _forget_table_connections()


#: Fixtures that make a test slow: the whole local stack (moto server + API + provisioning) and the
#: synthesized CDK app (Chalice packages the functions with pip, cdk-nag, two stages).
_SLOW_FIXTURES = {"local_stack": "module", "synthesized": "run"}


#: Test folders that build CDK constructs: jsii starts a Node.js process and synthesizes.
_SLOW_FOLDERS = ("tests/infra/",)


@pytest.hookimpl(tryfirst=True)  # before xdist's, which reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``slow`` (``make test-fast`` leaves them out) the tests behind a slow fixture, in a CDK
    folder or driving a browser; keep the tests sharing a slow fixture on one xdist worker, so it
    is built once per run (the synthesized app) or per module (the local stack), not per worker."""
    for item in items:
        used = [name for name in _SLOW_FIXTURES if name in getattr(item, "fixturenames", ())]
        in_slow_folder = item.nodeid.startswith(_SLOW_FOLDERS)
        if not (used or in_slow_folder or item.get_closest_marker("browser")):
            continue
        item.add_marker(pytest.mark.slow)
        groups = [
            f"{name}:{'run' if _SLOW_FIXTURES[name] == 'run' else item.nodeid.split('::')[0]}"
            for name in used
        ]
        if in_slow_folder and "synthesized" not in used:
            # A CDK test without the synthesized app still synthesizes: on another worker its
            # first synth would warm up a second Node.js (~4 s of CPU); with the app's, once.
            groups.append("synthesized:run")
        for group in groups:
            item.add_marker(pytest.mark.xdist_group(group))
        if groups and getattr(config.option, "loadgroup", False):  # set on xdist workers
            _join_xdist_group(item, "_".join(sorted(groups)))


def _join_xdist_group(item: pytest.Item, group: str) -> None:
    """Put ``item`` in its xdist group the way pytest-xdist means to, by a ``@group`` suffix on its id.

    pytest-xdist 3.8 appends the suffix to ``item._nodeid``, which pytest 9 no longer reads (the id
    is ``item._id``): its ``--dist loadgroup`` silently became per-test load balancing, and each
    worker built the local stack of a module and the synthesized app for itself.
    """
    if "@" not in item.nodeid:
        item._id = NodeId.parse(f"{item.nodeid}@{group}")

"""Every table model shares the process's DynamoDB client: one botocore client, not one per model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chalicelib.tables import ALL_TABLES, CustomerRecord, ScreeningRecord, TicketRecord
from chalicelib.tables.base import TableModel, forget_clients

if TYPE_CHECKING:
    import pytest


def _client(model: type[TableModel]) -> object:
    return model._get_connection().connection.client


def test_every_table_model_uses_the_shared_client() -> None:
    not_shared = sorted(
        spec.model.__name__ for spec in ALL_TABLES.values() if not issubclass(spec.model, TableModel)
    )
    assert not_shared == [], "derive these from chalicelib.tables.base.TableModel"


def test_models_with_the_same_settings_share_one_client(aws: None) -> None:
    assert _client(CustomerRecord) is _client(TicketRecord)
    # the screening table fails fast mid-call: its own timeouts, its own client
    assert _client(ScreeningRecord) is not _client(CustomerRecord)
    distinct = {id(_client(spec.model)) for spec in ALL_TABLES.values()}
    assert len(distinct) == 2


def test_the_shared_client_serves_reads_and_writes_of_several_tables(aws: None) -> None:
    now = datetime.now(UTC)
    CustomerRecord(phone="+15550100101", name="Ada", created_at=now, updated_at=now).save()
    ScreeningRecord(phone="+15550100101", lists={"warn": {"reason": "test"}}).save()
    assert CustomerRecord.get("+15550100101").name == "Ada"
    assert ScreeningRecord.get("+15550100101").lists.as_dict() == {"warn": {"reason": "test"}}
    assert TicketRecord.count() == 0


def test_a_changed_endpoint_gets_a_new_client(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _client(CustomerRecord)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    moved = _client(CustomerRecord)
    assert moved is not before
    assert moved.meta.endpoint_url == "http://127.0.0.1:9"
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    assert _client(CustomerRecord) is before
    forget_clients()
    assert _client(CustomerRecord) is not before

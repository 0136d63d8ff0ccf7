"""A deployed function missing a setting the stack sets fails naming it, never falls back to local names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.callbacks import scheduling
from chalicelib.callbacks.settings import CallbackSettings, from_environment
from chalicelib.settings import MissingSetting, business_time_zone_name, required
from chalicelib.tables import CustomerRecord
from chalicelib.tables.base import TABLE_NAME_PREFIX_ENV


def test_a_missing_setting_names_the_variable() -> None:
    with pytest.raises(MissingSetting, match="AUDIENCE_BUCKET is not set"):
        required("AUDIENCE_BUCKET", {})
    with pytest.raises(MissingSetting, match="AUDIENCE_BUCKET"):
        required("AUDIENCE_BUCKET", {"AUDIENCE_BUCKET": ""})
    assert required("AUDIENCE_BUCKET", {"AUDIENCE_BUCKET": "bucket-1"}) == "bucket-1"


def test_a_table_without_its_name_fails_on_first_use_instead_of_using_a_local_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(TABLE_NAME_PREFIX_ENV, raising=False)
    with pytest.raises(MissingSetting, match=TABLE_NAME_PREFIX_ENV):
        CustomerRecord.get("+12125550142")


def test_a_callback_is_not_scheduled_without_the_function_the_stack_names() -> None:
    settings = from_environment({})
    with pytest.raises(MissingSetting, match="CALLBACK_FUNCTION_ARN"):
        scheduling.schedule_call("b-1", datetime(2026, 3, 2, 1, 0, tzinfo=UTC), settings)
    no_role = CallbackSettings(callback_function_arn="arn:aws:lambda:us-east-1:123456789012:function:f")
    with pytest.raises(MissingSetting, match="SCHEDULER_ROLE_ARN"):
        scheduling.schedule_call("b-1", datetime(2026, 3, 2, 1, 0, tzinfo=UTC), no_role)


def test_the_centre_has_one_time_zone_for_callbacks_and_kpi_days() -> None:
    assert business_time_zone_name({}) == from_environment({}).time_zone.key
    assert business_time_zone_name({"BUSINESS_TIME_ZONE": "Europe/London"}) == "Europe/London"


def test_a_call_is_not_placed_without_the_connect_instance_the_stack_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chalicelib import telephony

    monkeypatch.setenv("OUTBOUND_FLOW_ID", "66666666-7777-8888-9999-000000000000")
    monkeypatch.delenv("CONNECT_INSTANCE_ID", raising=False)
    with pytest.raises(MissingSetting, match="CONNECT_INSTANCE_ID"):
        telephony.start_outbound_call(telephony.OutboundCall(destination="+12125550142"))

"""Stage settings: cdk.json defaults, -c overrides, and clear errors for impossible values."""

from __future__ import annotations

import pytest

from infra.settings import SettingsError, cdk_json_context, load_stage_settings


def _settings(stage_name: str = "dev", **overrides: object):
    from aws_cdk import App

    return load_stage_settings(App(context={**cdk_json_context(stage_name), **overrides}).node)


def test_dev_is_disposable_and_prod_keeps_its_data():
    assert _settings("dev").retain_data is False
    assert _settings("prod").retain_data is True


def test_a_single_setting_can_be_overridden_on_the_command_line():
    settings = _settings(
        "prod", alarm_email="ops@example.com", max_concurrent_calls="7", calls_per_second="0.5"
    )
    assert (settings.alarm_email, settings.max_concurrent_calls, settings.calls_per_second) == (
        "ops@example.com",
        7,
        0.5,
    )


def test_an_existing_instance_is_imported_by_arn_instead_of_created():
    arn = "arn:aws:connect:us-east-1:111122223333:instance/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
    settings = _settings("dev", connect_instance_alias="", connect_instance_arn=arn)
    assert settings.imports_connect_instance and settings.connect_instance_alias is None


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"stage": "staging"}, "unknown stage"),
        ({"connect_instance_arn": "arn:aws:connect:us-east-1:111122223333:instance/x1"}, "exactly one"),
        (
            {"connect_instance_alias": "", "connect_instance_arn": "not-an-arn"},
            "not an Amazon Connect instance ARN",
        ),
        ({"connect_instance_alias": "has spaces"}, "letters, digits and hyphens"),
        ({"max_concurrent_calls": "0"}, "must be positive"),
        ({"business_hours": '{"MONDAY": ["18:00", "09:00"]}'}, "business_hours[MONDAY]"),
        ({"log_retention_days": "10"}, "log_retention_days"),
    ],
)
def test_impossible_settings_are_refused_with_the_setting_named(overrides, complaint):
    with pytest.raises(SettingsError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        _settings("dev", **overrides)

"""Campaign files: the shipped examples are valid, and a broken file says what and on which line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import jsonschema  # type: ignore[import-untyped]
import pytest

from chalicelib.campaigns.definition import (
    CampaignInvalid,
    load_campaign_file,
    parse_campaign,
    parse_campaign_yaml,
)
from chalicelib.campaigns.schema import CAMPAIGN_SCHEMA, published_schema_text
from tests.unit.campaign_builders import CAMPAIGNS_DIR, REPO_ROOT, document

if TYPE_CHECKING:
    from pathlib import Path

EXAMPLES = sorted(CAMPAIGNS_DIR.glob("*.yaml"))

VALID_YAML = """\
id: demo
name: Demo
purpose: informational
languages:
  en-US: {voice: Joanna}
message:
  template: campaign-parcel-arrival
calling_window:
  start: "09:00"
  end: "20:00"
schedule:
  start_date: "2026-01-01"
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(CampaignInvalid) as error:
        parse_campaign_yaml(text, source="demo.yaml")
    return [str(problem) for problem in error.value.problems]


def test_the_published_schema_is_generated_from_the_runtime_validator() -> None:
    published = REPO_ROOT / "schemas" / "campaign.schema.json"
    assert published.read_text(encoding="utf-8") == published_schema_text(), (
        "schemas/campaign.schema.json is stale: run "
        "PYTHONPATH=functions python -m chalicelib.campaigns.publish_schema"
    )


def test_the_business_asked_for_three_example_campaigns_in_both_languages() -> None:
    campaigns = {load_campaign_file(path).id: load_campaign_file(path) for path in EXAMPLES}
    asked_for = {"parcel-arrival", "birthday-greeting", "loan-repayment-reminder"}
    assert asked_for <= set(campaigns)
    for name in asked_for:
        assert set(campaigns[name].languages) == {"en-US", "zh-CN"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_each_example_follows_the_published_contract(path: Path) -> None:
    import yaml

    published = json.loads((REPO_ROOT / "schemas" / "campaign.schema.json").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.Draft202012Validator(published).validate(data)


def test_the_parcel_menu_offers_cannot_collect_coming_down_and_the_courier() -> None:
    parcel = load_campaign_file(CAMPAIGNS_DIR / "parcel-arrival.yaml")
    assert {key: option.action for key, option in parcel.menu.items()} == {
        "1": "reschedule",
        "2": "confirm",
        "3": "transfer",
        "9": "repeat",
    }
    assert parcel.menu["3"].queue == "courier"


def test_the_loan_reminder_puts_an_agent_on_key_zero() -> None:
    loan = load_campaign_file(CAMPAIGNS_DIR / "loan-repayment-reminder.yaml")
    assert loan.menu["0"].action == "transfer"
    assert loan.menu["0"].queue == "collections"
    assert loan.is_collection


def test_a_valid_file_becomes_a_campaign_with_defaults_filled_in() -> None:
    campaign = parse_campaign_yaml(VALID_YAML)
    assert campaign.default_language == "en-US"
    assert campaign.retries.max_attempts == 3
    assert campaign.sms is None
    assert len(campaign.calling_window.days) == 7


def test_a_stored_document_rebuilds_the_same_campaign() -> None:
    campaign = load_campaign_file(CAMPAIGNS_DIR / "loan-repayment-reminder.yaml")
    stored = json.loads(json.dumps(campaign.document))
    assert parse_campaign(stored) == campaign


def test_a_misspelt_field_is_reported_on_its_own_line() -> None:
    text = VALID_YAML.replace('  end: "20:00"\n', '  end: "20:00"\n  dayz: [mon]\n')
    assert problems_of(text) == [
        "demo.yaml:11: calling_window.dayz: unknown field 'dayz'; expected one of days, start, end, "
        "default_timezone"
    ]


def test_an_unquoted_time_is_explained_rather_than_read_as_minutes() -> None:
    text = VALID_YAML.replace('start: "09:00"', "start: 9:00")
    assert problems_of(text) == [
        "demo.yaml:9: calling_window.start: '9:00' is not a time like 08:00 (quote it in YAML: \"08:00\")"
    ]


def test_every_problem_is_listed_at_once_with_its_line() -> None:
    text = VALID_YAML.replace("purpose: informational", "purpose: spam").replace(
        'start_date: "2026-01-01"', 'start_date: "2026-02-30"'
    )
    assert problems_of(text) == [
        "demo.yaml:3: purpose: 'spam' is not one of ['marketing', 'informational', 'collection']",
        "demo.yaml:12: schedule.start_date: '2026-02-30' is not a calendar date",
    ]


def test_a_key_pressed_twice_in_the_menu_is_a_duplicate_not_a_silent_overwrite() -> None:
    text = VALID_YAML + "menu:\n  1: {action: confirm}\n  1: {action: repeat}\n"
    assert problems_of(text) == ["demo.yaml:15: menu.1: duplicate key '1'"]


def test_a_yaml_syntax_error_points_at_its_line() -> None:
    problems = problems_of("id: demo\nname: [unclosed\npurpose: marketing\n")
    assert len(problems) == 1
    assert problems[0].startswith("demo.yaml:3: (top level): YAML syntax: while parsing a flow sequence; ")


def test_a_transfer_key_without_a_queue_is_refused() -> None:
    text = VALID_YAML + "menu:\n  '0': {action: transfer}\n"
    assert problems_of(text) == ["demo.yaml:14: menu.0: 'queue' is a required property"]


def test_a_marketing_campaign_without_an_opt_out_key_is_refused() -> None:
    text = VALID_YAML.replace("purpose: informational", "purpose: marketing")
    assert problems_of(text) == ["demo.yaml:1: menu: a marketing campaign needs a key with action opt_out"]


def test_several_languages_need_a_default_language() -> None:
    with pytest.raises(CampaignInvalid) as error:
        parse_campaign(document(default_language=None))
    assert [problem.path for problem in error.value.problems] == ["languages"]


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        (
            {"calling_window": {"start": "20:00", "end": "09:00"}},
            "calling_window.end",
            "ends before it starts",
        ),
        (
            {"schedule": {"start_date": "2026-06-01", "end_date": "2026-05-01"}},
            "schedule.end_date",
            "ends before it starts",
        ),
        ({"restricted_dates": [{"from": "2026-10-07", "to": "2026-10-01"}]}, "restricted_dates.0.to", "ends"),
        (
            {"calling_window": {"start": "09:00", "end": "20:00", "default_timezone": "Mars/Olympus"}},
            "calling_window.default_timezone",
            "not an IANA time zone",
        ),
        ({"menu": {"12": {"action": "repeat"}}}, "menu.12", "a phone key"),
        (
            {"languages": {"zh_CN": {"voice": "Zhiyu"}}, "default_language": "zh_CN"},
            "languages.zh_CN",
            "en-US",
        ),
    ],
)
def test_inconsistent_definitions_name_the_field_at_fault(changes: dict, path: str, message: str) -> None:
    with pytest.raises(CampaignInvalid) as error:
        parse_campaign(document(**changes))
    assert error.value.code == "invalid_campaign"
    assert any(problem.path == path and message in problem.message for problem in error.value.problems), (
        error.value.problems
    )


def test_an_api_body_that_is_not_an_object_is_refused_with_a_clear_message() -> None:
    with pytest.raises(CampaignInvalid) as error:
        parse_campaign(["not", "a", "campaign"])
    assert "is not of type 'object'" in error.value.message


def test_an_empty_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(CampaignInvalid, match="the file is empty"):
        load_campaign_file(empty)


def test_the_schema_itself_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(CAMPAIGN_SCHEMA)

"""The public SMS-code route cannot be turned into a way to spend the company's money or to
guess a code: served countries and mobiles only, a stage-wide hourly budget, HMAC-stored codes
and an attempt taken before each comparison (raced by 100 concurrent guesses)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import boto3
import pytest

from chalicelib import signing
from chalicelib.callbacks import verification
from chalicelib.errors import ContactCentreError, InvalidInput, TooManyRequests
from chalicelib.tables import CallbackVerificationRecord
from tests.callbacks_support import last_code_sent_to, week_settings

pytestmark = pytest.mark.usefixtures("aws")

NOW = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
US_MOBILE = "+12125550142"
CN_MOBILE = "+8613800138000"
US_PREMIUM_RATE = "+19005550100"
US_TOLL_FREE = "+18005550100"


@pytest.mark.parametrize(
    ("phone", "code"),
    [
        (CN_MOBILE, "country_not_served"),
        ("+447400123456", "country_not_served"),
        (US_PREMIUM_RATE, "not_a_mobile_number"),
        (US_TOLL_FREE, "not_a_mobile_number"),
    ],
)
def test_codes_go_only_to_mobiles_of_the_countries_the_stage_serves(phone: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        verification.send_code(phone, "en-US", week_settings(), now=NOW)
    assert refused.value.code == code
    assert CallbackVerificationRecord.count() == 0  # nothing stored, nothing counted, nothing sent


def test_a_stage_may_serve_more_countries() -> None:
    settings = week_settings(CALLBACK_SMS_COUNTRIES="CN,US")
    assert verification.send_code(CN_MOBILE, "zh-CN", settings, now=NOW).phone == CN_MOBILE


def test_the_stage_wide_hourly_budget_stops_codes_and_prints_its_metric(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = week_settings(CALLBACK_SMS_BUDGET_PER_HOUR="2")
    verification.send_code("+12125550161", "en-US", settings, now=NOW)
    verification.send_code("+12125550162", "en-US", settings, now=NOW)
    with pytest.raises(TooManyRequests) as refused:
        verification.send_code("+12125550163", "en-US", settings, now=NOW)
    assert refused.value.code == "sms_budget_exhausted"
    metrics = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert [m["SmsBudgetExhausted"] for m in metrics] == [1]
    assert metrics[0]["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "ContactCentre/Sms"
    # the next hour has a fresh budget
    later = NOW.replace(hour=1)
    assert verification.send_code("+12125550163", "en-US", settings, now=later).phone == "+12125550163"


def test_a_code_is_stored_as_an_hmac_under_the_stage_secret_and_nothing_else() -> None:
    sent = verification.send_code(US_MOBILE, "en-US", week_settings(), now=NOW)
    code = last_code_sent_to(US_MOBILE)
    stored = CallbackVerificationRecord.get(f"code#{sent.verification_id}")
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ[signing.SECRET_ID_ENV])
    expected = hmac.new(
        secret["SecretString"].encode(),
        f"callback-code\x1f{sent.verification_id}\x1f{code}".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert stored.code_hash == expected and stored.salt is None
    # without the key, hashing every 6-digit code finds nothing
    assert all(
        hashlib.sha256(f"{sent.verification_id}:{guess:06d}".encode()).hexdigest() != stored.code_hash
        for guess in range(0, 1_000_000, 997)
    )


def test_a_right_code_does_not_use_up_attempts_and_a_wrong_one_does() -> None:
    settings = week_settings()
    sent = verification.send_code(US_MOBILE, "en-US", settings, now=NOW)
    code = last_code_sent_to(US_MOBILE)
    for _ in range(settings.code_max_attempts + 2):
        assert verification.confirm_code(sent.verification_id, code, settings, now=NOW) == US_MOBILE
    wrong = "000000" if code != "000000" else "111111"
    outcomes = []
    for _ in range(settings.code_max_attempts + 1):
        with pytest.raises(ContactCentreError) as refused:
            verification.confirm_code(sent.verification_id, wrong, settings, now=NOW)
        outcomes.append(refused.value.code)
    assert outcomes == ["wrong_code"] * (settings.code_max_attempts - 1) + ["too_many_attempts"] * 2
    with pytest.raises(TooManyRequests):
        verification.confirm_code(sent.verification_id, code, settings, now=NOW)


@pytest.mark.slow  # a hundred racing threads
@pytest.mark.parametrize("right_code_among_them", [False, True])
def test_100_concurrent_guesses_compare_at_most_five(
    monkeypatch: pytest.MonkeyPatch, right_code_among_them: bool
) -> None:
    from local.serial_dynamodb import serialize_dynamodb

    serialize_dynamodb()  # moto one request at a time, as DynamoDB's conditional writes guarantee
    settings = week_settings()
    sent = verification.send_code(US_MOBILE, "en-US", settings, now=NOW)
    code = last_code_sent_to(US_MOBILE)
    guesses = [f"{(int(code) + offset) % 1_000_000:06d}" for offset in range(1, 101)]
    if right_code_among_them:
        guesses[60] = code  # arrives in the middle of the burst
    compared: list[str] = []
    lock = threading.Lock()
    original = signing.same

    def counting_same(left: str, right: str) -> bool:
        with lock:
            compared.append(left)
        return original(left, right)

    monkeypatch.setattr(signing, "same", counting_same)
    start = threading.Barrier(100)

    def guess(candidate: str) -> str:
        start.wait()
        try:
            verification.confirm_code(sent.verification_id, candidate, settings, now=NOW)
        except ContactCentreError as refused:
            return refused.code
        return "verified"

    with ThreadPoolExecutor(max_workers=100) as pool:
        outcomes = list(pool.map(guess, guesses))
    wrong_compared = len(compared) - outcomes.count("verified")
    print(f"\nrace: 100 concurrent guesses -> {len(compared)} compared ({wrong_compared} wrong), outcomes "
          f"{sorted((o, outcomes.count(o)) for o in set(outcomes))}")  # fmt: skip
    assert len(compared) <= settings.code_max_attempts
    assert wrong_compared <= settings.code_max_attempts
    assert outcomes.count("verified") <= 1
    assert outcomes.count("too_many_attempts") >= 100 - settings.code_max_attempts

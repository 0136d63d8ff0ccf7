"""Cold start: loading the function app (what every Lambda does first) leaves the heavy libraries
for the first call that needs them.

A fresh interpreter, so that nothing an earlier test imported counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.lambda_first_call import SAMPLE_EVENTS

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"

#: Each costs tens to hundreds of milliseconds to import, and most invocations never use it.
DEFERRED = ("phonenumbers", "jsonschema", "yaml", "boto3")


def _modules_after(statement: str) -> set[str]:
    """Every module loaded once ``statement`` has run in a fresh interpreter."""
    script = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=FUNCTIONS_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def _top_level_modules_after(statement: str) -> set[str]:
    return {name.split(".")[0] for name in _modules_after(statement)}


def test_importing_the_function_app_loads_none_of_the_heavy_libraries() -> None:
    loaded = _top_level_modules_after("import app")
    assert "chalice" in loaded  # the app was really imported
    assert sorted(loaded & set(DEFERRED)) == []


def test_importing_the_function_app_reaches_no_table() -> None:
    """The REST API's app registers every route; none of them loads PynamoDB (nor botocore) until
    a request needs a table."""
    loaded = _top_level_modules_after("import app")
    assert sorted(loaded & {"pynamodb", "botocore"}) == []


#: GET /health through API Gateway, as the cold-start benchmark sends it first.
_HEALTH_REQUEST = SAMPLE_EVENTS["app"]


def test_a_request_without_query_path_or_body_builds_no_validator() -> None:
    """Validating nothing against a closed object schema needs no jsonschema (``api.validation``)."""
    loaded = _top_level_modules_after(
        f"import app\nanswer = app.app({_HEALTH_REQUEST!r}, None)\nassert answer['statusCode'] == 200, answer"
    )
    assert "jsonschema" not in loaded


def test_an_sqs_consumer_reports_partial_failures_without_powertools_batch() -> None:
    loaded = _modules_after(
        "from chalicelib import sqs_batches\n"
        "answer = sqs_batches.process({'Records': [{'messageId': 'm', 'body': '{}'}]}, lambda body: None)\n"
        "assert answer == {'batchItemFailures': []}, answer"
    )
    assert (
        sorted(name for name in loaded if name.startswith(("asyncio", "aws_lambda_powertools.utilities")))
        == []
    )

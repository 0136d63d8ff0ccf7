"""Property-based fuzzing of every route: whatever a client sends, no 5xx and errors in one shape.

For each route Hypothesis builds requests near the route's contract (its own field and
parameter names, with valid and hostile values) and far from it (random JSON, broken bytes,
other media types, other methods). Every answer must be below 500; every 4xx must be
``{"error": {"code", "message"}}``; every JSON answer must be strict JSON (no NaN). The
examples are derandomised and bounded so CI stays fast and repeatable.

    PYTHONPATH=$PWD:$PWD/functions python -m pytest -q -s tests/functional/test_edge_fuzz.py
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import pytest
from chalice.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.api import contracts
from tests.functional.hostile_support import EdgeClient, moto_with_tables
from tests.functional.tickets_support import function_app

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [
    pytest.mark.slow,  # fuzzes every route: make test runs it, make test-fast does not
    pytest.mark.usefixtures("moto_for_module"),
]

EXAMPLES_PER_ROUTE = 20

#: Values that broke, or could break, something below the edge.
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "+1212555\x000142",
    "\u202e+12125550142",
    "tel:+12125550142",
    "+1-800-FLOWERS",
    "+12125550142",
    "+8613800138000",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31",
    "9999-12-31T23:59:59Z",
    "2026-02-30",
    "inf",
    "-inf",
    "NaN",
    "-1",
    "1e309",
    "99999999999999999999",
    "\ud800",
    "x" * 3000,
    "é" * 1100,
    "../../etc/passwd",
    "%00",
    "#",
    "a#b",
    "Mars/Olympus",
    "eyJwIjowLCJrIjp7fX0",  # base64 of {"p":0,"k":{}}: a forged cursor
    "e30=",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
TEXT = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))

RAW_BODIES = st.sampled_from(
    [
        b"",
        b"{not json",
        b"[" * 50_000 + b"]" * 50_000,
        b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        b"\xff\xfe\x00",
        b'"just a string"',
        b"[]",
        b"null",
        b"NaN",
        b'{"x": NaN}',
        b'{"x": 1e999}',
        b'{"x": "\\ud800"}',
        b"1" * 5_000,
        b"number,list\n" + b"+12125550142," + b"x" * 200_000 + b"\n",
        b"number\n+12125550142\n\x00\n",
    ]
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json",
        "application/json",
        "text/csv",
        "text/plain",
        "application/xml",
        None,
    ]
)


def _routes() -> list[tuple[str, str]]:
    return sorted((path, method) for path, methods in function_app().routes.items() for method in methods)


def _contract(path: str, method: str) -> contracts.Contract:
    view = function_app().routes[path][method].view_function
    return getattr(view, "contract", contracts.Contract())


def _fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe="", errors="surrogatepass") or "x")
    return path


def requests_for(path: str, method: str) -> st.SearchStrategy[tuple[str, str, bytes | None, str | None]]:
    """One route's requests. The route's strategies are built once, here: built inside the draw,
    each example made new ones, which Hypothesis validated again (half the test's CPU). The draws
    are the same, in the same order, so the same examples come out."""
    contract = _contract(path, method)
    path_names = list(contracts.path_schema(path)["properties"])
    queries = st.dictionaries(
        st.sampled_from([*contract.query.get("properties", {}), "unexpected"]), TEXT, max_size=3
    )
    body_schema = contract.body_schema() or {}
    fields = [*body_schema.get("properties", {}), "unexpected"]
    near = st.dictionaries(st.sampled_from(fields), JSON_VALUES, max_size=5)
    bodies = st.one_of(
        near.map(lambda document: json.dumps(document).encode()),
        JSON_VALUES.map(lambda document: json.dumps(document).encode()),
        RAW_BODIES,
    )
    methods = st.sampled_from([method] * 6 + ["GET", "POST", "PUT", "PATCH", "DELETE"])
    takes_csv = contract.body == "csv"

    @st.composite
    def request(draw: st.DrawFn) -> tuple[str, str, bytes | None, str | None]:
        target = _fill(path, {name: draw(TEXT) for name in path_names})
        query = draw(queries)
        if query:
            target += "?" + urlencode(query, encoding="utf-8", errors="surrogatepass")
        body = draw(bodies)
        chosen_method = draw(methods)
        content_type = "text/csv" if takes_csv and draw(st.booleans()) else draw(CONTENT_TYPES)
        return chosen_method, target, body, content_type

    return request()


@pytest.fixture(scope="module")
def moto_for_module() -> Iterator[None]:
    with moto_with_tables():
        yield


@pytest.fixture(scope="module")
def tally() -> Iterator[Counter[str]]:
    counts: Counter[str] = Counter()
    yield counts
    print(
        f"\nfuzz: {counts['responses']} responses over {counts['routes']} routes; "
        f"5xx {counts['5xx']}; wrong shape {counts['wrong_shape']}; 4xx {counts['4xx']}; 2xx {counts['2xx']}"
    )


@pytest.mark.parametrize(("path", "method"), _routes(), ids=lambda value: str(value))
def test_no_request_to_any_route_gets_a_5xx_or_an_error_in_another_shape(
    path: str, method: str, tally: Counter[str]
) -> None:
    tally["routes"] += 1
    with Client(function_app()) as client:
        edge = EdgeClient(client)

        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(requests_for(path, method))
        def check(request: tuple[str, str, bytes | None, str | None]) -> None:
            chosen_method, target, body, content_type = request
            answer = edge.request(chosen_method, target, body, content_type)
            tally["responses"] += 1
            tally[f"{answer.status // 100}xx"] += 1
            assert answer.status < 500, (request, answer.body[:300])
            content = str(answer.headers.get("Content-Type") or answer.headers.get("content-type") or "")
            if answer.status >= 400:
                problem = answer.shape_problem()
                if problem:
                    tally["wrong_shape"] += 1
                assert problem is None, (request, problem)
            elif content.startswith("application/json") and answer.body:
                answer.json()  # strict: raises on NaN / Infinity

        check()

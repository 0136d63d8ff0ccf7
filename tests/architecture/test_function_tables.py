"""Each function's DynamoDB grants (``infra.function_tables``) are exactly what its code uses.

A function reaching a table it is not granted would fail with AccessDenied in AWS only (moto
checks no IAM); a grant no code needs is privilege nobody asked for. Both fail here, from the
source (``tests/architecture/table_use.py``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from infra.function_tables import FUNCTION_TABLES
from tests.architecture.table_use import REST_API_FUNCTION, table_use

pytestmark = pytest.mark.slow  # walks every handler's code down to its table reads and writes

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"


@pytest.fixture(scope="module")
def used():
    return table_use(FUNCTIONS_DIR)


def test_every_function_of_the_app_declares_its_tables(used):
    assert sorted(used) == sorted(FUNCTION_TABLES)


@pytest.mark.parametrize("function", sorted(FUNCTION_TABLES))
def test_a_function_is_granted_exactly_the_tables_its_code_reaches(used, function):
    declared, code = FUNCTION_TABLES[function], used[function]
    granted = declared.reads | declared.writes
    assert sorted(code.models - granted) == [], (
        f"{function} uses tables infra/function_tables.py does not grant"
    )
    assert sorted(granted - code.models) == [], f"{function} is granted tables its code never uses"


@pytest.mark.parametrize("function", sorted(FUNCTION_TABLES))
def test_a_function_may_write_exactly_the_tables_its_code_writes(used, function):
    declared, code = FUNCTION_TABLES[function], used[function]
    assert sorted(code.writes - declared.writes) == [], f"{function} writes tables it may only read"
    assert sorted(declared.writes - code.writes) == [], f"{function} may write tables it only reads"


def test_the_flow_lambdas_only_read_the_caller_s_records(used):
    """What a caller's flow looks up mid-call is read, never changed."""
    for function in ("screen_caller", "lookup_customer", "offer_callback_slots"):
        assert FUNCTION_TABLES[function].writes == frozenset()


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_the_walk_follows_lazy_exports_namespaces_and_helpers_and_tells_writes_from_reads(tmp_path):
    """The walk itself, on a small app: what it must see and what it must not count."""
    _write(
        tmp_path / "chalicelib",
        {
            "__init__.py": "",
            "tables/__init__.py": """
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from chalicelib.tables.people import PersonRecord, PetRecord
                    from chalicelib.tables.notes import NoteRecord
            """,
            "tables/base.py": "class TableModel: ...\n",
            "tables/people.py": """
                from chalicelib.tables.base import TableModel
                class PersonRecord(TableModel): ...
                class PetRecord(TableModel): ...
            """,
            "tables/notes.py": """
                from chalicelib.tables.base import TableModel
                class NoteRecord(TableModel): ...
            """,
            "people/__init__.py": """
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from chalicelib.people.store import find, rename
            """,
            "people/store.py": """
                from chalicelib.tables import PersonRecord
                def find(key):
                    return PersonRecord.get(key)
                def rename(key, name):
                    _apply(PersonRecord.get(key), [PersonRecord.name.set(name)])
                def _apply(record, actions):
                    record.update(actions=actions)
            """,
            "notes.py": """
                def add(text):
                    from chalicelib.tables.notes import NoteRecord
                    NoteRecord(text).save()
                def settings():
                    return {}.update({"a": 1})
            """,
            "api/__init__.py": "def register(app): ...\n",
            "api/people.py": """
                from chalicelib import people
                from chalicelib.notes import settings
                blueprint = object()
                def _helper(key):
                    from chalicelib.notes import add
                    add(key)
                @blueprint.lambda_function(name="look_up_person")
                def look_up(event, context):
                    settings()
                    return people.find(event["key"])
                @blueprint.lambda_function(name="rename_person")
                def rename(event, context):
                    _helper(event["key"])
                    return people.rename(event["key"], event["name"])
                @route(blueprint, "/people")
                def list_people():
                    from chalicelib.tables.people import PetRecord
                    return list(PetRecord.scan())
            """,
        },
    )
    used = table_use(tmp_path)
    assert sorted(used) == sorted({REST_API_FUNCTION, "look_up_person", "rename_person"})
    assert (used["look_up_person"].reads, used["look_up_person"].writes) == ({"PersonRecord"}, set())
    # A write through a helper handed the item counts for the models its module names.
    assert (used["rename_person"].reads, used["rename_person"].writes) == (
        set(),
        {"PersonRecord", "NoteRecord"},
    )
    assert (used[REST_API_FUNCTION].reads, used[REST_API_FUNCTION].writes) == ({"PetRecord"}, set())

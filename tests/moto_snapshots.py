"""The DynamoDB state a fixture builds through the product, built once per test process.

Fixtures such as the quality tests' hand-worked day feed the same events to the product before
every test (a day of contact events: ~130 transactions, 0.15-0.5 s of CPU each time) and always
leave the same tables. The first test of a process builds them through the product as before;
later tests get a copy of the tables it left, on top of the ``aws`` fixture's fresh moto.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from local import moto_tables

if TYPE_CHECKING:
    from collections.abc import Callable

#: moto's DynamoDB tables as each builder left them (``local.moto_tables.kept``).
_left: dict[str, bytes] = {}


def dynamodb_as_left_by(name: str, build: Callable[[], None]) -> None:
    """Run ``build`` on the ``aws`` fixture's empty tables the first time in this process, and
    afterwards put back the tables it left instead. ``build`` must write DynamoDB only, and be
    the first writer of the test (its result must not depend on anything else)."""
    if any(table.items for table in moto_tables.tables().values()):
        raise AssertionError(f"{name}: the tables already hold items; a copy would drop them")
    if name in _left:
        moto_tables.put_back(_left[name])
        return
    build()
    _left[name] = moto_tables.kept()

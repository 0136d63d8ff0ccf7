"""Make moto's DynamoDB cost grow with what a request touches, as DynamoDB's does, not with the
size of the table.

Two of moto's shortcuts made a 5,000-contact simulation take hours, each request costing time
proportional to everything already stored:
- TransactWriteItems backs up by deep-copying every table it names and restores the copies when
  cancelled. Here the backup is the touched items only (copied before the transaction runs) and a
  cancelled transaction puts exactly those back: the same all-or-nothing outcome.
- Query on a table's key sorts every item of the table, then keeps one partition. Here it reads
  the partition only (moto then sorts it by range key as before). A query on an index still reads
  every item (moto keeps no index) but skips the redundant sort of the whole table.
- A projection (an index's INCLUDE list, a ProjectionExpression) converts the whole item, history
  and all, once per projected attribute. Here once per item: the same attributes come out.
- Every attribute value of a response goes through moto's generic, model-driven serializer, which
  tries each of the ten members an AttributeValue may have: a 25-item page cost ten times one
  item's read. Here an AttributeValue (one type, one value) is written directly, blobs base64 as
  the generic path writes them.
- An UpdateItem parsed its UpdateExpression twice (handler and backend) and deep-copied the tree
  before validating it: three quarters of a millisecond for a ten-clause update, more than the
  update itself. Here each distinct expression is parsed once per process and every caller gets
  a fresh tree unpickled from it (as fresh as a new parse), and trees are copied by pickling.
- Validating an update walks its tree once per check (ten of them), and at every node each walk
  rebuilt its table of handlers to learn which node types it handles. Here each walk learns
  them once (they are fixed per check).
All are patches of this process's moto (in-process mock or server thread); semantics are tested
in tests/functional/test_dynamodb_scaling.py.
"""

from __future__ import annotations

import copy
import functools
import pickle
import threading
from typing import Any

_MARK = "_contact_centre_scaling"
_partition = threading.local()


def scale_like_dynamodb() -> None:
    """Idempotent: install the patches."""
    from moto.dynamodb import models
    from moto.dynamodb.models.dynamo_type import Item
    from moto.dynamodb.models.table import Table

    if getattr(models.DynamoDBBackend, _MARK, False):
        return
    _rollback_by_item(models, Table)
    _query_one_partition(Table)
    _project_in_one_conversion(Item)
    _serialize_attribute_values_directly()
    _parse_each_update_expression_once()
    _list_handled_node_types_once()
    setattr(models.DynamoDBBackend, _MARK, True)


def _rollback_by_item(models: Any, table_class: type) -> None:
    backend = models.DynamoDBBackend
    original = backend.transact_write_items

    class _CopyKeepingTables:
        """Stands in for the ``copy`` module inside moto's backend: tables are not copied, so
        moto's own restore puts back the same table objects, whose items we restore."""

        @staticmethod
        def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
            return value if isinstance(value, table_class) else copy.deepcopy(value, memo)

    @functools.wraps(original)
    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        backups = _touched_items(self, transact_items)
        try:
            original(self, transact_items)
        except Exception:
            _restore(backups)
            raise

    models.copy = _CopyKeepingTables
    backend.transact_write_items = transact_write_items


Backup = tuple[Any, Any, Any, Any]  # table, hash key, range key, item before (None: absent)


def _touched_items(backend: Any, transact_items: list[dict[str, Any]]) -> list[Backup]:
    from moto.dynamodb.models.dynamo_type import DynamoType

    backups: list[Backup] = []
    for entry in transact_items:
        for op in entry.values():
            table = backend.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            key = (op.get("Key") or op.get("Item")) if table is not None else None
            if table is None or not key or table.hash_key_attr not in key:
                continue  # moto itself refuses this request
            hash_key = DynamoType(key[table.hash_key_attr])
            range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr in key else None
            if table.has_range_key and range_key is None:
                continue
            before = table.get_item(hash_key, range_key)
            backups.append((table, hash_key, range_key, copy.deepcopy(before)))
    return backups


def _restore(backups: list[Backup]) -> None:
    for table, hash_key, range_key, before in reversed(backups):
        if range_key is not None:
            partition = table.items[hash_key]
            if before is None:
                partition.pop(range_key, None)
            else:
                partition[range_key] = before
            if not partition:
                table.items.pop(hash_key, None)
        elif before is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = before


def _query_one_partition(table_class: Any) -> None:
    original_query = table_class.query
    original_all_items = table_class.all_items

    @functools.wraps(original_query)
    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        on_index = bool(kwargs.get("index_name") or (len(args) > 6 and args[6]))
        _partition.current = (self, None if on_index else hash_key)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _partition.current = None

    @functools.wraps(original_all_items)
    def all_items(self: Any) -> list[Any]:
        """Inside a query: the partition (table key), or every item unsorted (an index: moto sorts
        the matches by the index's keys afterwards, so sorting the whole table first is waste)."""
        current = getattr(_partition, "current", None)
        if current is None or current[0] is not self:
            items: list[Any] = original_all_items(self)
            return items
        if current[1] is None:
            if not self.range_key_attr:
                return list(self.items.values())
            return [item for partition in self.items.values() for item in partition.values()]
        stored = self.items.get(current[1])
        if stored is None:
            return []
        return list(stored.values()) if self.range_key_attr else [stored]

    table_class.query = query
    table_class.all_items = all_items


def _project_in_one_conversion(item_class: Any) -> None:
    """moto's ``Item.project``, converting the item to plain JSON once instead of once per
    projected attribute (an index listing 25 tickets of 12 projected fields converted every
    ticket's history 12 times), and not at all for whole top-level attributes."""
    from botocore.utils import merge_dicts
    from moto.dynamodb.models.dynamo_type import serializer
    from moto.dynamodb.models.utilities import find_nested_key

    original = item_class.project

    @functools.wraps(original)
    def project(self: Any, projection_expressions: list[list[str]]) -> Any:
        if all(len(path) == 1 and "[" not in path[0] for path in projection_expressions):
            # whole top-level attributes (an index's projection): copied as stored
            names = {path[0] for path in projection_expressions}
            kept = {name: copy.deepcopy(value) for name, value in self.attrs.items() if name in names}
            return item_class(hash_key=self.hash_key, range_key=self.range_key, attrs=kept)
        whole = self.to_regular_json()  # a fresh copy: nothing below can touch the stored item
        result: dict[str, Any] = {}
        for expression in projection_expressions:
            merge_dicts(result, find_nested_key(expression, whole))
        return item_class(
            hash_key=self.hash_key, range_key=self.range_key, attrs=serializer.serialize(result)["M"]
        )

    item_class.project = project


#: AttributeValue members and how the JSON protocol writes each (the generic serializer's rules).
_SCALARS = frozenset({"S", "N", "BOOL", "NULL"})
_STRING_SETS = frozenset({"SS", "NS"})


def _serialize_attribute_values_directly() -> None:
    from moto.core.serialize import BaseJSONSerializer

    original = BaseJSONSerializer._serialize_type_structure

    @functools.wraps(original)
    def serialize_structure(self: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
        if shape.name == "AttributeValue" and self.operation_model.service_model.service_name == "dynamodb":
            written = _attribute_value_json(value, self._base64)
            if written is not None:
                serialized[self.get_serialized_name(shape, key)] = written
                return
        original(self, serialized, value, shape, key)

    BaseJSONSerializer._serialize_type_structure = serialize_structure  # type: ignore[method-assign]


def _attribute_value_json(value: Any, base64: Any) -> dict[str, Any] | None:
    """``{"S": "x"}`` as the JSON protocol writes it; None for anything unusual (the generic
    serializer then decides)."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((kind, inner),) = value.items()
    if inner is None:
        return None
    if kind in _SCALARS:
        return {kind: str(inner) if kind in {"S", "N"} else inner}
    if kind in _STRING_SETS:
        return {kind: [str(member) for member in inner]}
    if kind == "B":
        return {kind: base64(inner)}
    if kind == "BS":
        return {kind: [base64(member) for member in inner]}
    if kind == "L":
        members = [_attribute_value_json(member, base64) for member in inner]
        return None if any(member is None for member in members) else {kind: members}
    if kind == "M":
        entries = {name: _attribute_value_json(member, base64) for name, member in inner.items()}
        return None if any(entry is None for entry in entries.values()) else {kind: entries}
    return None


def _parse_each_update_expression_once() -> None:
    """moto's ``UpdateExpressionParser.make`` from a per-process cache of pickled trees, and the
    validator's deep copy of a tree by pickling (a tree holds tokens and values only)."""
    from moto.dynamodb.parsing import ast_nodes, expressions, validators

    node_class: type = ast_nodes.Node  # type: ignore[attr-defined]
    parser: Any = expressions.UpdateExpressionParser  # type: ignore[attr-defined]
    original_make = parser.make

    @functools.lru_cache(maxsize=4096)
    def pickled_tree(expression: str) -> bytes:
        return pickle.dumps(original_make(expression), protocol=pickle.HIGHEST_PROTOCOL)

    def make(expression: str) -> Any:
        """A new tree of ``expression`` (an invalid one raises as moto's parser does, uncached)."""
        return pickle.loads(pickled_tree(expression))

    def copy_tree(value: Any, memo: dict[int, Any] | None = None) -> Any:
        if isinstance(value, node_class) and not memo:
            return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return copy.deepcopy(value, memo)

    parser.make = staticmethod(make)
    validators.deepcopy = copy_tree  # type: ignore[assignment]


def _list_handled_node_types_once() -> None:
    """moto's ``DepthFirstTraverser.nodes_to_be_processed``, kept on the walker: the types are
    the keys of its ``_processing_map``, which every moto walker builds from classes only."""
    from moto.dynamodb.parsing import ast_nodes

    walker: Any = ast_nodes.DepthFirstTraverser  # type: ignore[attr-defined]
    original = walker.nodes_to_be_processed

    @functools.wraps(original)
    def nodes_to_be_processed(self: Any) -> tuple[type, ...]:
        handled: tuple[type, ...] | None = self.__dict__.get(_HANDLED)
        if handled is None:
            handled = self.__dict__[_HANDLED] = original(self)
        return handled

    walker.nodes_to_be_processed = nodes_to_be_processed


_HANDLED = "_contact_centre_handled_node_types"

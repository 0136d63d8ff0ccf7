"""The local stack's faster DynamoDB keeps DynamoDB's answers: transactions all-or-nothing, a
query returning its partition in key order, page by page."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from local.dynamodb_scaling import scale_like_dynamodb


@pytest.fixture
def dynamodb() -> Any:
    scale_like_dynamodb()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="ranged",
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        client.create_table(
            TableName="plain",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.put_item(TableName="ranged", Item={"pk": {"S": "a"}, "sk": {"S": "counter"}, "n": {"N": "1"}})
        client.put_item(TableName="ranged", Item={"pk": {"S": "a"}, "sk": {"S": "lease#1"}})
        client.put_item(TableName="plain", Item={"pk": {"S": "p"}, "tags": {"L": [{"S": "x"}]}})
        yield client


def _everything(client: Any) -> list[dict[str, Any]]:
    items = client.scan(TableName="ranged")["Items"] + client.scan(TableName="plain")["Items"]
    return sorted(items, key=repr)


def _mixed_transaction(last_condition: str) -> list[dict[str, Any]]:
    """Creates, updates, deletes and appends; its last check decides whether it may happen."""
    return [
        {"Put": {"TableName": "ranged", "Item": {"pk": {"S": "a"}, "sk": {"S": "lease#2"}}}},
        {"Put": {"TableName": "ranged", "Item": {"pk": {"S": "new"}, "sk": {"S": "only"}}}},
        {
            "Update": {
                "TableName": "ranged",
                "Key": {"pk": {"S": "a"}, "sk": {"S": "counter"}},
                "UpdateExpression": "ADD n :one",
                "ExpressionAttributeValues": {":one": {"N": "1"}},
            }
        },
        {"Delete": {"TableName": "ranged", "Key": {"pk": {"S": "a"}, "sk": {"S": "lease#1"}}}},
        {
            "Update": {
                "TableName": "plain",
                "Key": {"pk": {"S": "p"}},
                "UpdateExpression": "SET tags = list_append(tags, :more)",
                "ConditionExpression": last_condition,
                "ExpressionAttributeValues": {":more": {"L": [{"S": "y"}]}},
            }
        },
    ]


def test_a_cancelled_transaction_leaves_every_item_it_touched_as_it_was(dynamodb: Any) -> None:
    before = _everything(dynamodb)
    with pytest.raises(ClientError) as refused:
        dynamodb.transact_write_items(TransactItems=_mixed_transaction("attribute_not_exists(pk)"))
    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert _everything(dynamodb) == before


def test_a_failure_in_the_middle_undoes_the_operations_before_and_after_it(dynamodb: Any) -> None:
    before = _everything(dynamodb)
    items = _mixed_transaction("attribute_exists(pk)")
    items[2]["Update"]["ConditionExpression"] = "n > :limit"
    items[2]["Update"]["ExpressionAttributeValues"][":limit"] = {"N": "5"}
    with pytest.raises(ClientError):
        dynamodb.transact_write_items(TransactItems=items)
    assert _everything(dynamodb) == before


def test_an_accepted_transaction_applies_every_operation(dynamodb: Any) -> None:
    dynamodb.transact_write_items(TransactItems=_mixed_transaction("attribute_exists(pk)"))
    ranged = {item["sk"]["S"]: item for item in dynamodb.scan(TableName="ranged")["Items"]}
    assert set(ranged) == {"counter", "lease#2", "only"}
    assert ranged["counter"]["n"] == {"N": "2"}
    plain = dynamodb.get_item(TableName="plain", Key={"pk": {"S": "p"}})["Item"]
    assert plain["tags"] == {"L": [{"S": "x"}, {"S": "y"}]}


def test_the_same_item_twice_in_one_transaction_is_refused_and_changes_nothing(dynamodb: Any) -> None:
    before = _everything(dynamodb)
    delete_counter = {"Delete": {"TableName": "ranged", "Key": {"pk": {"S": "a"}, "sk": {"S": "counter"}}}}
    twice = [*_mixed_transaction("attribute_exists(pk)")[:3], delete_counter]
    with pytest.raises(ClientError):
        dynamodb.transact_write_items(TransactItems=twice)
    assert _everything(dynamodb) == before


def _fill(client: Any) -> None:
    for pk in ("a", "b", "c"):
        for n in range(25):
            client.put_item(
                TableName="ranged",
                Item={"pk": {"S": pk}, "sk": {"S": f"item#{n:03d}"}, "n": {"N": str(n)}},
            )


def test_a_query_returns_its_partition_only_in_key_order_across_pages(dynamodb: Any) -> None:
    _fill(dynamodb)
    seen: list[str] = []
    start: dict[str, Any] | None = None
    while True:
        page = dynamodb.query(
            TableName="ranged",
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues={":pk": {"S": "b"}, ":prefix": {"S": "item#"}},
            Limit=10,
            **({"ExclusiveStartKey": start} if start else {}),
        )
        seen += [item["sk"]["S"] for item in page["Items"]]
        assert all(item["pk"]["S"] == "b" for item in page["Items"])
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert seen == [f"item#{n:03d}" for n in range(25)]


def test_a_query_backwards_with_a_filter_and_a_missing_partition(dynamodb: Any) -> None:
    _fill(dynamodb)
    newest = dynamodb.query(
        TableName="ranged",
        KeyConditionExpression="pk = :pk",
        FilterExpression="n >= :low",
        ExpressionAttributeValues={":pk": {"S": "c"}, ":low": {"N": "20"}},
        ScanIndexForward=False,
    )["Items"]
    assert [item["n"]["N"] for item in newest] == ["24", "23", "22", "21", "20"]
    nothing = dynamodb.query(
        TableName="ranged",
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": "zzz"}},
    )
    assert nothing["Items"] == [] and nothing["Count"] == 0
    plain = dynamodb.query(
        TableName="plain", KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": "p"}}
    )["Items"]
    assert [item["pk"]["S"] for item in plain] == ["p"]


def test_an_index_query_returns_every_match_in_index_order_across_pages(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName="indexed",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "owner", "AttributeType": "S"},
            {"AttributeName": "due", "AttributeType": "N"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-owner",
                "KeySchema": [
                    {"AttributeName": "owner", "KeyType": "HASH"},
                    {"AttributeName": "due", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    for n in range(30):  # spread over partitions, inserted out of due order
        owner = "ann" if n % 3 else "bob"
        due = (n * 7) % 30
        dynamodb.put_item(
            TableName="indexed",
            Item={
                "pk": {"S": f"p{n % 4}"},
                "sk": {"S": f"s{n}"},
                "owner": {"S": owner},
                "due": {"N": str(due)},
            },
        )
    dues: list[int] = []
    start: dict[str, Any] | None = None
    while True:
        page = dynamodb.query(
            TableName="indexed",
            IndexName="by-owner",
            KeyConditionExpression="#owner = :owner",
            ExpressionAttributeNames={"#owner": "owner"},
            ExpressionAttributeValues={":owner": {"S": "ann"}},
            Limit=7,
            **({"ExclusiveStartKey": start} if start else {}),
        )
        dues += [int(item["due"]["N"]) for item in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert dues == sorted((n * 7) % 30 for n in range(30) if n % 3)


#: One attribute of every DynamoDB type, nested ones included, and the edge values (empty text and
#: binary, a number written with trailing zeros).
EVERY_TYPE: dict[str, Any] = {
    "pk": {"S": "typed"},
    "sk": {"S": "one"},
    "text": {"S": "héllo 你好"},
    "empty": {"S": ""},
    "number": {"N": "12.50"},
    "blob": {"B": b"\x00\xffbytes"},
    "empty_blob": {"B": b""},
    "texts": {"SS": ["a", "b"]},
    "numbers": {"NS": ["1", "2.5"]},
    "blobs": {"BS": [b"\x01", b"\x02"]},
    "yes": {"BOOL": True},
    "nothing": {"NULL": True},
    "history": {
        "L": [
            {"M": {"at": {"S": "2026-01-05"}, "detail": {"M": {"raw": {"B": b"\x10"}, "n": {"N": "3"}}}}},
            {"L": [{"BOOL": False}, {"NULL": True}, {"SS": ["x"]}]},
        ]
    },
}


def _comparable(item: dict[str, Any]) -> dict[str, Any]:
    """Sets come back in any order: compare them as sets."""
    return {
        name: {kind: sorted(inner) if kind in {"SS", "NS", "BS"} else inner for kind, inner in value.items()}
        for name, value in item.items()
    }


def test_every_attribute_type_reads_back_as_written(dynamodb: Any) -> None:
    """The response writer that skips moto's generic serializer for attribute values keeps every
    type, nested or not, byte for byte (blobs base64 on the wire, bytes again in the client)."""
    dynamodb.put_item(TableName="ranged", Item=EVERY_TYPE)
    read = dynamodb.get_item(TableName="ranged", Key={"pk": {"S": "typed"}, "sk": {"S": "one"}})["Item"]
    queried = dynamodb.query(
        TableName="ranged",
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": "typed"}},
    )["Items"]
    assert _comparable(read) == _comparable(EVERY_TYPE)
    assert [_comparable(item) for item in queried] == [_comparable(EVERY_TYPE)]


def test_an_index_with_an_include_projection_returns_the_keys_and_the_included_fields_only(
    dynamodb: Any,
) -> None:
    dynamodb.create_table(
        TableName="projected",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "listed", "AttributeType": "S"},
            {"AttributeName": "order", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "listing",
                "KeySchema": [
                    {"AttributeName": "listed", "KeyType": "HASH"},
                    {"AttributeName": "order", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["subject", "detail"]},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    for n in range(3):
        dynamodb.put_item(
            TableName="projected",
            Item={
                "pk": {"S": f"t{n}"},
                "listed": {"S": "open"},
                "order": {"S": f"{2 - n}"},
                "subject": {"S": f"question {n}"},
                "detail": {"M": {"raw": {"B": b"\x01"}}},
                "history": EVERY_TYPE["history"],
            },
        )
    page = dynamodb.query(
        TableName="projected",
        IndexName="listing",
        KeyConditionExpression="listed = :open",
        ExpressionAttributeValues={":open": {"S": "open"}},
    )["Items"]
    assert [item["subject"]["S"] for item in page] == ["question 2", "question 1", "question 0"]
    assert all(set(item) == {"pk", "listed", "order", "subject", "detail"} for item in page)
    assert page[0]["detail"] == {"M": {"raw": {"B": b"\x01"}}}
    kept = dynamodb.get_item(
        TableName="projected", Key={"pk": {"S": "t0"}}, ProjectionExpression="history[0].detail.n, subject"
    )["Item"]
    assert kept == {
        "history": {"L": [{"M": {"detail": {"M": {"n": {"N": "3"}}}}}]},
        "subject": {"S": "question 0"},
    }


def test_an_update_expression_parsed_once_still_updates_each_item_and_refuses_each_bad_use(
    dynamodb: Any,
) -> None:
    """Each expression is parsed once per process: the same expression, reused on an item that
    exists and on one it creates, with other values, applies to each alone; a wrong use is refused
    every time, and a malformed expression too."""
    add = {
        "UpdateExpression": "SET #state = :state ADD n :step",
        "ExpressionAttributeNames": {"#state": "state"},
    }
    for key, step, state in (("counter", "2", "open"), ("fresh", "5", "new"), ("counter", "3", "closed")):
        dynamodb.update_item(
            TableName="ranged",
            Key={"pk": {"S": "a"}, "sk": {"S": key}},
            ExpressionAttributeValues={":step": {"N": step}, ":state": {"S": state}},
            **add,
        )
    ranged = {item["sk"]["S"]: item for item in dynamodb.scan(TableName="ranged")["Items"]}
    assert (ranged["counter"]["n"], ranged["counter"]["state"]) == ({"N": "6"}, {"S": "closed"})
    assert (ranged["fresh"]["n"], ranged["fresh"]["state"]) == ({"N": "5"}, {"S": "new"})
    before = _everything(dynamodb)
    for _ in range(2):
        with pytest.raises(ClientError) as missing_value:
            dynamodb.update_item(TableName="ranged", Key={"pk": {"S": "a"}, "sk": {"S": "counter"}}, **add)
        assert missing_value.value.response["Error"]["Code"] == "ValidationException"
        with pytest.raises(ClientError) as malformed:
            dynamodb.update_item(
                TableName="ranged",
                Key={"pk": {"S": "a"}, "sk": {"S": "counter"}},
                UpdateExpression="SET n = = :step",
                ExpressionAttributeValues={":step": {"N": "1"}},
            )
        assert malformed.value.response["Error"]["Code"] == "ValidationException"
    assert _everything(dynamodb) == before

"""A refused condition comes back as False or a labelled reason; every other failure is raised."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError

from chalicelib.tables import CampaignStatsRecord, writes
from tests.fault_injection import AwsWriteFaults

if TYPE_CHECKING:
    from pynamodb.expressions.condition import Condition


def _stored(figure: str) -> int | None:
    try:
        return int(CampaignStatsRecord.get("c1", figure, consistent_read=True).value)
    except CampaignStatsRecord.DoesNotExist:
        return None


def _absent() -> Condition:
    return CampaignStatsRecord.figure.does_not_exist()


def test_a_save_whose_condition_fails_returns_false_and_keeps_the_first_item(aws: None) -> None:
    assert writes.save_if(CampaignStatsRecord("c1", "calls", value=1), _absent()) is True
    assert writes.save_if(CampaignStatsRecord("c1", "calls", value=2), _absent()) is False
    assert _stored("calls") == 1


def test_an_update_whose_condition_fails_returns_false_and_writes_nothing(aws: None) -> None:
    CampaignStatsRecord("c1", "calls", value=5).save()
    record = CampaignStatsRecord("c1", "calls")
    below_five = CampaignStatsRecord.value < 5
    assert writes.update_if(record, [CampaignStatsRecord.value.add(1)], below_five) is False
    assert _stored("calls") == 5
    assert writes.update_if(record, [CampaignStatsRecord.value.add(-1)], CampaignStatsRecord.value == 5)
    assert _stored("calls") == 4


def test_a_delete_whose_condition_fails_returns_false_and_keeps_the_item(aws: None) -> None:
    CampaignStatsRecord("c1", "calls", value=5).save()
    record = CampaignStatsRecord("c1", "calls")
    assert writes.delete_if(record, CampaignStatsRecord.value == 6) is False
    assert _stored("calls") == 5
    assert writes.delete_if(record, CampaignStatsRecord.value == 5) is True
    assert _stored("calls") is None


def test_a_failure_other_than_the_condition_is_raised(aws: None) -> None:
    with AwsWriteFaults(fail_at=1).installed() as faults:
        faults.armed = True
        with pytest.raises(PutError) as refused:
            writes.save_if(CampaignStatsRecord("c1", "calls", value=1), _absent())
    assert not writes.condition_failed(refused.value)
    assert not writes.lost_race(refused.value)
    with AwsWriteFaults(fail_at=1).installed() as faults:
        faults.armed = True
        with pytest.raises(UpdateError):
            writes.update_if(
                CampaignStatsRecord("c1", "calls"), [CampaignStatsRecord.value.add(1)], _absent()
            )


def test_a_cancelled_transaction_names_the_items_whose_condition_failed(aws: None) -> None:
    CampaignStatsRecord("c1", "marker-b").save()
    with (
        pytest.raises(TransactWriteError) as cancelled,
        writes.transaction(CampaignStatsRecord) as transaction,
    ):
        transaction.save(CampaignStatsRecord("c1", "marker-a"), condition=_absent())
        transaction.save(CampaignStatsRecord("c1", "marker-b"), condition=_absent())
    assert writes.cancellation_codes(cancelled.value) == [None, writes.CONDITION_FAILED]
    assert writes.refused_items(cancelled.value) == {1}
    assert writes.item_refused(cancelled.value, 1) and not writes.item_refused(cancelled.value, 0)
    assert not writes.item_refused(cancelled.value, 7)
    assert not writes.conflicted(cancelled.value)
    assert _stored("marker-a") is None  # a cancelled transaction writes nothing


def test_a_transaction_commits_every_item_on_the_first_models_connection(aws: None) -> None:
    with writes.transaction(CampaignStatsRecord) as transaction:
        transaction.save(CampaignStatsRecord("c1", "marker"), condition=_absent())
        transaction.update(CampaignStatsRecord("c1", "calls"), actions=[CampaignStatsRecord.value.add(3)])
    assert _stored("marker") == 0
    assert _stored("calls") == 3


def test_a_labelled_transaction_maps_reasons_to_labels_whatever_order_they_were_added(aws: None) -> None:
    CampaignStatsRecord("c1", "calls", value=9).save()
    transaction = writes.LabelledTransaction(CampaignStatsRecord)
    # Added update first, save second: PynamoDB sends the save first.
    transaction.add(
        "update",
        "counter",
        CampaignStatsRecord("c1", "calls"),
        actions=[CampaignStatsRecord.value.add(1)],
        condition=CampaignStatsRecord.value < 9,
    )
    transaction.add("save", "marker", CampaignStatsRecord("c1", "marker"), condition=_absent())
    with pytest.raises(TransactWriteError) as cancelled:
        transaction.commit()
    assert transaction.failed(cancelled.value) == {"counter": writes.CONDITION_FAILED}
    assert _stored("marker") is None

"""A campaign's life once defined: stored, launched, paused, resumed, stopped, completed; its
counters (one atomic counter per figure) and the status report with progress and an ETA.

    create_campaign({"campaign": {...}, "texts": {...}})   # draft
    change_status("parcel-arrival", "launch")               # draft -> running
    status_report("parcel-arrival")                         # counters, progress, ETA
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib import clock
from chalicelib.campaigns.definition import Campaign, parse_campaign
from chalicelib.campaigns.templates import CampaignTexts
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.tables import CampaignRecord, CampaignStatsRecord, writes

#: action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "launch": (frozenset({"draft"}), "running"),
    "pause": (frozenset({"running"}), "paused"),
    "resume": (frozenset({"paused"}), "running"),
    "stop": (frozenset({"draft", "running", "paused"}), "stopped"),
    "complete": (frozenset({"running"}), "completed"),
}
FINAL_STATUSES = frozenset({"stopped", "completed"})


@dataclass(frozen=True)
class LoadedCampaign:
    """What the loader, the dialler and the outcome handler need of a stored campaign."""

    campaign: Campaign
    texts: CampaignTexts
    status: str
    #: language -> what the outbound flow says when it asks for a key (prompts/*/campaign-menu-prompt.txt)
    menu_prompts: Mapping[str, str]


def create_campaign(body: Mapping[str, Any]) -> dict[str, Any]:
    """Store a validated campaign as a draft.

    ``body`` = {"campaign": definition, "texts": rendered-template snapshot, "menu_prompts":
    {language: text}}: the command line reads prompts/ in its checkout and sends them; without
    "texts" (the console) they come from the prompts packaged with the functions.
    """
    definition = body.get("campaign")
    texts_document = body.get("texts")
    if not isinstance(definition, Mapping):
        raise InvalidInput(
            'body must hold "campaign": the campaign definition (schemas/campaign.schema.json)'
        )
    if texts_document is not None and not isinstance(texts_document, Mapping):
        raise InvalidInput('"texts" must be the rendered templates (callctl campaign launch sends them)')
    campaign = parse_campaign(dict(definition))
    menu_prompts = dict(body.get("menu_prompts") or {})
    if texts_document is None:
        from chalicelib.campaigns.prompt_templates import texts_from_prompts

        texts, menu_prompts = texts_from_prompts(campaign)
    else:
        texts = CampaignTexts.from_document(texts_document)
    missing = [code for code in campaign.languages if code not in texts.message]
    if missing:
        raise InvalidInput(f"texts lack the message for language(s): {', '.join(missing)}")
    now = clock.utcnow()
    record = CampaignRecord(
        campaign.id,
        name=campaign.name,
        status="draft",
        definition={
            "campaign": dict(campaign.document),
            "texts": texts.to_document(),
            "menu_prompts": menu_prompts,
        },
        created_at=now,
        updated_at=now,
    )
    try:
        record.save(condition=CampaignRecord.campaign_id.does_not_exist())
    except PutError as error:
        if writes.condition_failed(error):
            raise Conflict(f"campaign {campaign.id!r} already exists; give the new one another id") from None
        raise
    return describe(record)


def get_record(campaign_id: str) -> CampaignRecord:
    try:
        return CampaignRecord.get(campaign_id, consistent_read=True)
    except CampaignRecord.DoesNotExist:
        raise NotFound(f"no campaign {campaign_id!r}") from None


def load(campaign_id: str) -> LoadedCampaign:
    record = get_record(campaign_id)
    document = record.definition.as_dict()
    return LoadedCampaign(
        campaign=parse_campaign(document["campaign"]),
        texts=CampaignTexts.from_document(document["texts"]),
        status=record.status,
        menu_prompts=dict(document.get("menu_prompts") or {}),
    )


def change_status(campaign_id: str, action: str, **extra: Any) -> dict[str, Any]:
    """Apply a lifecycle action if the campaign is in a state that allows it (conditional write)."""
    if action not in TRANSITIONS:
        raise InvalidInput(f"unknown action {action!r}: use one of {', '.join(TRANSITIONS)}")
    allowed_from, target = TRANSITIONS[action]
    record = get_record(campaign_id)
    if record.status not in allowed_from:
        raise Conflict(
            f"cannot {action} campaign {campaign_id!r}: it is {record.status} "
            f"({action} works from {', '.join(sorted(allowed_from))})",
            code="invalid_transition",
        )
    now = clock.utcnow()
    actions: list[Action] = [CampaignRecord.status.set(target), CampaignRecord.updated_at.set(now)]
    if action == "launch":
        actions.append(CampaignRecord.launched_at.set(now))
    for name, value in extra.items():
        actions.append(getattr(CampaignRecord, name).set(value))
    try:
        record.update(actions=actions, condition=CampaignRecord.status.is_in(*allowed_from))
    except UpdateError as error:
        if writes.condition_failed(error):
            raise Conflict(
                f"campaign {campaign_id!r} changed meanwhile; try again", code="conflict"
            ) from None
        raise
    return describe(record)


def set_loading(campaign_id: str, state: str) -> None:
    CampaignRecord(campaign_id).update(
        actions=[CampaignRecord.loading.set(state), CampaignRecord.updated_at.set(clock.utcnow())],
        add_version_condition=False,
    )


def count(campaign_id: str, figures: Mapping[str, int]) -> None:
    """Add to the campaign's counters (atomic, so concurrent handlers never lose an increment)."""
    for figure, amount in figures.items():
        if amount:
            CampaignStatsRecord(campaign_id, figure).update(actions=[CampaignStatsRecord.value.add(amount)])


def counters(campaign_id: str) -> dict[str, int]:
    # Batch markers sort after every figure ("~" follows the letters): leave them out.
    return {
        item.figure: int(item.value)
        for item in CampaignStatsRecord.query(
            campaign_id, CampaignStatsRecord.figure < BATCH_MARKER_PREFIX, consistent_read=True
        )
    }


#: ``~batch#<first row index>``: a loaded batch of the audience, counted once.
BATCH_MARKER_PREFIX = "~batch#"


def batch_marker(first_index: int) -> str:
    return f"{BATCH_MARKER_PREFIX}{first_index:010d}"


def batch_counted(campaign_id: str, marker: str) -> bool:
    try:
        CampaignStatsRecord.get(campaign_id, marker, consistent_read=True)
        return True
    except CampaignStatsRecord.DoesNotExist:
        return False


def count_batch_once(campaign_id: str, marker: str, figures: Mapping[str, int]) -> bool:
    """Add a batch's figures and its marker in one transaction: a batch delivered twice counts
    once. False when it had been counted already."""
    try:
        with writes.transaction(CampaignStatsRecord) as transaction:
            transaction.save(
                CampaignStatsRecord(campaign_id, marker, value=0),
                condition=CampaignStatsRecord.figure.does_not_exist(),
            )
            for figure, amount in sorted(figures.items()):
                if amount:
                    transaction.update(
                        CampaignStatsRecord(campaign_id, figure),
                        actions=[CampaignStatsRecord.value.add(amount)],
                    )
    except TransactWriteError as error:
        if writes.item_refused(error, 0):
            return False
        raise
    return True


def set_figure(campaign_id: str, figure: str, value: int) -> None:
    CampaignStatsRecord(campaign_id, figure).update(actions=[CampaignStatsRecord.value.set(value)])


def status_report(campaign_id: str, now: datetime | None = None) -> dict[str, Any]:
    """Status, counters, progress (finished / callable) and an ETA from the pace so far."""
    record = get_record(campaign_id)
    figures = counters(campaign_id)
    callable_contacts = figures.get("contacts.callable", 0)
    finished = figures.get("contacts.finished", 0)
    report = describe(record)
    report["counters"] = figures
    report["progress"] = round(finished / callable_contacts, 4) if callable_contacts else 0.0
    report["eta"] = None
    report["load"] = load_progress(record.loading, figures)
    now = now or clock.utcnow()
    if record.launched_at and 0 < finished < callable_contacts and record.status == "running":
        elapsed = (now - record.launched_at).total_seconds()
        remaining_s = elapsed / finished * (callable_contacts - finished)
        report["eta"] = datetime.fromtimestamp(now.timestamp() + remaining_s, UTC).isoformat()
    return report


def load_progress(loading: str | None, figures: Mapping[str, int]) -> dict[str, Any]:
    """How far the audience load is: rows worked through of the rows the file holds."""
    total = figures.get("load.rows_total", 0)
    done = figures.get("load.rows_done", 0)
    fraction = 1.0 if loading == "done" else (min(0.99, done / total) if total else 0.0)
    return {"state": loading, "rows_total": total, "rows_done": done, "fraction": round(fraction, 4)}


def describe(record: CampaignRecord) -> dict[str, Any]:
    return {
        "id": record.campaign_id,
        "name": record.name,
        "status": record.status,
        "loading": record.loading,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "launched_at": record.launched_at.isoformat() if record.launched_at else None,
    }

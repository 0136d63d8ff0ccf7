"""QA sampling: a reproducible random sample of each agent's contacts, and the reviews of them.

A contact is drawn when a hash of (seed, agent, day, contact) falls under the sampling rate,
so the same inputs always give the same sample, a supervisor can re-derive it, and a contact's
place in the sample does not depend on the order contacts arrived in. Below ``minimum`` drawn
contacts, the lowest hashes top the sample up.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from chalicelib import clock
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.tables.quality import QaReviewRecord, QualityContactRecord

if TYPE_CHECKING:
    from collections.abc import Iterable

DEFAULT_RATE = 0.1
DEFAULT_MINIMUM = 2
MAX_DAYS = 31
SEED = "qa-sample-v1"


def draw(agent_id: str, day: str, contact_id: str, seed: str = SEED) -> float:
    """A number in [0, 1) fixed by its inputs."""
    digest = hashlib.sha256(f"{seed}|{agent_id}|{day}|{contact_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def choose(
    agent_id: str,
    day: str,
    contact_ids: Iterable[str],
    rate: float = DEFAULT_RATE,
    minimum: int = DEFAULT_MINIMUM,
    seed: str = SEED,
) -> list[str]:
    """The sampled contacts of one agent's day, in draw order."""
    ranked = sorted((draw(agent_id, day, contact, seed), contact) for contact in set(contact_ids))
    chosen = [contact for value, contact in ranked if value < rate]
    if len(chosen) < minimum:
        chosen = [contact for _, contact in ranked[:minimum]]
    return chosen


def days_between(day_from: str, day_to: str) -> list[str]:
    start, end = parse_day(day_from), parse_day(day_to)
    if end < start:
        raise InvalidInput("'to' must not be before 'from'")
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput(f"sample at most {MAX_DAYS} days at a time")
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise InvalidInput(f"expected a day as YYYY-MM-DD, got {raw!r}") from None


def agent_contacts(agent_id: str, day: str) -> list[str]:
    query = QualityContactRecord.by_agent_day.query(
        agent_id, QualityContactRecord.day_contact.startswith(f"{day}#")
    )
    return [str(record.contact_id) for record in query]


def sample(
    agent_id: str, day_from: str, day_to: str, rate: float = DEFAULT_RATE, minimum: int = DEFAULT_MINIMUM
) -> list[dict[str, Any]]:
    """The agent's sampled contacts per day, each with its review when there is one."""
    if not 0 < rate <= 1:
        raise InvalidInput("rate must be a fraction above 0 and at most 1")
    if not 0 <= minimum <= 100:
        raise InvalidInput("minimum must be 0-100")
    rows: list[dict[str, Any]] = []
    for day in days_between(day_from, day_to):
        for contact_id in choose(agent_id, day, agent_contacts(agent_id, day), rate, minimum):
            rows.append(
                {"contactId": contact_id, "agent": agent_id, "day": day, "review": get_review(contact_id)}
            )
    return rows


def review_dict(record: QaReviewRecord) -> dict[str, Any]:
    return {
        "contactId": record.contact_id,
        "agent": record.agent_id,
        "day": record.day,
        "score": int(record.score),
        "ratings": json.loads(record.ratings) if record.ratings else None,
        "notes": record.notes or "",
        "reviewer": record.reviewer,
        "reviewedAt": record.reviewed_at.isoformat(),
    }


def get_review(contact_id: str) -> dict[str, Any] | None:
    try:
        return review_dict(QaReviewRecord.get(contact_id, consistent_read=True))
    except QaReviewRecord.DoesNotExist:
        return None


def _score_and_ratings(body: dict[str, Any]) -> tuple[int, dict[str, int] | None]:
    """A review gives ``ratings`` (one per criterion of ``criteria.json``: the score follows from
    them) or, as before criteria existed, a plain ``score`` 0-100."""
    if "ratings" in body:
        if "score" in body:
            raise InvalidInput("give ratings (the score follows from them) or a score, not both")
        from chalicelib.quality import criteria

        return criteria.score(body["ratings"]), dict(body["ratings"])
    score = body.get("score")
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise InvalidInput("score must be a whole number from 0 to 100 (or give ratings)")
    return score, None


def record_review(contact_id: str, body: dict[str, Any], *, reviewer: str) -> dict[str, Any]:
    """Store (or replace) the review of a contact an agent handled, and count its score in the
    agent's KPIs (``qa_score``) for the contact's day, once."""
    unknown = set(body) - {"score", "ratings", "notes"}
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}")
    score, ratings = _score_and_ratings(body)
    notes = body.get("notes", "")
    if not isinstance(notes, str) or len(notes) > 4000:
        raise InvalidInput("notes must be text of at most 4000 characters")
    try:
        contact = QualityContactRecord.get(contact_id, consistent_read=True)
    except QualityContactRecord.DoesNotExist:
        raise NotFound(f"no contact {contact_id} in the quality records") from None
    if not contact.agent_id or not contact.day_contact:
        raise InvalidInput("only contacts an agent handled can be reviewed", code="not_reviewable")
    from chalicelib.quality.review_scores import save_counted

    record = QaReviewRecord(
        contact_id,
        agent_id=contact.agent_id,
        day=contact.day_contact.split("#", 1)[0],
        score=score,
        ratings=json.dumps(ratings, sort_keys=True) if ratings is not None else None,
        notes=notes or None,
        reviewer=reviewer,
        reviewed_at=clock.utcnow(),
    )
    save_counted(record)
    return review_dict(record)

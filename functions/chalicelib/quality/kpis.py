"""KPIs from summed counters: plain arithmetic, ``None`` where there is nothing to divide by.

>>> kpis({"queued": 4, "abandoned": 1, "answered": 3, "answered_in_sl": 2})["abandonment_rate"]
0.25
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: name -> (numerator counter, denominator counter); rates are fractions (0.25 = 25 %).
RATIOS: dict[str, tuple[str, str]] = {
    "satisfaction_average": ("rating_sum", "ratings"),
    "satisfaction_share_good": ("ratings_good", "ratings"),
    "average_handle_time_s": ("handle_time_s", "handled"),
    "average_queue_wait_s": ("queue_wait_s", "answered"),
    "abandonment_rate": ("abandoned", "queued"),
    "service_level": ("answered_in_sl", "queued"),
    "callback_kept_rate": ("callbacks_kept", "callbacks_due"),
    "campaign_answered_rate": ("campaign_answered", "campaign_calls"),
    "campaign_heard_rate": ("campaign_heard", "campaign_calls"),
    "campaign_key_pressed_rate": ("campaign_key_pressed", "campaign_calls"),
    "qa_score": ("qa_score_sum", "qa_reviews"),  # supervisors' reviews, 0-100
}
KPI_NAMES: tuple[str, ...] = (*RATIOS, "first_contact_resolution")


def summed(rows: Iterable[Mapping[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for row in rows:
        for name, value in row.items():
            total[name] = total.get(name, 0) + value
    return {name: round(value, 3) for name, value in total.items()}


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def kpis(counters: Mapping[str, float]) -> dict[str, float | None]:
    """Every KPI of one set of counters.

    First-contact resolution is the share of handled contacts whose customer did not contact us
    again within 7 days; it settles 7 days after the day (until then a repeat may still come).
    """
    values = {
        name: _ratio(counters.get(numerator, 0), counters.get(denominator, 0))
        for name, (numerator, denominator) in RATIOS.items()
    }
    eligible = counters.get("fcr_eligible", 0)
    values["first_contact_resolution"] = _ratio(eligible - counters.get("fcr_repeated", 0), eligible)
    return values

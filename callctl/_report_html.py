"""The quality report as files: an HTML page with hand-drawn SVG charts, and a CSV of every figure.

Input is what ``GET /metrics`` returns, one answer per dimension (queue, agent, campaign). No
plotting library: the charts are a few rectangles and polylines, readable in any browser and
in version control.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from chalicelib.quality.aggregates import COUNTERS  # the CSV's columns: every counter the aggregates keep

KPIS: tuple[tuple[str, str, str], ...] = (
    # (key, column title, format)
    ("satisfaction_average", "Satisfaction (avg 1-5)", "num"),
    ("satisfaction_share_good", "Rated 4-5", "pct"),
    ("first_contact_resolution", "First-contact resolution", "pct"),
    ("average_handle_time_s", "Avg handle time", "secs"),
    ("abandonment_rate", "Abandoned in queue", "pct"),
    ("service_level", "Answered within 20 s", "pct"),
    ("callback_kept_rate", "Callbacks kept", "pct"),
    ("campaign_answered_rate", "Campaign answered", "pct"),
    ("campaign_heard_rate", "Heard to the end", "pct"),
    ("campaign_key_pressed_rate", "Key pressed", "pct"),
)
TITLES = {"queue": "Queues", "agent": "Agents", "campaign": "Campaigns"}
#: which KPIs each dimension's table shows (the others are not meaningful there)
SHOWN = {
    "queue": (
        "abandonment_rate",
        "service_level",
        "average_handle_time_s",
        "satisfaction_average",
        "first_contact_resolution",
        "callback_kept_rate",
    ),
    "agent": (
        "average_handle_time_s",
        "satisfaction_average",
        "satisfaction_share_good",
        "first_contact_resolution",
    ),
    "campaign": ("campaign_answered_rate", "campaign_heard_rate", "campaign_key_pressed_rate"),
}
COLOURS = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c")


def formatted(value: float | None, kind: str) -> str:
    if value is None:
        return "n/a"
    if kind == "pct":
        return f"{value * 100:.1f} %"
    if kind == "secs":
        return f"{value:.0f} s"
    return f"{value:.2f}"


def _kind(key: str) -> str:
    return next(kind for name, _, kind in KPIS if name == key)


def _title(key: str) -> str:
    return next(title for name, title, _ in KPIS if name == key)


def bar_chart(title: str, bars: Sequence[tuple[str, float | None]], kind: str, width: int = 560) -> str:
    """Horizontal bars, one per label; a missing value is drawn as an empty row marked n/a."""
    row_h, label_w, top = 24, 170, 30
    height = top + row_h * max(1, len(bars)) + 10
    values = [value for _, value in bars if value is not None]
    scale_max = 1.0 if kind == "pct" else max(values, default=1.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    span = width - label_w - 80
    for index, (label, value) in enumerate(bars):
        y = top + index * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" font-size="12" text-anchor="end">{escape(label[:28])}</text>'
        )
        length = 0.0 if value is None else max(0.0, value) / scale_max * span
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" fill="{COLOURS[0]}"/>'
        )
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 16}" font-size="12">'
            f"{escape(formatted(value, kind))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str, days: Sequence[str], series: Mapping[str, Sequence[float | None]], kind: str, width: int = 560
) -> str:
    """One polyline per series over the days (gaps where a value is missing)."""
    height, left, right, top, bottom = 220, 50, 10, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for points in series.values() for v in points if v is not None]
    high = 1.0 if kind == "pct" else (max(values, default=1.0) or 1.0)

    def x(index: int) -> float:
        return left + (plot_w * index / max(1, len(days) - 1) if len(days) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - (value / high) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="10" text-anchor="end">{escape(formatted(high, kind))}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]
    step = max(1, len(days) // 7)
    for index, day in enumerate(days):
        if index % step == 0:
            parts.append(
                f'<text x="{x(index):.1f}" y="{top + plot_h + 14}" font-size="10" '
                f'text-anchor="{"end" if index == len(days) - 1 and index else "middle"}">'
                f"{escape(day[5:])}</text>"
            )
    for number, (name, points) in enumerate(series.items()):
        colour = COLOURS[number % len(COLOURS)]
        segment: list[str] = []
        runs: list[list[str]] = []
        for index, value in enumerate(points):
            if value is None:
                if segment:
                    runs.append(segment)
                segment = []
                continue
            segment.append(f"{x(index):.1f},{y(value):.1f}")
        if segment:
            runs.append(segment)
        for run in runs:
            if len(run) == 1:
                cx, cy = run[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
            else:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
        parts.append(
            f'<text x="{left + 8 + 150 * number}" y="{height - 6}" font-size="11" fill="{colour}">'
            f"■ {escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _all_days(day_from: str, day_to: str) -> list[str]:
    from datetime import date, timedelta

    start, end = date.fromisoformat(day_from), date.fromisoformat(day_to)
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def _series(block: Mapping[str, Any], days: Sequence[str], key: str) -> list[float | None]:
    by_day = {entry["day"]: entry["kpis"].get(key) for entry in block.get("days", [])}
    return [by_day.get(day) for day in days]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(reports: Mapping[str, Mapping[str, Any]], day_from: str, day_to: str) -> str:
    """The whole page: the centre's KPIs and trends, then one section per dimension."""
    overall = next(iter(reports.values()))["overall"]
    days = _all_days(day_from, day_to)
    kpis = overall["kpis"]
    counters = overall["counters"]
    summary = _table(
        ["KPI", "Value"],
        [[title, formatted(kpis.get(key), kind)] for key, title, kind in KPIS]
        + [
            ["Contacts", str(int(counters.get("contacts", 0)))],
            ["Queued", str(int(counters.get("queued", 0)))],
            ["Campaign SMS fallbacks", str(int(counters.get("campaign_sms", 0)))],
        ],
    )
    charts = [
        line_chart(
            "Abandonment and service level by day",
            days,
            {
                "abandoned": _series(overall, days, "abandonment_rate"),
                "answered within 20 s": _series(overall, days, "service_level"),
                "first-contact resolution": _series(overall, days, "first_contact_resolution"),
            },
            "pct",
        ),
        line_chart(
            "Average handle time by day",
            days,
            {"handle time": _series(overall, days, "average_handle_time_s")},
            "secs",
        ),
    ]
    sections = []
    for dimension, report in reports.items():
        rows = report.get("rows", [])
        shown = SHOWN[dimension]
        volume = "campaign_calls" if dimension == "campaign" else "contacts"
        extra = ["campaign_sms"] if dimension == "campaign" else []
        table = _table(
            [
                TITLES[dimension][:-1],
                "Calls" if dimension == "campaign" else "Contacts",
                *(_title(key) for key in shown),
                *(["SMS fallbacks"] if extra else []),
            ],
            [
                [
                    str(row.get("label") or row["name"]),
                    str(int(row["counters"].get(volume, 0))),
                    *(formatted(row["kpis"].get(key), _kind(key)) for key in shown),
                    *(str(int(row["counters"].get(key, 0))) for key in extra),
                ]
                for row in rows
            ],
        )
        graphs = [
            bar_chart(
                f"{_title(key)} by {dimension}",
                [(str(row.get("label") or row["name"]), row["kpis"].get(key)) for row in rows],
                _kind(key),
            )
            for key in shown[:2]
        ]
        empty = "" if rows else f"<p>No {dimension} figures in this period.</p>"
        sections.append(
            f"<section><h2>{TITLES[dimension]}</h2>{empty}{table}<div class='charts'>{''.join(graphs)}</div></section>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Contact centre quality {escape(day_from)} to {escape(day_to)}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:left}th{background:#f3f4f6}.charts svg{margin:0 1em 1em 0}</style></head><body>"
        f"<h1>Contact centre quality</h1><p>{escape(day_from)} to {escape(day_to)}; "
        "service level = share of queued calls answered within 20 s; first-contact resolution = "
        "share of handled contacts with no repeat contact within 7 days (settles 7 days later).</p>"
        f"<section><h2>Whole centre</h2>{summary}<div class='charts'>{''.join(charts)}</div></section>"
        f"{''.join(sections)}</body></html>"
    )


def render_csv(reports: Mapping[str, Mapping[str, Any]]) -> str:
    """Every figure: one line per scope and day, plus a ``total`` line per scope."""
    out = io.StringIO()
    writer = csv.writer(out)
    kpi_keys = [key for key, _, _ in KPIS]
    writer.writerow(["dimension", "name", "label", "day", *COUNTERS, *kpi_keys])

    def write(dimension: str, name: str, label: str, block: Mapping[str, Any]) -> None:
        lines: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]] = [
            (entry["day"], entry["counters"], entry["kpis"]) for entry in block.get("days", [])
        ]
        lines.append(("total", block["counters"], block["kpis"]))
        for day, counters, kpis in lines:
            writer.writerow(
                [
                    dimension,
                    name,
                    label,
                    day,
                    *(_number(counters.get(key, 0)) for key in COUNTERS),
                    *("" if kpis.get(key) is None else kpis[key] for key in kpi_keys),
                ]
            )

    first = next(iter(reports.values()))
    write("all", "all", "whole centre", first["overall"])
    for dimension, report in reports.items():
        for row in report.get("rows", []):
            write(dimension, str(row["name"]), str(row.get("label") or row["name"]), row)
    return out.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


Fetch = Callable[[str], Mapping[str, Any]]

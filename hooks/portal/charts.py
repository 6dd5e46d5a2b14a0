"""Charts drawn at build time as accessible inline SVG (no JavaScript, no network)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from .model import StatusCount

# Colours match the status badges in docs/assets/portal.css.
STATUS_COLOURS = {
    "no-report": "#4b5563",
    "not-started": "#6b7280",
    "in-progress": "#1d4ed8",
    "stalled": "#b45309",
    "done": "#15803d",
    "partly-done": "#0f766e",
    "not-done": "#b91c1c",
}


def status_bars(breakdown: list[StatusCount], chart_id: str, title: str) -> Markup:
    """Horizontal bars, one per status, with a <title>, a <desc> and visible labels."""
    total = sum(s.count for s in breakdown)
    row, label_w, bar_w, count_w = 28, 170, 260, 40
    width = label_w + bar_w + count_w
    height = row * len(breakdown) + 8
    desc = "; ".join(f"{s.label}: {s.count}" for s in breakdown) + f". Tổng: {total}."
    parts = [
        f'<svg class="status-chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]
    biggest = max((s.count for s in breakdown), default=0) or 1
    for i, s in enumerate(breakdown):
        y = 4 + i * row
        w = round(bar_w * s.count / biggest, 1)
        parts.append(
            f'<g class="status-chart__row" data-status="{escape(s.key)}">'
            f'<text x="0" y="{y + 18}" font-size="13" fill="currentColor">{escape(s.label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="18" rx="3" fill="{STATUS_COLOURS[s.key]}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 18}" font-size="13" fill="currentColor">{s.count}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))

"""Charts drawn at build time as accessible inline SVG (no JavaScript, no network)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from portal.content.labels import OVERDUE
from portal.content.model import StatusCount

# Bars are coloured by docs/assets/portal.css (status-chart__bar--<status>), with the
# badges' colours: the colours live in one place.


def status_bars(breakdown: list[StatusCount], chart_id: str, title: str, overdue: int | None = None) -> Markup:
    """Horizontal bars, one per status (and one for overdue), with a <title>, a <desc> and visible labels.

    Drawn 330 units wide at 14 units a label, and never scaled up (max-width), so the
    labels render at 12 px or more down to a 290 px wide column (a 320 px phone).
    """
    total = sum(s.count for s in breakdown)
    row, label_w, bar_w, count_w, font = 30, 150, 140, 40, 14
    rows = [(s.key, s.label, s.count) for s in breakdown]
    if overdue is not None:
        rows.append(("overdue", OVERDUE, overdue))
    width = label_w + bar_w + count_w
    height = row * len(rows) + 8 + (10 if overdue is not None else 0)
    desc = "; ".join(f"{label}: {count}" for _, label, count in rows) + f". Tổng: {total}."
    if overdue is not None:
        desc += " Quá hạn được tính trong các trạng thái chưa xong."
    parts = [
        f'<svg class="status-chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]
    biggest = max((count for _, _, count in rows), default=0) or 1
    for i, (key, label, count) in enumerate(rows):
        y = 4 + i * row + (10 if key == "overdue" else 0)
        w = round(bar_w * count / biggest, 1)
        if key == "overdue":  # set apart: overdue commitments are also counted in their status
            parts.append(f'<line x1="0" x2="{width}" y1="{y - 4}" y2="{y - 4}" stroke="currentColor" '
                         'stroke-opacity=".3" stroke-dasharray="3 3"/>')
        bar = (f'<rect class="status-chart__bar status-chart__bar--{escape(key)}" x="{label_w}" y="{y + 5}" '
               f'width="{w}" height="18" rx="3"/>')
        parts.append(
            f'<g class="status-chart__row" data-status="{escape(key)}">'
            f'<text x="0" y="{y + 19}" font-size="{font}" fill="currentColor">{escape(label)}</text>'
            + bar +
            f'<text x="{label_w + w + 6}" y="{y + 19}" font-size="{font}" fill="currentColor">{count}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))

"""Small bar charts drawn on the server as SVG: no script, no chart library to pin.

Each chart has a title and a text alternative; the page puts the table with the same numbers
one click away (a link to it under the chart).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
BAR = "#1f5fa8"


def _label(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(*, title: str, bars: list[tuple[str, int]], horizontal: bool = False) -> SafeString:
    """An SVG bar chart of ``bars`` (label, value); empty string when there is nothing to draw."""
    if not bars:
        return mark_safe("")
    top = max(value for _label_text, value in bars) or 1
    summary = "; ".join(f"{label}: {value}" for label, value in bars)
    parts = []
    if horizontal:
        row, left = 28, 220
        height = row * len(bars) + 10
        span = WIDTH - left - 50
        for index, (label, value) in enumerate(bars):
            y = 5 + index * row
            length = max(round(span * value / top), 1 if value else 0)
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" class="chart-value">{}</text>',
                    left - 8,
                    y + 17,
                    _label(label),
                    left,
                    y + 4,
                    length,
                    row - 10,
                    BAR,
                    left + length + 6,
                    y + 17,
                    value,
                )
            )
    else:
        height, bottom = 220, 190
        slot = (WIDTH - 20) / len(bars)
        width = max(min(slot * 0.7, 60), 4)
        for index, (label, value) in enumerate(bars):
            x = 10 + index * slot + (slot - width) / 2
            length = round(160 * value / top)
            centre = x + width / 2
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>'
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                    round(x, 1),
                    bottom - length,
                    round(width, 1),
                    length,
                    BAR,
                    round(centre, 1),
                    bottom - length - 5,
                    value,
                    round(centre, 1),
                    bottom + 18,
                    label if len(bars) <= 12 else label[:2],
                )
            )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        f"{title}: {summary}",
        title,
        format_html_join("", "{}", ((part,) for part in parts)),
    )

"""Charts drawn on the server as SVG: the same markup on the dashboard and in the PDF (no library, no CDN)."""

import textwrap
from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0b5394", "#0b8f4d", "#e69138", "#a61c3c", "#674ea7", "#45818e")
FONT = 'font-family="Liberation Sans, Arial, sans-serif"'


def _number(value) -> str:
    return escape(number_format(value, force_grouping=True))


def fold_others(rows: Sequence[tuple[str, int]], *, limit: int, others: str) -> list[tuple[str, int]]:
    """The first ``limit - 1`` rows and one "Others" row adding up the rest: the chart keeps its total."""
    rows = list(rows)
    if len(rows) <= limit:
        return rows
    kept, rest = rows[: limit - 1], rows[limit - 1 :]
    return [*kept, (others, sum(value for _label, value in rest))]


def wrap_label(label: str, width: int = 30, lines: int = 3) -> list[str]:
    """A label as up to ``lines`` lines of about ``width`` characters; only a label longer than that
    is shortened, at its last line (no word is cut in the middle)."""
    wrapped = textwrap.wrap(label, width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder="…"),
        ]
    return wrapped


def bar_chart(
    rows: Sequence[tuple[str, int]], *, title: str, width: int = 560, color: str = PALETTE[0]
) -> SafeString:
    """Horizontal bars, one per row: label (wrapped on up to three lines), bar, value."""
    rows = list(rows)
    label_width, value_width, bar_height, gap, line_height = 190, 60, 18, 8, 13
    labels = [wrap_label(label) for label, _value in rows]
    heights = [max(bar_height, len(lines) * line_height + 4) for lines in labels]
    height = 28 + sum(heights) + gap * len(rows)
    top = max((value for _label, value in rows), default=0) or 1
    span = width - label_width - value_width
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" {FONT} font-size="12">',
        f'<text x="0" y="14" font-weight="bold" font-size="13" fill="#222">{escape(title)}</text>',
    ]
    y = 28
    for (_label, value), lines, row_height in zip(rows, labels, heights, strict=True):
        length = max(round(span * value / top), 1 if value else 0)
        bar_y = y + (row_height - bar_height) / 2
        first = y + (row_height - len(lines) * line_height) / 2 + 10
        spans = "".join(
            f'<tspan x="{label_width - 6}" y="{first + index * line_height:.1f}">{escape(line)}</tspan>'
            for index, line in enumerate(lines)
        )
        parts.append(
            f'<text text-anchor="end" fill="#222">{spans}</text>'
            f'<rect x="{label_width}" y="{bar_y:.1f}" width="{length}" height="{bar_height}" fill="{color}"/>'
            f'<text x="{label_width + length + 4}" y="{bar_y + 13:.1f}" fill="#222">{_number(value)}</text>'
        )
        y += row_height + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))


def column_chart(
    columns: Sequence[tuple[str, Sequence[int]]], *, series: Sequence[str], title: str, width: int = 560
) -> SafeString:
    """Stacked columns: one per label (e.g. a year), one colour per series (e.g. a kind of activity)."""
    columns = list(columns)
    height, bottom, left, legend_height = 240, 30, 36, 22
    plot_height = height - bottom - 28 - legend_height
    top = max((sum(values) for _label, values in columns), default=0) or 1
    step = (width - left) / max(len(columns), 1)
    bar_width = min(step * 0.6, 48)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" {FONT} font-size="11">',
        f'<text x="0" y="14" font-weight="bold" font-size="13" fill="#222">{escape(title)}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999"/>',
    ]
    for index, (label, values) in enumerate(columns):
        x = left + index * step + (step - bar_width) / 2
        y: float = height - bottom
        for series_index, value in enumerate(values):
            if not value:
                continue
            bar = plot_height * value / top
            y -= bar
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{bar:.1f}" '
                f'fill="{PALETTE[series_index % len(PALETTE)]}"/>'
            )
        parts.append(
            f'<text x="{x + bar_width / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="#222">'
            f"{_number(sum(values))}</text>"
            f'<text x="{x + bar_width / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" fill="#222">'
            f"{escape(label)}</text>"
        )
    x = left
    for series_index, name in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="24" width="10" height="10" fill="{PALETTE[series_index % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="33" fill="#222">{escape(name)}</text>'
        )
        x += 22 + 7 * len(name)
    parts.append("</svg>")
    return mark_safe("".join(parts))

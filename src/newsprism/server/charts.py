"""A small charting library: server-side SVG that works with JavaScript off.

Charts carry their numbers as text and in ``<title>`` tooltips, and encode values by length,
size and position rather than by colour alone, so they read in grey and to screen readers
(each chart is ``role="img"`` with an ``aria-label`` summing it up). Every text value is
escaped; only presentation attributes are used (no ``style`` attributes, which the CSP forbids).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from newsprism.wording import UNNAMED_OUTLET, plural
from newsprism.wording import count as counted

FONT = "DejaVu Sans, Verdana, sans-serif"


def _attrs(**values: object) -> str:
    return " ".join(
        f'{key.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for key, value in values.items()
    )


def _svg(width: float, height: float, label: str, body: list[str], css_class: str) -> Markup:
    size = _attrs(
        class_=css_class,
        width=round(width),
        height=round(height),
        viewBox=f"0 0 {round(width)} {round(height)}",
    )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} role="img" '
        f'aria-label="{escape(label)}">'
    )
    return Markup(head + f"<title>{escape(label)}</title>" + "".join(body) + "</svg>")


def bar_sparkline(
    points: Sequence[tuple[str, int]],
    *,
    width: int = 140,
    height: int = 46,
    what: str = "article",
) -> Markup:
    """Bars of a count per day (a story's articles over time), scaled to the largest.

    Labelled: each bar's count above it (where the bar is wide enough), and the first and
    last day under the axis; each bar's tooltip names its day and count.
    """
    if not points:
        return _svg(width, height, f"no dated {plural(what)}", [], "chart sparkline empty")
    peak = max(count for _, count in points) or 1
    gap = 1.0
    bar = max(1.0, (width - gap * (len(points) - 1)) / len(points))
    top, axis = 11.0, height - 12.0  # room for counts above the bars and days below the axis
    font = f'font-family="{FONT}" font-size="9" fill="#333"'
    body = [
        f'<line {_attrs(x1=0, y1=axis + 0.5, x2=width, y2=axis + 0.5)} class="axis" '
        'stroke="#888" stroke-width="1"/>'
    ]
    for i, (day, count) in enumerate(points):
        tall = 0 if count == 0 else max(2.0, (axis - top) * count / peak)
        x = i * (bar + gap)
        place = _attrs(
            x=f"{x:.1f}", y=f"{axis - tall:.1f}", width=f"{bar:.1f}", height=f"{tall:.1f}"
        )
        body.append(
            f'<rect {place} class="bar" fill="#335c81">'
            f"<title>{escape(day)}: {escape(counted(count, what))}</title></rect>"
        )
        if count and bar >= 9:
            at = _attrs(x=f"{x + bar / 2:.1f}", y=f"{axis - tall - 2:.1f}")
            body.append(f'<text {at} {font} text-anchor="middle" class="count">{count}</text>')
    first, last = points[0][0], points[-1][0]
    body.append(f'<text {_attrs(x=0, y=height - 2)} {font} class="day">{escape(first[5:])}</text>')
    if last != first:
        body.append(
            f'<text {_attrs(x=width, y=height - 2)} {font} text-anchor="end" class="day">'
            f"{escape(last[5:])}</text>"
        )
    total = sum(count for _, count in points)
    label = f"{counted(total, what)} from {first} to {last}, at most {counted(peak, what)} a day"
    return _svg(width, height, label, body, "chart sparkline")


def outlet_day_matrix(
    days: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    cell: int = 46,
    label_width: int = 150,
) -> Markup:
    """Articles per outlet per day: a circle sized by the count, with the count written in it."""
    if not days or not rows:
        return _svg(
            320,
            40,
            "no dated articles to chart",
            [
                f'<text {_attrs(x=8, y=24, font_family=FONT, font_size=13)} fill="#444">'
                "No dated articles.</text>"
            ],
            "chart coverage empty",
        )
    top = 30
    width = label_width + cell * len(days) + 10
    height = top + cell * len(rows) + 8
    peak = max((max(counts) for _, counts in rows if counts), default=1) or 1
    body: list[str] = []
    for j, day in enumerate(days):
        x = label_width + cell * j + cell / 2
        place = _attrs(x=f"{x:.1f}", y=18, text_anchor="middle", font_family=FONT, font_size=11)
        shown_day = day[5:] if len(day) >= 10 else day
        body.append(f'<text {place} fill="#333">{escape(shown_day)}</text>')
    for i, (outlet, counts) in enumerate(rows):
        y = top + cell * i + cell / 2
        shown = outlet if len(outlet) <= 22 else outlet[:21] + "…"
        place = _attrs(
            x=label_width - 8, y=f"{y + 4:.1f}", text_anchor="end", font_family=FONT, font_size=12
        )
        body.append(
            f'<text {place} fill="#222">{escape(shown)}<title>{escape(outlet)}</title></text>'
        )
        rule = _attrs(x1=label_width, y1=f"{y:.1f}", x2=width - 10, y2=f"{y:.1f}")
        body.append(f'<line {rule} stroke="#ddd" stroke-width="1"/>')
        for j, count in enumerate(counts):
            if not count:
                continue
            x = label_width + cell * j + cell / 2
            radius = 7 + (cell / 2 - 9) * math.sqrt(count / peak)
            dot = _attrs(cx=f"{x:.1f}", cy=f"{y:.1f}", r=f"{radius:.1f}")
            number = _attrs(
                x=f"{x:.1f}",
                y=f"{y + 4:.1f}",
                text_anchor="middle",
                font_family=FONT,
                font_size=11,
                font_weight="bold",
            )
            plural = "s" if count != 1 else ""
            body.append(
                f'<circle {dot} class="dot" fill="#335c81" stroke="#1b3550" stroke-width="1">'
                f"<title>{escape(outlet)}, {escape(days[j])}: {count} article{plural}</title>"
                f'</circle><text {number} fill="#fff">{count}</text>'
            )
    total = sum(sum(counts) for _, counts in rows)
    # "unnamed source" is a row of the chart but no outlet: counted as the story's numbers do.
    named = sum(1 for outlet, _ in rows if outlet != UNNAMED_OUTLET)
    label = (
        f"{counted(total, 'article')} by {counted(named, 'outlet')} over "
        f"{counted(len(days), 'day')}, from {days[0]} to {days[-1]}"
    )
    return _svg(width, height, label, body, "chart coverage")

"""Server-rendered bar charts: plain numbers in, geometry for an SVG template out (no JavaScript)."""

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 170
CHART_WIDTH = 420


def bar_chart(rows: list[tuple[str, int, str]]) -> dict:
    """`rows` are (label, value, colour). Returns the bars with their positions and the chart's height."""
    largest = max((value for _label, value, _colour in rows), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 40
    bars = [
        {
            "label": label,
            "value": value,
            "colour": colour,
            "y": index * (BAR_HEIGHT + GAP),
            "text_y": round(index * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.68, 1),
            "width": max(2, round(room * value / largest)),
            "value_x": LABEL_WIDTH + max(2, round(room * value / largest)) + 8,
        }
        for index, (label, value, colour) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "height": len(rows) * (BAR_HEIGHT + GAP),
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "description": "; ".join(f"{label}: {value}" for label, value, _colour in rows),
    }

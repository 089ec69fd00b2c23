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


CLOUD_WIDTH = 640
CLOUD_LINE_GAP = 12
CLOUD_SMALLEST, CLOUD_LARGEST = 16, 56


def word_cloud(words: list[dict]) -> dict:
    """`words` are {"word", "count"}, most said first. Returns each word's size and place in lines across the
    cloud, the most said in the middle of the first lines, and the text alternative (every word with its count)."""
    largest = max((word["count"] for word in words), default=0) or 1
    sized = [
        {**word, "size": round(CLOUD_SMALLEST + (CLOUD_LARGEST - CLOUD_SMALLEST) * word["count"] / largest)}
        for word in words
    ]
    lines, line, used = [], [], 0
    for word in sized:
        # A bold sans-serif letter is up to 0.66 of its size wide (DejaVu Sans Bold, in the PDFs); then a space.
        width = len(word["word"]) * word["size"] * 0.66 + word["size"] * 0.6
        if line and used + width > CLOUD_WIDTH:
            lines.append((line, used))
            line, used = [], 0
        line.append({**word, "width": width})
        used += width
    if line:
        lines.append((line, used))
    placed, y = [], 0
    for line, used in lines:
        height = max(word["size"] for word in line)
        y += height
        x = (CLOUD_WIDTH - used) / 2
        for word in line:
            placed.append({"word": word["word"], "count": word["count"], "size": word["size"],
                           "x": round(x + word["width"] / 2, 1), "y": y})  # fmt: skip
            x += word["width"]
        y += CLOUD_LINE_GAP
    return {
        "words": placed,
        "width": CLOUD_WIDTH,
        "height": max(y, CLOUD_LARGEST),
        "description": "; ".join(f"{word['word']}: {word['count']}" for word in words),
    }

"""Server-rendered bar charts: pure geometry here, the SVG markup in ``templates/findings/_bar_chart.html``.

No JavaScript and no chart library: a horizontal bar chart with one or more series per category. Every chart
is shown next to a table with the same numbers (the accessible form of the data); the SVG itself carries a
title and a short description for screen readers.
"""

from dataclasses import dataclass, field

# Colours with at least 4.5:1 contrast on white (bars and value labels alike).
SERIES_COLOURS = ("#0a3d62", "#9a3f00", "#2e6b30")

WIDTH = 640
LABEL_WIDTH = 200
VALUE_GAP = 6
VALUE_WIDTH = 44
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 14
TOP = 8
LEGEND_HEIGHT = 28


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    value: int
    value_x: float
    value_y: float
    series: str


@dataclass
class Row:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    rows: list[Row]
    legend: list[dict] = field(default_factory=list)
    axis_x: float = LABEL_WIDTH
    empty: bool = False


def bar_chart(*, chart_id: str, title: str, description: str, categories, series) -> Chart:
    """Lay out a horizontal bar chart.

    ``categories`` are the row labels; ``series`` is a list of ``(name, values)`` with one value per category.
    Bars scale to the largest value; a zero draws no bar but still its value.
    """
    categories = [str(label) for label in categories]
    series = [(str(name), [int(v) for v in values]) for name, values in series]
    maximum = max((v for _name, values in series for v in values), default=0)
    bar_area = WIDTH - LABEL_WIDTH - VALUE_WIDTH - VALUE_GAP
    multi = len(series) > 1
    top = TOP + (LEGEND_HEIGHT if multi else 0)
    group_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    rows, y = [], top
    for index, label in enumerate(categories):
        bars = []
        for number, (name, values) in enumerate(series):
            value = values[index]
            width = (value / maximum * bar_area) if maximum else 0
            bar_y = y + number * (BAR_HEIGHT + BAR_GAP)
            bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=bar_y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    colour=SERIES_COLOURS[number % len(SERIES_COLOURS)],
                    value=value,
                    value_x=round(LABEL_WIDTH + width + VALUE_GAP, 1),
                    value_y=bar_y + BAR_HEIGHT - 4,
                    series=name,
                )
            )
        rows.append(Row(label=label, label_y=y + group_height / 2 + 5, bars=bars))
        y += group_height + ROW_GAP
    legend = (
        [
            {"name": name, "colour": SERIES_COLOURS[number % len(SERIES_COLOURS)], "x": LABEL_WIDTH + number * 160}
            for number, (name, _values) in enumerate(series)
        ]
        if multi
        else []
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=int(y - ROW_GAP + TOP) if categories else 0,
        rows=rows,
        legend=legend,
        empty=not categories or maximum == 0,
    )

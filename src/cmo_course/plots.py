"""The course's one look for charts, and helpers that make every chart say what it shows.

Importing this module registers the ``cmo`` plotly template (a colour-blind-safe palette, the
Okabe-Ito colours) and makes it the default. Every helper takes a title, axis titles with units
and a one-line takeaway, which is shown under the title.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio


def _jsonschema_without_iri_grammars() -> None:
    """Spare a lesson's first chart about 1.5 s: plotly's renderers import nbformat, which
    imports jsonschema, whose optional IRI format check (rfc3987-syntax) compiles 39 grammars
    when imported. Nothing in a lesson's kernel checks an IRI, so there jsonschema is loaded
    without that check; every other process (the server, the grader, the tests) keeps it."""
    loaded = sys.modules
    if "ipykernel" not in loaded or "jsonschema" in loaded or "rfc3987_syntax" in loaded:
        return  # not a kernel, or too late (and never drop a module someone else loaded)
    sys.modules["rfc3987_syntax"] = None  # jsonschema reads this as "not installed"
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        pass
    finally:
        del sys.modules["rfc3987_syntax"]


_jsonschema_without_iri_grammars()

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
POSITIVE = "#009E73"
NEGATIVE = "#D55E00"
NEUTRAL = "#0072B2"
MUTED = "#999999"

# How names from the data read in a chart or a sentence.
LABELS = {
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "meta": "Meta",
    "google_search": "Google Search",
    "google": "Google",
    "out_of_home": "Out-of-home",
    "direct_mail": "Direct mail",
    "tv": "TV",
    "paid_social": "Paid social",
    "paid_search": "Paid search",
    "paid_video": "Paid video",
    "organic_social": "Organic social",
    "organic_search": "Organic search",
    "creators": "Creators",
    "social_content": "Social content",
    "tv_production": "TV production",
    "agency_fees": "Agency fees",
    "marketing_team": "Marketing team",
    "martech": "Martech",
}


def label(name: object) -> str:
    """A readable label for a name from the data: 'tiktok' -> 'TikTok', 'paid_social' -> 'Paid social'."""
    text = str(name)
    return LABELS.get(text, text.replace("_", " ").capitalize())


def money(value: float, decimals: int = 0) -> str:
    """Dollars as a person writes them: $1,234 and -$1,234 (never $-1,234)."""
    amount = float(value)
    if abs(amount) < 0.5 * 10**-decimals:
        amount = 0.0
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.{decimals}f}"


def labelled(values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """The same Series or DataFrame with readable index labels."""
    return values.rename(index=label)


TEMPLATE = go.layout.Template(
    layout=dict(
        colorway=list(PALETTE),
        font=dict(family="Inter, Helvetica Neue, Arial, sans-serif", size=13, color="#222222"),
        title=dict(x=0.01, xanchor="left", font=dict(size=17)),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(showgrid=False, linecolor="#888888", ticks="outside", automargin=True),
        yaxis=dict(gridcolor="#E5E5E5", zerolinecolor="#888888", automargin=True),
        # the legend sits under the chart, so it never collides with the takeaway line
        legend=dict(orientation="h", yanchor="top", y=-0.3, xanchor="left", x=0),
        margin=dict(l=70, r=30, t=100, b=125),
        hoverlabel=dict(font_size=12),
        height=500,
    )
)
pio.templates["cmo"] = TEMPLATE
pio.templates.default = "plotly_white+cmo"


TAKEAWAY_FONT = dict(size=13, color="#555555")
# A takeaway is one line under the title: 160 characters as the reader sees them fit the course's
# chart width at the takeaway's font size.
TAKEAWAY_MAX_CHARS = 160


def shown_length(text: str) -> int:
    """How many characters ``text`` shows in a chart: tags dropped, each entity one character."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)))


def plotly_text(text: str) -> str:
    """Text for a plotly title or label: plotly.js reads anything between two dollar signs as
    LaTeX and, without MathJax, draws nothing at all ("from $5 to $8" vanished). The entity
    &#36; shows a dollar sign without that."""
    return text.replace("$", "&#36;")


def finish(
    fig: go.Figure,
    title: str,
    takeaway: str,
    x_title: str,
    y_title: str,
    *,
    widget: bool = False,
) -> go.Figure:
    """Give a figure its title, its one-line takeaway (as a subtitle) and its axis titles.

    An explorer's FigureWidget (``widget=True``) is drawn by the widget's own plotly.js, which
    puts a layout subtitle above the title; there the takeaway goes under the title as a second
    line instead. (Passed in, not tested with isinstance: touching go.FigureWidget imports the
    widget machinery, seconds of work a notebook without explorers should not pay.)
    """
    if not widget and shown_length(takeaway) > TAKEAWAY_MAX_CHARS:
        # a static chart's takeaway is fixed when the lesson is written: a long one is an
        # authoring slip that running the notebook (nbval) should catch. An explorer's changes
        # with its sliders, and a slider at its end must not stop the explorer.
        raise ValueError(
            f"The takeaway of {title!r} shows {shown_length(takeaway)} characters; one line under "
            f"the title holds {TAKEAWAY_MAX_CHARS}: {takeaway!r}"
        )
    title, takeaway = plotly_text(title), plotly_text(takeaway)
    x_title, y_title = plotly_text(x_title), plotly_text(y_title)
    if widget:
        size, colour = TAKEAWAY_FONT["size"], TAKEAWAY_FONT["color"]
        fig.update_layout(
            title=dict(
                text=f"{title}<br><span style='font-size:{size}px;color:{colour}'>{takeaway}</span>"
            ),
            margin=dict(t=90),
        )
    else:
        fig.update_layout(title=dict(text=title, subtitle=dict(text=takeaway, font=TAKEAWAY_FONT)))
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title)
    return fig


def bar(
    values: pd.Series,
    title: str,
    takeaway: str,
    x_title: str,
    y_title: str,
    *,
    number_format: str = ",.0f",
    prefix: str = "",
    suffix: str = "",
    highlight: Sequence[str] = (),
    horizontal: bool = False,
    text: Sequence[str] | None = None,
) -> go.Figure:
    """A bar per label of a Series, values printed on the bars (or ``text``, one per bar);
    ``highlight`` labels stand out."""
    labels = [str(i) for i in values.index]
    colours = [PALETTE[1] if label in highlight else NEUTRAL for label in labels]
    if text is None:
        text = [f"{prefix}{format(float(v), number_format)}{suffix}" for v in values]
    if horizontal:
        trace = go.Bar(
            y=labels, x=values.to_numpy(), orientation="h", marker_color=colours, text=text
        )
        # room for every label: plotly skips labels when the rows are packed too tight
        rows_height = max(400, 30 * len(labels) + 160)
    else:
        trace = go.Bar(x=labels, y=values.to_numpy(), marker_color=colours, text=text)
    fig = go.Figure(trace)
    fig.update_traces(textposition="outside", cliponaxis=False)
    if horizontal:
        fig.update_layout(height=rows_height, yaxis=dict(dtick=1))
    return finish(fig, title, takeaway, x_title, y_title)


def grouped_bar(
    table: pd.DataFrame,
    title: str,
    takeaway: str,
    x_title: str,
    y_title: str,
    *,
    number_format: str = ",.0f",
    prefix: str = "",
    suffix: str = "",
) -> go.Figure:
    """Side-by-side bars: one group per row of ``table``, one bar per column."""
    fig = go.Figure(
        [
            go.Bar(
                name=str(column),
                x=[str(i) for i in table.index],
                y=table[column].to_numpy(),
                text=[f"{prefix}{format(float(v), number_format)}{suffix}" for v in table[column]],
                textposition="outside",
                cliponaxis=False,
            )
            for column in table.columns
        ]
    )
    fig.update_layout(barmode="group")
    return finish(fig, title, takeaway, x_title, y_title)


def lines(
    table: pd.DataFrame,
    title: str,
    takeaway: str,
    x_title: str,
    y_title: str,
    *,
    y_format: str | None = None,
) -> go.Figure:
    """One line per column of ``table`` against its index."""
    fig = go.Figure(
        [
            go.Scatter(x=table.index, y=table[c], name=str(c), mode="lines+markers")
            for c in table.columns
        ]
    )
    if y_format:
        fig.update_yaxes(tickformat=y_format)
    if len(table.columns) == 1:
        fig.update_layout(showlegend=False)
    return finish(fig, title, takeaway, x_title, y_title)


def waterfall(
    steps: pd.Series,
    title: str,
    takeaway: str,
    y_title: str = "US dollars",
    x_title: str = "P&L line",
) -> go.Figure:
    """A P&L waterfall. ``steps`` is ordered; labels starting with '=' are totals, '-' are costs."""
    measure, values, labels = [], [], []
    for label, amount in steps.items():
        label = str(label)
        if label.startswith("="):
            measure.append("total")
            values.append(float(amount))
        else:
            measure.append("relative")
            values.append(-float(amount) if label.startswith("-") else float(amount))
        labels.append(label.lstrip("=- ").strip())
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=measure,
            text=[f"${abs(v) / 1e6:.2f}M" for v in values],
            textposition="outside",
            connector=dict(line=dict(color=MUTED, width=1)),
            increasing=dict(marker_color=POSITIVE),
            decreasing=dict(marker_color=NEGATIVE),
            totals=dict(marker_color=NEUTRAL),
            cliponaxis=False,
        )
    )
    fig.update_yaxes(tickprefix="$", tickformat=",.0f")
    return finish(fig, title, takeaway, x_title, y_title)


def cash_curve(
    curve: Sequence[float],
    title: str,
    takeaway: str,
    *,
    y_title: str = "Cumulative cash per customer ($)",
    name: str = "cumulative cash",
) -> go.Figure:
    """A cumulative cash curve by month, with break-even at zero and the trough marked."""
    values = np.asarray(curve, dtype=float)
    months = np.arange(len(values))
    fig = go.Figure(
        go.Scatter(
            x=months, y=values, mode="lines+markers", name=name, line=dict(color=NEUTRAL, width=3)
        )
    )
    fig.add_hline(y=0, line=dict(color=MUTED, dash="dash"), annotation_text="break-even")
    low = int(np.argmin(values))
    fig.add_trace(
        go.Scatter(
            x=[low],
            y=[values[low]],
            mode="markers+text",
            marker=dict(color=NEGATIVE, size=12),
            text=[f"trough {money(values[low])}"],
            textposition="bottom center",
            name="trough",
        )
    )
    fig.update_yaxes(tickprefix="$", tickformat=",.0f")
    return finish(fig, title, takeaway, "Months since the first order", y_title)


def show_funnel_axis_title(fig: go.Figure) -> go.Figure:
    """plotly.js hides a funnel's value axis, and its title with it. Show the title, which says
    what the bars measure, without the axis's ticks: a funnel is centred on zero, so they would
    read -400 to 400."""
    return fig.update_xaxes(
        visible=True,
        showticklabels=False,
        ticks="",
        showgrid=False,
        zeroline=False,
        showline=False,
        tickformat=",.0f",
    )


def funnel(
    sessions: pd.Series, title: str, takeaway: str, x_title: str = "Sessions", y_title: str = "Step"
) -> go.Figure:
    """A funnel chart: one bar per step, with the share of the first step on each."""
    fig = go.Figure(
        go.Funnel(
            y=[str(i) for i in sessions.index],
            x=sessions.to_numpy(),
            textinfo="value+percent initial",
            marker_color=NEUTRAL,
        )
    )
    show_funnel_axis_title(fig)
    return finish(fig, title, takeaway, x_title, y_title)


def interval_bars(
    table: pd.DataFrame,
    title: str,
    takeaway: str,
    x_title: str,
    y_title: str,
    *,
    value: str = "rate",
    low: str = "low",
    high: str = "high",
    percent: bool = True,
) -> go.Figure:
    """One bar per row with its confidence interval as an error bar."""
    scale = 100 if percent else 1
    centre = table[value].to_numpy() * scale
    fig = go.Figure(
        go.Bar(
            x=[str(i) for i in table.index],
            y=centre,
            marker_color=[PALETTE[i % len(PALETTE)] for i in range(len(table))],
            error_y=dict(
                type="data",
                symmetric=False,
                array=table[high].to_numpy() * scale - centre,
                arrayminus=centre - table[low].to_numpy() * scale,
                color="#333333",
            ),
            text=[f"{v:.1f}%" if percent else f"{v:,.2f}" for v in centre],
            textposition="inside",
        )
    )
    return finish(fig, title, takeaway, x_title, y_title)

"""What every explorer shares: controls that can be set from code with one redraw at the end, a
button back to where it started, a readout beside the controls, a chart below, and display in
a notebook (or a Voila page) with the chart's state synced.

An explorer names its controls (``_controls``), where it starts (``start``), what it computes
(``summary``) and how it redraws (``update``); ``_assemble`` lays it out and wires it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go


def sync_figure(figure: go.FigureWidget) -> None:
    """Make a FigureWidget's synced state its current state.

    plotly sends changes made after a FigureWidget is created (a title, an explorer's first
    redraw) as messages, and syncs its full state only when the figure is displayed on its own.
    Inside a box, a page that builds its views after the notebook has run (Voila) would draw
    the figure as it was created: untitled and empty.
    """
    figure._widget_layout = deepcopy(figure._layout_obj._props)
    figure._widget_data = deepcopy(figure._data)


def slider(
    value: float,
    low: float,
    high: float,
    step: float,
    description: str,
    fmt: str,
    *,
    width: str = "430px",
    label_width: str = "150px",
    whole: bool = False,
) -> w.FloatSlider | w.IntSlider:
    """A slider that redraws when let go (not on every pixel), labelled for a business user."""
    options: dict[str, Any] = dict(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        style={"description_width": label_width},
        layout=w.Layout(width=width),
        continuous_update=False,
    )
    if whole:
        return w.IntSlider(**options)
    return w.FloatSlider(readout_format=fmt, **options)


def readout(*lines: str) -> str:
    """The readout beside the controls: one line per figure, in the course's style."""
    return (
        "<div style='font-size:15px;line-height:1.9;padding-left:24px'>"
        + "<br>".join(lines)
        + "</div>"
    )


class Explorer:
    """The base of every explorer.

    Subclasses set ``self.start`` (the control values "Back to the start" returns to),
    ``self.readout`` (an HTML widget) and ``self.figure`` (a FigureWidget), then call
    ``_assemble``; they implement ``_controls``, ``summary`` and ``update``.
    """

    control_name = "control"  # what a control is called in messages ("No step called ...")
    reset_label = "Back to the start"
    _syncing = False
    start: Mapping[str, Any]
    readout: w.HTML
    figure: go.FigureWidget
    widget: w.Widget

    def _controls(self) -> dict[str, w.ValueWidget]:
        raise NotImplementedError

    def summary(self) -> dict:
        """The numbers the readout shows, for the current controls."""
        raise NotImplementedError

    def update(self) -> None:
        raise NotImplementedError

    def set(self, **values: Any) -> None:
        """Move controls from code, e.g. ``explorer.set(purchase=0.74)``; redraws once."""
        controls = self._controls()
        unknown = set(values) - set(controls)
        if unknown:
            raise KeyError(
                f"No {self.control_name} called {sorted(unknown)}; "
                f"{self.control_name}s: {sorted(controls)}."
            )
        self._syncing = True
        try:
            for name, value in values.items():
                numeric = not isinstance(controls[name], w.Dropdown | w.ToggleButtons)
                controls[name].value = float(value) if numeric else value
        finally:
            self._syncing = False
        self.update()

    def reset(self) -> None:
        """Back to where the explorer started."""
        self.set(**self.start)

    def _changed(self, name: str, change: dict) -> None:
        """A control moved (by hand): redraw. Explorers whose controls are coupled override it."""
        if not self._syncing:
            self.update()

    def _assemble(self, above: Iterable[w.Widget] = (), buttons: Iterable[w.Widget] = ()) -> None:
        """Wire every control to ``_changed``, add the button back to the start (and any other
        ``buttons``), and lay out ``above``, the controls and the buttons beside the readout,
        above the figure."""
        controls = self._controls()
        self.reset_button = w.Button(description=self.reset_label, icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        for name, control in controls.items():
            control.observe(lambda change, name=name: self._changed(name, change), names="value")
        panel = w.VBox([*above, *controls.values(), w.HBox([self.reset_button, *buttons])])
        self.widget = w.VBox([w.HBox([panel, self.readout]), self.figure])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        sync_figure(self.figure)
        display(self.widget)

"""The map as a PNG (``reviewer map --out``): matplotlib's Agg canvas, no display."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reviewer.analysis.catalogue_map import CatalogueMap

FIXED_COLOURS = {"right": "#2a9d3f", "wrong": "#d62728", "(not evaluated)": "#bbbbbb",
                 "(unlabelled)": "#bbbbbb"}


def colour_table(values: list[str]) -> dict[str, str]:
    """A colour per distinct value: fixed ones for right/wrong, tab20 for the rest."""
    from matplotlib import colormaps

    palette = colormaps["tab20"]
    names = sorted(set(values) - set(FIXED_COLOURS))
    table = {n: "#{:02x}{:02x}{:02x}".format(*(int(255 * c) for c in palette(i % 20)[:3]))
             for i, n in enumerate(names)}
    table.update({k: v for k, v in FIXED_COLOURS.items() if k in values})
    return table


def draw_map(result: CatalogueMap, colouring: str, out: Path) -> Path:
    values = result.colour_values(colouring)
    table = colour_table(values)
    figure = Figure(figsize=(9, 7), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    array = np.asarray(values)
    size = max(1.0, min(12.0, 20000 / max(len(values), 1)))
    for name in sorted(table, key=lambda n: not n.startswith("(")):  # greyed ones first
        colour = table[name]
        rows = array == name
        axes.scatter(result.xy[rows, 0], result.xy[rows, 1], s=size, c=colour, label=name,
                     linewidths=0, alpha=0.8)
    axes.set_title(f"{len(values):,} images, {result.params.method}, coloured by {colouring}")
    axes.set_xticks([])
    axes.set_yticks([])
    axes.legend(markerscale=max(1.0, 30 / size) ** 0.5, fontsize=8, loc="best", frameon=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out)
    return out

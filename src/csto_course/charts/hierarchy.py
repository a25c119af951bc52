"""Who reports to whom: a table of bodies with a ``parent`` column drawn as an organisation chart.

``tree_layout`` computes a simple tidy-tree layout in Python: ``depth`` (how
many levels below a body that reports to none) on one axis and ``order`` (the
row) on the other. Leaves are numbered top to bottom in depth-first order,
siblings keep the order of the table, and each parent sits midway between its
first and last child. ``hierarchy_chart`` draws the result with Altair: elbow
connectors (``mark_rule``), one point per body (``mark_point``) and its name
(``mark_text``). Used with ``load("organs")`` in lesson 03.
``hierarchy_description`` writes the chart's screen-reader description from
the same table, so it names every body and every line the chart draws.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from .accessible import accessible
from .columns import require_columns
from .dates import date_label
from .setup import GREY, OKABE_ITO
from .wording import and_list, capital, counted

KIND_COLOURS = {
    "political": OKABE_ITO[0],
    "military": OKABE_ITO[5],
    "administrative": OKABE_ITO[2],
    "parliamentary": OKABE_ITO[3],
}
KIND_SHAPES = {"political": "circle", "military": "square", "administrative": "diamond", "parliamentary": "triangle-up"}


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or (isinstance(value, str) and not value.strip())


def tree_layout(frame: pd.DataFrame, *, id_col: str = "organ_id", parent_col: str = "parent") -> pd.DataFrame:
    """Return a copy of ``frame`` with ``depth`` (int) and ``order`` (float) columns.

    A row whose ``parent_col`` is empty is a root (depth 0). Raises ``ValueError``
    with a plain message for duplicate ids, unknown parents and cycles.
    """
    require_columns(frame, (id_col, parent_col), "tree_layout")
    ids = [str(i) for i in frame[id_col]]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"Each {id_col} must be unique; repeated: {', '.join(duplicated)}.")
    parents = {i: (None if _blank(p) else str(p)) for i, p in zip(ids, frame[parent_col])}
    unknown = sorted({p for p in parents.values() if p is not None and p not in parents})
    if unknown:
        raise ValueError(f"These {parent_col} values name no {id_col} in the table: {', '.join(unknown)}.")

    depth: dict[str, int] = {}
    for start in ids:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node not in depth:
            if node in seen:
                loop = " -> ".join(seen[seen.index(node) :] + [node])
                raise ValueError(f"The {parent_col} column goes round in a circle: {loop}.")
            seen.append(node)
            node = parents[node]
        base = -1 if node is None else depth[node]
        for offset, item in enumerate(reversed(seen), start=1):
            depth[item] = base + offset

    children: dict[str | None, list[str]] = {}
    for i in ids:  # table order among siblings
        children.setdefault(parents[i], []).append(i)

    order: dict[str, float] = {}
    next_leaf = 0

    def place(node: str) -> float:
        nonlocal next_leaf
        kids = children.get(node, [])
        if not kids:
            order[node] = float(next_leaf)
            next_leaf += 1
        else:
            rows = [place(kid) for kid in kids]
            order[node] = (rows[0] + rows[-1]) / 2
        return order[node]

    for root in children.get(None, []):
        place(root)

    out = frame.copy()
    out["depth"] = [depth[i] for i in ids]
    out["order"] = [order[i] for i in ids]
    return out


def tree_edges(layout: pd.DataFrame, *, id_col: str = "organ_id", parent_col: str = "parent", elbow: float = 0.9) -> pd.DataFrame:
    """Elbow connectors from each parent to its children, as segments (x, y, x2, y2).

    The line leaves the parent horizontally, turns at ``elbow`` of the way to the
    child's level, and runs down (or up) to the child's row.
    """
    where = layout.set_index(layout[id_col].astype(str))
    segments = []
    for _, row in layout.iterrows():
        if _blank(row[parent_col]):
            continue
        parent = where.loc[str(row[parent_col])]
        px, py, cx, cy = float(parent["depth"]), float(parent["order"]), float(row["depth"]), float(row["order"])
        turn = px + elbow * (cx - px)
        child = str(row[id_col])
        segments += [
            {"child": child, "x": px, "y": py, "x2": turn, "y2": py},
            {"child": child, "x": turn, "y": py, "x2": turn, "y2": cy},
            {"child": child, "x": turn, "y": cy, "x2": cx, "y2": cy},
        ]
    return pd.DataFrame(segments, columns=["child", "x", "y", "x2", "y2"])


def _date_label(value, precision) -> str:
    if pd.isna(value):
        return "no reliable date in the sources"
    return date_label(value, precision)


def hierarchy_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    id_col: str = "organ_id",
    parent_col: str = "parent",
    label_col: str = "name",
    kind_col: str = "kind",
    level_width: int = 230,
    row_height: int = 52,
    wrap: int = 26,
) -> alt.LayerChart:
    """An organisation chart: depth from left to right, one row per body without subordinates.

    ``frame`` needs ``id_col``, ``parent_col``, ``label_col`` and ``kind_col``
    (as in organs.csv). Tooltips show ``composition``, ``role`` and
    ``established`` where those columns exist.
    """
    layout = tree_layout(frame, id_col=id_col, parent_col=parent_col)
    names = dict(zip(layout[id_col].astype(str), layout[label_col].astype(str)))
    nodes = pd.DataFrame(
        {
            "id": layout[id_col].astype(str),
            "label": layout[label_col].astype(str),
            "text": ["\n".join(textwrap.wrap(str(n), wrap)) for n in layout[label_col]],
            "kind": layout[kind_col].astype(str),
            "reports_to": [names.get(str(p), "") if not _blank(p) else "none (top level)" for p in layout[parent_col]],
            "depth": layout["depth"].astype(int),
            "order": layout["order"].astype(float),
        }
    )
    tooltip = [alt.Tooltip("label:N", title="Body"), alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("reports_to:N", title="Reports to")]
    for col, heading in (("composition", "Composition"), ("role", "Role")):
        if col in layout.columns:
            nodes[col] = layout[col].astype(str).to_numpy()
            tooltip.append(alt.Tooltip(f"{col}:N", title=heading))
    if "established" in layout.columns:
        precision = layout["established_precision"] if "established_precision" in layout.columns else [None] * len(layout)
        nodes["established"] = [_date_label(v, p) for v, p in zip(layout["established"], precision)]
        tooltip.append(alt.Tooltip("established:N", title="Established"))
    edges = tree_edges(layout, id_col=id_col, parent_col=parent_col)
    # Vega stacks the lines of a label downwards from its baseline: lift wrapped
    # labels so that their last line, not their first, sits just above the point.
    line_height = 15 / row_height
    nodes["label_order"] = nodes["order"] - nodes["text"].str.count("\n") * line_height

    max_depth, rows = int(nodes["depth"].max()), int(nodes["order"].max()) + 1
    x_scale = alt.Scale(domain=[-0.1, max_depth + 1.05], nice=False, zero=False)
    y_scale = alt.Scale(domain=[-0.6, rows - 0.4], reverse=True, nice=False, zero=False)
    x = alt.X("depth:Q", scale=x_scale, axis=None)
    y = alt.Y("order:Q", scale=y_scale, axis=None)
    kinds = [k for k in KIND_COLOURS if k in set(nodes["kind"])] + sorted(set(nodes["kind"]) - set(KIND_COLOURS))

    lines = (
        alt.Chart(edges)
        .mark_rule(color=GREY, strokeWidth=1.5)
        .encode(x=alt.X("x:Q", scale=x_scale, axis=None), y=alt.Y("y:Q", scale=y_scale, axis=None), x2="x2:Q", y2="y2:Q")
    )
    points = (
        alt.Chart(nodes)
        .mark_point(filled=True, size=160, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "kind:N", title="Kind of body", scale=alt.Scale(domain=kinds, range=[KIND_COLOURS.get(k, GREY) for k in kinds])
            ),
            shape=alt.Shape(
                "kind:N", title="Kind of body", scale=alt.Scale(domain=kinds, range=[KIND_SHAPES.get(k, "circle") for k in kinds])
            ),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(nodes)
        .mark_text(align="left", baseline="bottom", dx=6, dy=-5, fontSize=12, lineBreak="\n")
        .encode(x=x, y=alt.Y("label_order:Q", scale=y_scale, axis=None), text="text", tooltip=tooltip)
    )
    chart = alt.layer(lines, points, labels).properties(width=level_width * (max_depth + 1), height=row_height * rows)
    return accessible(chart, title, description, subtitle)


def hierarchy_description(
    frame: pd.DataFrame,
    *,
    id_col: str = "organ_id",
    parent_col: str = "parent",
    label_col: str = "name",
    kind_col: str = "kind",
) -> str:
    """The screen-reader description of ``hierarchy_chart`` for the same table, written from it.

    It counts the bodies, then follows the chart from the top row down: each
    body that reports to none, with the bodies that report to it, then every
    other body with subordinates, with those subordinates (in the chart's
    order). A body with neither superior nor subordinates "stands alone". It
    ends with the kinds of body that colour and shape mark, in the legend's order.
    """
    layout = tree_layout(frame, id_col=id_col, parent_col=parent_col)
    ids = layout[id_col].astype(str).tolist()
    names = dict(zip(ids, layout[label_col].astype(str)))
    parents = {node: None if _blank(p) else str(p) for node, p in zip(ids, layout[parent_col])}
    children = {node: [c for c in ids if parents[c] == node] for node in ids}  # in the table's order, as drawn

    def the(nodes: list[str]) -> str:
        return and_list(f"the {names[n]}" for n in nodes)

    sentences = [f"Organisation chart of {counted(len(ids), 'body', 'bodies')}, read from left to right."]
    visit = [node for node in ids if parents[node] is None]  # from the top: each body that reports to none, then its subordinates
    while visit:
        node, below = visit[0], children[visit[0]]
        visit = below + visit[1:]
        if parents[node] is None and not below:
            sentences.append(f"The {names[node]} stands alone, reporting to no body.")
        elif parents[node] is None:
            report = f"{counted(len(below), 'body', 'bodies')} {'reports' if len(below) == 1 else 'report'}"
            sentences.append(f"The {names[node]} reports to no body; {report} to it: {the(below)}.")
        elif below:
            sentences.append(f"{capital(the(below))} {'reports' if len(below) == 1 else 'report'} to the {names[node]}.")
    present = set(layout[kind_col].astype(str))
    kinds = [k for k in KIND_COLOURS if k in present] + sorted(present - set(KIND_COLOURS))
    sentences.append(f"Colour and shape mark the kind of body: {and_list(kinds)}.")
    return " ".join(sentences)

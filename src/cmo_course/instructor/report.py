"""The instructor's cohort report: one self-contained HTML page (plotly inline, works offline)."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from cmo_course.checks import messages
from cmo_course.instructor.cohort.results import ATTENTION, NOT_SUBMITTED, CellScore, Result
from cmo_course.plots import TEMPLATE as COURSE_TEMPLATE


def module_totals(results: list[Result]) -> list[dict[str, Any]]:
    """Auto-graded points per student and module, as a share of the auto-graded maximum."""
    rows = []
    for result in results:
        got, out_of = result.auto_points
        rows.append(
            {
                "student": result.student,
                "module": result.module,
                "points": got,
                "max_points": out_of,
                "share": got / out_of if out_of else 0.0,
                "submitted": result.has_notebook,
            }
        )
    return rows


def _mistake(reason: str) -> str:
    """The part of a failure message that names the mistake (the exercise header dropped)."""
    text = messages.mistake_of(reason)
    if len(text) > 240:
        cut = text.rfind(". ", 0, 240)
        text = text[: cut + 1] if cut > 60 else text[:240] + "…"
    return text


def exercise_stats(results: list[Result]) -> list[dict[str, Any]]:
    """Per auto-graded cell: submissions, full-mark rate, and the commonest failure messages."""
    by_cell: dict[tuple[str, str], list[CellScore]] = defaultdict(list)
    for result in results:
        if not result.has_notebook:
            continue
        for row in result.auto_rows:
            by_cell[(result.module, row.cell)].append(row)
    stats = []
    for (module, cell), rows in by_cell.items():
        passed = sum(1 for r in rows if r.full_marks)
        failures = Counter(_mistake(r.reason) for r in rows if not r.full_marks)
        stats.append(
            {
                "module": module,
                "cell": cell,
                "submissions": len(rows),
                "pass_rate": passed / len(rows),
                "failures": failures.most_common(3),
            }
        )
    return stats


def attention(results: list[Result]) -> list[dict[str, Any]]:
    """Submissions an instructor should look at, with the reasons."""
    items = []
    for result in results:
        reasons = []
        for row in result.rows:
            if row.status in ATTENTION and row.status != NOT_SUBMITTED:
                reasons.append(f"{row.status}: {row.cell}: {row.reason}")
            if row.notes:
                reasons.append(f"note: {row.cell}: {row.notes}")
        if any(r.status == NOT_SUBMITTED for r in result.rows):
            reasons = [f"not submitted: {result.rows[0].reason}"]
        if reasons:
            unique = list(dict.fromkeys(reasons))
            items.append({"student": result.student, "module": result.module, "reasons": unique})
    return items


def manual_todo(results: list[Result]) -> list[dict[str, Any]]:
    """The written answers still to grade by hand."""
    return [
        {
            "student": result.student,
            "module": result.module,
            "cell": row.cell,
            "max_points": row.max_points,
        }
        for result in results
        if result.has_notebook
        for row in result.rows
        if not row.auto and row.needs_manual_grade
    ]


def _figures(results: list[Result], modules: list[str]) -> list[go.Figure]:
    totals = module_totals(results)
    spread = go.Figure()
    for module in modules:
        shares = [100 * t["share"] for t in totals if t["module"] == module and t["submitted"]]
        spread.add_trace(
            go.Box(y=shares, name=module, boxpoints="all", jitter=0.4, pointpos=0, showlegend=False)
        )
    spread.update_layout(
        template=COURSE_TEMPLATE,
        title="Auto-graded score by module (submitted notebooks)",
        xaxis_title="module",
        yaxis_title="score (% of auto-graded points)",
        yaxis_range=[-5, 105],
    )
    stats = sorted(exercise_stats(results), key=lambda s: (s["pass_rate"], s["module"], s["cell"]))
    labels = [f"{s['module']} · {s['cell']}" for s in stats]
    rates = go.Figure(
        go.Bar(
            x=[100 * s["pass_rate"] for s in stats],
            y=labels,
            orientation="h",
            text=[f"{100 * s['pass_rate']:.0f}% of {s['submissions']}" for s in stats],
            textposition="auto",
        )
    )
    rates.update_layout(
        template=COURSE_TEMPLATE,
        title="Full marks by exercise test (hardest at the top)",
        xaxis_title="submissions with full marks (%)",
        yaxis_title="exercise test",
        yaxis_autorange="reversed",
        xaxis_range=[0, 100],
        height=max(360, 22 * len(labels) + 140),
    )
    return [spread, rates]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_report(results: list[Result], modules: list[str], path: Path) -> None:
    from plotly.offline import get_plotlyjs

    e = html.escape
    students = sorted({r.student for r in results})
    submitted = sum(1 for r in results if r.has_notebook)
    figures = "".join(
        f.to_html(include_plotlyjs=False, full_html=False, div_id=f"figure-{i}")
        for i, f in enumerate(_figures(results, modules))
    )
    stats = sorted(exercise_stats(results), key=lambda s: (s["module"], s["cell"]))
    failure_rows = [
        [
            e(s["module"]),
            e(s["cell"]),
            f"{100 * s['pass_rate']:.0f}%",
            "<br>".join(f"{n}× {e(msg)}" for msg, n in s["failures"]) or "—",
        ]
        for s in stats
    ]
    attention_rows = [
        [e(a["student"]), e(a["module"]), "<br>".join(e(r) for r in a["reasons"])]
        for a in attention(results)
    ]
    todo = manual_todo(results)
    per_module = Counter(t["module"] for t in todo)
    todo_rows = [[e(m), str(per_module[m])] for m in modules if per_module[m]]
    todo_detail = [
        [e(t["student"]), e(t["module"]), e(t["cell"]), f"{t['max_points']:g}"] for t in todo
    ]
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Cohort report</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; font-size: 0.9rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }}
th {{ background: #f3f3f3; }}
.summary {{ font-size: 1.1rem; }}
</style>
<script>{get_plotlyjs()}</script>
</head><body>
<h1>Cohort report</h1>
<p class="summary">{_count(len(students), "student")}, {_count(len(modules), "module")}: \
{_count(submitted, "notebook")} graded, {len(results) - submitted} missing or unreadable, \
{_count(len(todo), "written answer")} still to grade by hand.</p>
<h2>Scores and exercises</h2>
{figures}
<h2>Most common failure messages</h2>
{_table(["module", "test", "full marks", "commonest messages (count)"], failure_rows)}
<h2>Submissions that need attention</h2>
{_table(["student", "module", "why"], attention_rows) if attention_rows else "<p>None.</p>"}
<h2>Manual grading still to do</h2>
{_table(["module", "answers to grade"], todo_rows) if todo_rows else "<p>None.</p>"}
{_table(["student", "module", "cell", "points"], todo_detail) if todo_detail else ""}
</body></html>
"""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page)
    tmp.replace(path)

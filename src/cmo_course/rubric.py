"""The capstone memo's rubric: four criteria, four levels each, and a self-score for learners
without an instructor (the same rubric the instructor applies in formgrader)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

LEVELS = ("missing", "weak", "sound", "strong")  # 0, 1, 2, 3 points

RUBRIC = {
    "decision": (
        "Decision and ask",
        (
            "No recommendation, or one the board cannot act on.",
            "A recommendation, but vague (no budget, or no date) or not tied to the target.",
            "A clear budget and ask in the opening lines, tied to the target.",
            "Clear budget and ask up front, and says plainly what the plan will and will not deliver against the target, and on what assumption.",
        ),
    ),
    "evidence": (
        "Numbers and evidence",
        (
            "No figures, or figures the data do not support.",
            "Figures on the wrong basis: revenue where contribution is meant, a channel's average or first-dollar return (what its first dollars brought) where the next dollar decides, platform ROAS or shoppers for LinkedIn.",
            "The plan's two-year contribution, profit and gap from the course's model, with choices that follow the next dollar's return (or say why not) and LinkedIn judged on the gifting pipeline.",
            "As sound, plus the whole budget accounted for (the fixed lines questioned), what the tests will show and how sure we are (the scenarios on the assumptions: the base, downside and upside cases of the planning model).",
        ),
    ),
    "tradeoffs": (
        "Trade-offs and risks",
        (
            "No risks named.",
            'Generic risks ("the market may change") with no response.',
            "Two or more specific risks of this plan, each with what would show it and what we would do.",
            "As sound, plus the tests in the plan (with date and decision) that would change it.",
        ),
    ),
    "audience": (
        "Written for the board",
        (
            "Jargon, tables pasted in, or far over a page.",
            "Readable, but buried: the decision is not in the first lines, or it runs long.",
            "One page, plain words, decision first.",
            "One page, plain words, decision first, every number earns its place, and the CFO's question is answered.",
        ),
    ),
}
MAX_POINTS = 3 * len(RUBRIC)


def table() -> pd.DataFrame:
    """The rubric as a table: a row per criterion, a column per level."""
    return pd.DataFrame(
        {title: dict(zip(LEVELS, levels, strict=True)) for title, levels in RUBRIC.values()}
    ).T


def self_score(levels: Mapping[str, int]) -> int:
    """Score a memo against the rubric: ``levels`` gives 0-3 for each criterion
    (decision, evidence, tradeoffs, audience). Prints what each level means and the total."""
    unknown = sorted(set(levels) - set(RUBRIC))
    missing = sorted(set(RUBRIC) - set(levels))
    if unknown or missing:
        parts = [f"missing {missing}"] if missing else []
        parts += [f"not in the rubric {unknown}"] if unknown else []
        raise ValueError(
            f"Score every criterion once, with these names: {list(RUBRIC)} ({', '.join(parts)})."
        )
    total = 0
    for key, (title, descriptions) in RUBRIC.items():
        level = levels[key]
        if isinstance(level, str) and level.strip() in ("0", "1", "2", "3"):
            raise ValueError(
                f"{key}: write the level as a number without quotes: {level.strip()}, "
                f"not {level!r} (in quotes it is text to Python)."
            )
        if isinstance(level, bool) or level not in (0, 1, 2, 3):
            raise ValueError(f"{key}: a level is 0, 1, 2 or 3 (a whole number), not {level!r}.")
        total += level
        print(f"{title}: {level} ({LEVELS[level]}) - {descriptions[level]}")
        if level < 3:
            print(f"    to reach the next level: {descriptions[level + 1]}")
    print(f"Total: {total} of {MAX_POINTS}")
    return total

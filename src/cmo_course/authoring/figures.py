"""Every number in a lesson's text, explained: a fact the data decides, or a declared constant.

A module's text is its lesson's markdown and its part of the workshop guide (the facilitator's
opening and prompts in ``grading/WORKSHOP.md``, under a heading that starts with its number).

``python -m cmo_course.authoring.figures 01_finance`` lists the numbers of a module's text that
are neither, with where they stand, and the facts whose rendering the text does not show. The
test suite runs the same check on every module (``tests/test_figures.py``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from cmo_course import checks, manifest

NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
# what numbers a text may hold without being a figure: exercise and section numbers, points,
# module numbers, calendar years, numbered lists, and the line stating the module's time
STRUCTURE = (
    re.compile(r"Exercises? \d+\.\d+(?:(?:,| and| to|-|–) ?\d+\.\d+)*"),
    re.compile(r"\(\d+ points?"),
    re.compile(r"[Mm]odules? \d\d(?:(?:,| and| to|-|–) ?\d\d)*"),
    re.compile(r"[Ss]ections? \d+(?:(?:,| and| to|-|–) ?\d+)*"),
    re.compile(r"^#+ \d+\. ", re.M),
    re.compile(r"^### \d\d ", re.M),  # a module's heading in the workshop guide
    re.compile(r"^\s*\d+\. ", re.M),
    re.compile(r"(?<![\d$.,])20[12]\d(?![\d%])"),
    re.compile(r"^\*\*Time:\*\*.*$", re.M),
    re.compile(r"`[^`\n]*`"),  # code: names and arguments, not figures
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"&#\d+;"),  # character entities: the dollar sign is written <span>&#36;</span>
)


@dataclass
class Report:
    module: str
    unexplained: list[tuple[str, str]]  # (number, where it stands)
    unused: list[tuple[str, str]]  # (fact, its rendering)

    @property
    def ok(self) -> bool:
        return not self.unexplained and not self.unused


# a dollar sign written so that Jupyter does not read a pair of them as mathematics
ESCAPED_DOLLAR = re.compile(r"<span>\s*&#36;\s*</span>|&#36;|\\\$")


def markdown_of(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    text = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return ESCAPED_DOLLAR.sub("$", text)


def workshop_text(module: str, root: Path) -> str:
    """The module's section of the workshop guide ("### 01 Finance for marketers" up to the next
    heading of that level or above), or nothing if the guide has none."""
    guide = root / "grading" / "WORKSHOP.md"
    if not guide.exists():
        return ""
    number = module.split("_", 1)[0]
    section = re.search(rf"^### {number} .*?(?=^##? |^### |\Z)", guide.read_text(), re.M | re.S)
    return section.group(0) if section else ""


def without_structure(text: str) -> str:
    for pattern in STRUCTURE:
        text = pattern.sub(" ", text)
    return text


def numbers(text: str) -> list[tuple[str, str]]:
    """The numbers of a text, each with the words around it."""
    plain = without_structure(text)
    return [
        (m.group(0), plain[max(0, m.start() - 50) : m.end() + 30].replace("\n", " "))
        for m in NUMBER.finditer(plain)
    ]


def explain(module: str, root: Path) -> Report:
    definition = checks.definition(module)
    facts = getattr(definition, "FACTS", {})
    constants = set(getattr(definition, "TEXT_CONSTANTS", ()))
    text = markdown_of(root / "solutions" / manifest.get(module).notebook)
    text += "\n\n" + workshop_text(module, root)
    # a fact may write its dollar sign escaped, as the text does
    rendered = {name: ESCAPED_DOLLAR.sub("$", fact.render()) for name, fact in facts.items()}
    explained = {n for r in rendered.values() for n, _ in numbers(r)} | constants
    unexplained = [(n, where) for n, where in numbers(text) if n not in explained]
    plain = without_structure(text)
    unused = [(name, r) for name, r in rendered.items() if r not in text and r not in plain]
    return Report(module, unexplained, unused)


def main(argv: list[str] | None = None) -> int:
    from cmo_course.authoring.checkout import find_root

    args = sys.argv[1:] if argv is None else argv
    root = find_root()
    failed = 0
    for module in args or manifest.ids():
        report = explain(module, root)
        if report.ok:
            print(f"{module}: every number of the text is explained")
            continue
        failed += 1
        print(f"{module}:")
        for number, where in report.unexplained:
            print(f"  unexplained {number!r}: ...{where}...")
        for name, rendering in report.unused:
            print(f"  fact {name!r} renders {rendering!r}, which the text does not show")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

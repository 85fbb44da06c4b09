"""How long does each lesson take to run, compared with the least it could take?

For every notebook in solutions/ this runs, side by side and in alternation:

- the notebook itself, top to bottom, in a fresh kernel;
- its *floor*: an empty notebook with the same imports (the import lines of its setup cell),
  also in a fresh kernel.

Each run is a whole process (Python start, kernel start, execution, shutdown), timed by the
wall clock, with the kernel's peak memory (max RSS). The ratio notebook / floor is the figure
of merit: the goal is every notebook within 3x of its floor.

    python benchmarks/notebook_floor.py            # 5 rounds per notebook
    python benchmarks/notebook_floor.py --rounds 9 --json results.json

Run by hand, never as a timed test. Results vary with the machine; the ratio is what travels.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent

RUNNER = r"""
import json, resource, sys, time
import nbformat
from nbclient import NotebookClient
start = time.perf_counter()
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
print(json.dumps({
    "execute_seconds": time.perf_counter() - start,
    "kernel_max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "errors": len(errors),
}))
"""


def floor_notebook(path: Path) -> nbformat.NotebookNode:
    """An empty notebook with the same imports as ``path``'s setup cell."""
    notebook = nbformat.read(path, as_version=4)
    setup = next(c for c in notebook.cells if c.cell_type == "code")
    imports = [line for line in setup.source.splitlines() if line.startswith(("import ", "from "))]
    floor = nbformat.v4.new_notebook()
    floor.metadata = notebook.metadata
    floor.cells = [nbformat.v4.new_code_cell("\n".join(imports))]
    return floor


def run_once(path: Path) -> dict:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=900,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{path} failed:\n{result.stderr[-2000:]}")
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    if measured["errors"]:
        raise RuntimeError(f"{path} raised {measured['errors']} error(s)")
    measured["wall_seconds"] = wall
    return measured


def benchmark(notebook: Path, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        floor_path = Path(tmp) / f"floor_{notebook.name}"
        nbformat.write(floor_notebook(notebook), floor_path)
        runs: dict[str, list[dict]] = {"notebook": [], "floor": []}
        run_once(floor_path)  # warm the file cache for both, untimed
        run_once(notebook)
        for _ in range(rounds):  # alternate, so drift in the machine hits both alike
            runs["floor"].append(run_once(floor_path))
            runs["notebook"].append(run_once(notebook))

    def median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[kind])

    return {
        "notebook": str(notebook.relative_to(ROOT)),
        "rounds": rounds,
        "notebook_wall_s": median("notebook", "wall_seconds"),
        "floor_wall_s": median("floor", "wall_seconds"),
        "ratio": median("notebook", "wall_seconds") / median("floor", "wall_seconds"),
        "notebook_wall_s_min_max": [
            min(r["wall_seconds"] for r in runs["notebook"]),
            max(r["wall_seconds"] for r in runs["notebook"]),
        ],
        "notebook_kernel_rss_mb": median("notebook", "kernel_max_rss_mb"),
        "floor_kernel_rss_mb": median("floor", "kernel_max_rss_mb"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "notebooks", nargs="*", help="notebooks (default: every solutions/ notebook)"
    )
    args = parser.parse_args()
    notebooks = [Path(p).resolve() for p in args.notebooks] or sorted(
        (ROOT / "solutions").glob("*/*.ipynb")
    )
    results = []
    print(
        f"{'notebook':45} {'notebook s':>10} {'floor s':>8} {'ratio':>6} {'kernel MB':>10} {'floor MB':>9}"
    )
    for notebook in notebooks:
        result = benchmark(notebook, args.rounds)
        results.append(result)
        print(
            f"{result['notebook']:45} {result['notebook_wall_s']:10.2f} {result['floor_wall_s']:8.2f} "
            f"{result['ratio']:5.2f}x {result['notebook_kernel_rss_mb']:10.0f} {result['floor_kernel_rss_mb']:9.0f}"
        )
    worst = max(r["ratio"] for r in results)
    print(
        f"worst ratio {worst:.2f}x (goal: 3x or less); medians of {args.rounds} alternating rounds"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

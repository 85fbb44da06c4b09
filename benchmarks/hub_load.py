"""A cohort arriving at once on the workshop hub: how long until everyone can work?

Builds the hub with `cmo-course hub setup` (on 127.0.0.1, in a temporary folder), creates an
instructor and N learners as real OS users, releases 00_start_here, then:

1. baseline: one learner alone logs in, waits for their JupyterLab, fetches;
2. load: N other learners do the same at the same moment (one thread each).

It reports p50, p95 and max of "log-in form sent -> JupyterLab answers" and of "fetch sent ->
notebook listed in their home", the ratio of the cohort's p50 to the lone learner's, and the
memory the learners' servers hold once all are up. Everything it made is removed at the end.

Run as root:  .venv/bin/python benchmarks/hub_load.py [--learners 20]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmo_course.instructor import hub  # noqa: E402
from tests import hubkit  # noqa: E402


def resident_mib(users: list[str]) -> float:
    """Resident memory of every process the users own, in MiB."""
    total = 0
    for name in users:
        listed = subprocess.run(["ps", "-u", name, "-o", "rss="], capture_output=True, text=True)
        total += sum(int(x) for x in listed.stdout.split())
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=20)
    args = parser.parse_args()
    missing = hubkit.missing_pieces()
    if missing:
        sys.exit("needs " + ", ".join(missing))

    folder = hubkit.new_folder("hubload")
    made: list[str] = []
    running = None
    try:
        began = time.monotonic()
        settings = hubkit.build(folder)
        print(f"hub built in {time.monotonic() - began:.0f} s", flush=True)
        running = hubkit.Hub(folder / "hub", settings["port"])
        running.start()
        instructor, alone, *cohort = hubkit.unique_names("bench", args.learners + 2)
        made += [instructor, alone, *cohort]
        passwords = hub.add_users(
            hubkit.ROOT,
            [instructor],
            [alone, *cohort],
            None,
            folder / "exchange",
            log=lambda line: None,
        )
        teacher = hubkit.User(running.url, instructor, passwords[instructor])
        teacher.login()
        teacher.wait_ready()
        teacher.formgrader("POST", "assignment/00_start_here/assign")
        teacher.formgrader("POST", "assignment/00_start_here/release")

        (lone,) = hubkit.cohort_arrives(running.url, {alone: passwords[alone]}, "00_start_here")
        print(
            f"baseline, one learner alone: ready {lone.timings['ready']:.1f} s, "
            f"fetched {lone.timings['fetched']:.2f} s",
            flush=True,
        )
        began = time.monotonic()
        arrived = hubkit.cohort_arrives(
            running.url, {n: passwords[n] for n in cohort}, "00_start_here"
        )
        wall = time.monotonic() - began
        print(f"{len(arrived)} learners at once (all done in {wall:.1f} s):")
        for key, label in (("ready", "log-in to ready server"), ("fetched", "fetch to files")):
            values = [user.timings[key] for user in arrived]
            p50 = hubkit.percentile(values, 0.5)
            print(
                f"  {label:<24} p50 {p50:6.1f} s   p95 {hubkit.percentile(values, 0.95):6.1f} s"
                f"   max {max(values):6.1f} s   p50 / alone {p50 / lone.timings[key]:5.1f}x"
            )
        memory = resident_mib(cohort)
        print(
            f"  memory of the {len(cohort)} learners' servers: {memory:.0f} MiB "
            f"({memory / len(cohort):.0f} MiB each)"
        )
        return 0
    finally:
        if running is not None:
            running.stop()
        hub.remove_users(made, log=lambda line: None)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

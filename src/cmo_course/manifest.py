"""The module manifest: the one list of the course's modules, in teaching order.

Everything that needs to know the modules reads it: the checks (which file defines each
module's exercises), ``cmo-course explore`` (titles, and the explorers each module defines),
the release and validate commands, the cohort grader (the order of modules), the workshop
hub (which modules an instructor's copy holds), the tests (the minimum number of exercises of
each kind) and the README's module table (``cmo-course release`` writes it; a test fails when
it drifts).

Adding a module: add a ``Module`` here, a checks file ``checks/m<id>.py`` with its
``EXERCISES`` (and ``EXPLORERS`` if it has any), a solutions notebook
``solutions/<id>/<id>.ipynb``, and the datasets it needs; then ``cmo-course release``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirements:
    """The least a module's notebook must hold (the lesson anatomy's bar, tested)."""

    auto_graded: int = 8  # exercises graded by their checks
    functions: int = 2  # of which, functions with hidden tests
    manual: int = 1  # written answers an instructor grades by hand


@dataclass(frozen=True)
class Module:
    """One module: its id (the folder and nbgrader assignment name), how it is presented, and
    what its notebook must contain."""

    id: str  # "01_finance": two digits, an underscore, a name
    title: str  # "Finance for marketers"
    summary: str  # what the learner learns, for the README's table
    time: str  # how long it takes, as the notebook and the README state it
    requires: Requirements = Requirements()
    status: str = "ready"

    @property
    def number(self) -> str:
        return self.id[:2]

    @property
    def checks(self) -> str:
        """The module of ``cmo_course.checks`` that defines its exercises and explorers."""
        return f"m{self.id}"

    @property
    def notebook(self) -> str:
        """The notebook's path inside ``solutions/`` and ``course/``."""
        return f"{self.id}/{self.id}.ipynb"

    @property
    def heading(self) -> str:
        """How the module is named on screen: "Module 01 · Finance for marketers"."""
        return f"Module {self.number} · {self.title}"


@dataclass(frozen=True)
class Demo:
    """One explorer a module shows on a facilitator's projector (``cmo-course explore``): the
    name the lesson gives it, what to say while showing it, and how to build it from the data
    (the same inputs the lesson computes step by step)."""

    name: str
    title: str
    prompt: str
    build: Callable[[], object]


MODULES: tuple[Module, ...] = (
    Module(
        "00_start_here",
        "Start here",
        "how the course works; the company and its data; social metrics translated into "
        "business ones",
        "about an hour and three quarters (an hour and a half to two hours)",
        requires=Requirements(auto_graded=2, functions=0, manual=0),
    ),
    Module(
        "01_finance",
        "Finance for marketers",
        "the P&L; gross vs contribution margin, and which margin each question needs (the P&L's, "
        "online, first order); blended, paid and incremental CAC; margin-based LTV, LTV:CAC and "
        "payback; ROAS, ROI, ROMI, marginal ROI and break-even ROAS; a B2B campaign judged on its "
        "pipeline; the cash trough; budget vs actual; sensitivity",
        "about five hours (four to six)",
    ),
    Module(
        "02_funnels",
        "Funnels",
        "GA4 in plain words; a funnel from raw events (sessions, not events); step rates and "
        "the bottleneck by segment; revenue per session = CVR × AOV and the leak in dollars; "
        "cart abandonment; a two-proportion z-test on a checkout change; the email funnel judged "
        "on clicks and orders; credited vs incremental orders with a holdout; repeat rate",
        "about five and three quarter hours (four and a half to seven and a half)",
    ),
    Module(
        "03_paid_media",
        "Paid media",
        "the metric chain and its identities; the most a click may cost; platform-reported vs "
        "last-click vs incremental purchases, read from a lift test (lift, iROAS, "
        "over-attribution); response curves, marginal ROAS and the best split of a budget, with "
        "a budget allocator; auctions, bids, frequency caps and Q4 CPMs; the new-network pitch "
        "with a prior, a posterior, break-even CVR, a test budget and a stop rule",
        "about five and three quarter hours (four and a half to seven)",
    ),
    Module(
        "04_offline_channels",
        "Offline channels",
        "what each offline channel is for and its CPM against digital; GRPs, reach from "
        "impressions per person and frequency; adstock, half-life and why TV keeps selling "
        "after the flight, with a flight planner; the halo on branded search and why a "
        "regression needs controls; a TV geo test read with time-based regression (incremental "
        "new customers, lift, iROAS, LTV:CAC) and planned for power with a geo-test designer; "
        "what a media-mix model can and cannot tell you, and calibration",
        "about five hours (four to six)",
    ),
    Module(
        "05_annual_planning",
        "Annual planning",
        "next year's revenue built from the customers the company has plus the new ones it must "
        "win; business development's gifting target turned into LinkedIn leads and their cost; "
        "seasonality and trend by regression, and the limits of a decomposition on two years; "
        "share of voice against share of market; a plan by channel and month where the next "
        "dollar returns most, with demand and ad prices in it; five budget-setting methods and "
        "the model-based budget, channel by channel; brand and activation; the whole marketing "
        "budget; scenarios on the assumptions and the two-year return; a plan builder",
        "about four hours (three and a quarter to four and three quarters)",
    ),
    Module(
        "06_capstone",
        "Capstone",
        "next year's whole marketing budget built from the company's data: a plan by line and "
        "quarter within the board's cap, phased by month, with a reason wherever it spends past "
        "what pays, and a customer tree from the target down; its two-year contribution, profit "
        "and gap under scenarios; choosing the basis of a judgment; risks with tests; the CFO's "
        "hard question; a one-page board memo graded with a 4 × 4 rubric, with strong and weak "
        "calibration answers and a self-score for learners on their own",
        "about five hours (four to six)",
        requires=Requirements(auto_graded=6, functions=0, manual=3),
    ),
)


def ids() -> list[str]:
    """Every module id, in teaching order."""
    return [module.id for module in MODULES]


def get(module_id: str) -> Module:
    """The module with this id; an unknown id gets a message naming the modules."""
    for module in MODULES:
        if module.id == module_id:
            return module
    raise KeyError(f"There is no module {module_id!r}. Modules: {', '.join(ids())}.")


README_START = "<!-- modules: written by `cmo-course release` from the manifest -->"
README_END = "<!-- end of modules -->"


def readme_table() -> str:
    """The README's module table, between its two markers."""
    rows = [
        README_START,
        "| module | what you learn | time | status |",
        "|---|---|---|---|",
    ]
    for module in MODULES:
        rows.append(
            f"| [{module.number} {module.title}](course/{module.notebook}) | {module.summary} "
            f"| {module.time} | {module.status} |"
        )
    rows.append(README_END)
    return "\n".join(rows)

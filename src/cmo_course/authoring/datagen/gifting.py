"""Corporate gifting (modules 01, 03 and 05): ``gifting_leads``.

``generate_gifting_leads`` draws every lead of the corporate-gifting line from its CRM: the
leads LinkedIn's lead-gen campaign brings (in proportion to the day's LinkedIn spend, from the
internal ``daily_spend``) and those from the website, trade shows and referrals; which of them
business development turned into opportunities, and which opportunities closed, when and for how
much. The gifting line keeps its own accounts: its deals are not in ``orders`` or the consumer
P&L.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cmo_course.authoring.datagen.world import World, rng_for
from cmo_course.datasets import company as co


def generate_gifting_leads(world: World) -> None:
    """Every gifting lead of the two years, with its opportunity and deal where there was one."""
    rng = rng_for(world.seed, "gifting_leads")
    g = co.GIFTING
    days = co.days()
    spend = world.internal["daily_spend"]["linkedin"].reindex(days, fill_value=0.0).to_numpy()
    season = np.array(g["season"])[days.month.to_numpy() - 1]
    expected = {"linkedin_ads": spend / g["linkedin_cost_per_lead"]}
    for source, per_year in g["other_sources_per_year"].items():
        expected[source] = np.full(len(days), per_year / 365) * season
    rows = []
    for source, per_day in expected.items():
        counts = rng.poisson(per_day)
        day_index = np.repeat(np.arange(len(days)), counts)
        n = len(day_index)
        created = days[day_index]
        to_opportunity = rng.random(n) < g["lead_to_opportunity"][source]
        opened = created + pd.to_timedelta(rng.integers(3, 25, n), unit="D")
        won = to_opportunity & (rng.random(n) < g["win_rate"])
        cycle = rng.gamma(4.0, g["sales_cycle_days"] / 4.0, n).round()
        closed = opened + pd.to_timedelta(cycle, unit="D")
        value = np.round(rng.lognormal(np.log(g["deal_median"]), g["deal_sigma"], n), -1)
        size = rng.choice(list(g["company_size"]), size=n, p=list(g["company_size"].values()))
        rows.append(
            pd.DataFrame(
                {
                    "created_date": created,
                    "source": source,
                    "company_size": size,
                    "opportunity_date": pd.Series(opened).where(to_opportunity),
                    "won_date": pd.Series(closed).where(won),
                    "deal_value": np.where(won, value, np.nan),
                }
            )
        )
    frame = pd.concat(rows, ignore_index=True)
    # what happened after the data's last day is not known yet
    end = co.END
    frame.loc[frame["opportunity_date"] > end, ["opportunity_date", "won_date", "deal_value"]] = (
        pd.NaT,
        pd.NaT,
        np.nan,
    )
    late = frame["won_date"] > end
    frame.loc[late, ["won_date", "deal_value"]] = (pd.NaT, np.nan)
    frame["deal_contribution"] = np.round(frame["deal_value"] * g["contribution_margin"], 2)
    frame = frame.sort_values(["created_date", "source"], kind="stable").reset_index(drop=True)
    frame.insert(0, "lead_id", [f"L{i + 1:05d}" for i in range(len(frame))])
    world.frames["gifting_leads"] = frame

    linkedin = frame[frame["source"] == "linkedin_ads"]
    value_per_lead = (
        g["lead_to_opportunity"]["linkedin_ads"]
        * g["win_rate"]
        * float(np.exp(np.log(g["deal_median"]) + g["deal_sigma"] ** 2 / 2))
        * g["contribution_margin"]
    )
    world.truth["gifting_leads"] = {
        "linkedin_cost_per_lead": g["linkedin_cost_per_lead"],
        "lead_to_opportunity_by_source": dict(g["lead_to_opportunity"]),
        "win_rate": g["win_rate"],
        "mean_sales_cycle_days": g["sales_cycle_days"],
        "deal_value": {"median": g["deal_median"], "log_sd": g["deal_sigma"]},
        "contribution_margin_of_a_deal": g["contribution_margin"],
        "expected_contribution_per_linkedin_lead": round(value_per_lead, 2),
        "linkedin_leads_by_year": {
            str(y): int((linkedin["created_date"].dt.year == y).sum()) for y in co.YEARS
        },
        "books": "the gifting line's own accounts: its deals are not in orders or pnl_monthly",
    }

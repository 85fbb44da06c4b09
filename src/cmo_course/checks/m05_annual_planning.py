"""Exercises of module 05 Annual planning. Expected values come from the loaded data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import datasets, finance, media, planning
from ..manifest import Demo
from ..plots import money
from .comparators import Choice, Number, SeriesOf
from .exercises import FunctionExercise, Mistake, ValueExercise
from .figures import Fact

YEAR = 2025  # last year, the year the plan starts from
NOVEMBER = 10  # row of November in planning_inputs, and of November 2024 in the P&L
SHOCK = 0.10  # the one-off promotion of Exercise 5.5
OLD_EBITDA_MARGIN = 0.05  # the target the exercise once used, below what 2025 delivered
OPEX_GROWTH = 0.05


# -- the data and the model -----------------------------------------------------------------------


def inputs() -> pd.DataFrame:
    return datasets.load("planning_inputs")


def pnl() -> pd.DataFrame:
    return datasets.load("pnl_monthly")


def model() -> planning.PlanModel:
    return planning.course_model()


def target() -> float:
    return float(inputs()["revenue_target"].sum())


def last_year_revenue() -> float:
    return float(inputs()["ly_net_revenue"].sum())


def last_year_budget() -> float:
    """2025's paid media on the consumer channels the model prices (LinkedIn and TV production
    are judged apart)."""
    return float(model().last_year_spend.to_numpy().sum())


@datasets.cached
def cohorts() -> pd.DataFrame:
    return planning.revenue_by_cohort(datasets.load("orders"), datasets.load("customers"))


def rates() -> pd.Series:
    return planning.base_rates(cohorts(), YEAR)


def base_2026() -> float:
    return float(model().base.sum())


@datasets.cached
def new_customers_last_year() -> int:
    customers = datasets.load("customers")
    return int((customers["first_order_date"].dt.year == YEAR).sum())


def in_year_revenue_per_new_customer() -> float:
    return float(cohorts().loc[YEAR, YEAR]) / new_customers_last_year()


@datasets.cached
def twelve_month_revenue_per_new_customer() -> float:
    curve = planning.revenue_curve(datasets.load("orders"), datasets.load("customers"), YEAR - 1)
    return float(curve.sum())


@datasets.cached
def gifting() -> pd.Series:
    return planning.gifting_funnel(
        datasets.load("gifting_leads"), datasets.load("marketing_spend_monthly"), inputs(), YEAR
    )


def ebitda_2025() -> float:
    """2025's EBITDA in dollars (5.8's slip: keeping back last year's profit, not its margin)."""
    year = pnl()[pnl()["month"].dt.year == YEAR]
    return float(year["ebitda"].sum())


def target_ebitda_margin() -> float:
    """The EBITDA margin the plan keeps back: 2025's (EBITDA over P&L net revenue), since a plan
    should not promise less profit per dollar of revenue than last year delivered."""
    year = pnl()[pnl()["month"].dt.year == YEAR]
    return float(year["ebitda"].sum() / year["net_revenue"].sum())


@datasets.cached
def margin(basis: str) -> float:
    """One of the course's margins for 2025, computed only when asked (some read every order)."""
    if basis == "P&L margin":
        year = pnl()[pnl()["month"].dt.year == YEAR]
        return float(year["contribution"].sum() / year["net_revenue"].sum())
    if basis == "margin before refunds":
        return finance.margin_before_refunds(pnl(), YEAR)
    orders = datasets.load("orders")
    if basis == "online margin":
        return finance.online_margin(orders, YEAR)
    if basis == "first-order margin":
        return finance.first_order_margin(orders, datasets.load("customers"), YEAR)
    raise KeyError(basis)


@datasets.cached
def plan_2026() -> pd.DataFrame:
    """The lesson's plan: every channel-month funded until its next dollar returns 1, without TV
    (its airtime does not earn back its production)."""
    return model().without("tv").best_budget()


MAIL_CADENCES = {"weekly": 52, "monthly": 12, "quarterly": 4}  # drops a year


@datasets.cached
def mail_retiming() -> dict[str, float]:
    """Direct mail in the lesson's plan against 2025 as bought, both read week by week on 2025's
    weeks (the generator's response, its list and 2025's costs and demand; 2024's drops carried
    in): the plan's year of mail money in equal drops ``MAIL_CADENCES`` apart, and the customers
    each finds, beside 2025's own three drops. On a list the gain is in the timing: 2025's drops
    fell two within two months."""
    weekly = datasets.load("media_mix_weekly")[["week_start", "direct_mail_spend"]]
    truth = {"direct_mail": datasets.truth("media_mix_weekly")["offline_media"]["direct_mail"]}
    in_year = (weekly["week_start"].dt.year == 2025).to_numpy()
    weeks = np.nonzero(in_year)[0][:52]
    money = float(plan_2026()["direct_mail"].sum())
    bought = planning.offline_as_bought(truth, weekly, 2025, 1.0).loc["direct_mail"]
    out = {
        "plan spend": money,
        "2025 spend": float(bought["spend"]),
        "2025 customers": float(bought["new_customers"]),
    }
    for name, drops in MAIL_CADENCES.items():
        spend = np.where(in_year, 0.0, weekly["direct_mail_spend"].to_numpy(dtype=float))
        spend[weeks[np.arange(drops) * 52 // drops]] = money / drops
        read = planning.offline_as_bought(truth, weekly.assign(direct_mail_spend=spend), 2025, 1.0)
        out[f"{name} customers"] = float(read.at["direct_mail", "new_customers"])
    return out


def no_tv() -> planning.PlanModel:
    return model().without("tv")


def outcome(plan: pd.DataFrame, scenario: str = "base") -> dict:
    return model().evaluate(plan, planning.SCENARIOS[scenario])


@datasets.cached
def plan_outcome() -> dict:
    return outcome(plan_2026())


@datasets.cached
def last_year_outcome() -> dict:
    return outcome(model().last_year_spend)


@datasets.cached
def best_outcome() -> dict:
    return outcome(model().best_plan(last_year_budget()))


@datasets.cached
def closing_budget() -> float:
    return no_tv().budget_for(0)


@datasets.cached
def closing_outcome() -> dict:
    return outcome(no_tv().best_plan(closing_budget()))


def channel_alone(plan: pd.DataFrame, channel: str) -> dict:
    """What one channel of a plan buys on its own (channels do not interact in the model)."""
    alone = plan.copy()
    alone.loc[:, [c for c in alone.columns if c != channel]] = 0.0
    return model().evaluate(alone)


# -- 5.1 and 5.2: next year's revenue from the customers ---------------------------------------


def _base_reference(
    settled_revenue, recent_revenue, new_revenue, keep_rate, third_year_rate, second_year_rate
):
    return (
        settled_revenue * keep_rate
        + recent_revenue * third_year_rate
        + new_revenue * second_year_rate
    )


def _base_keep_for_recent(
    settled_revenue, recent_revenue, new_revenue, keep_rate, third_year_rate, second_year_rate
):
    return (settled_revenue + recent_revenue) * keep_rate + new_revenue * second_year_rate


def _base_keep_for_all(
    settled_revenue, recent_revenue, new_revenue, keep_rate, third_year_rate, second_year_rate
):
    return (settled_revenue + recent_revenue + new_revenue) * keep_rate


def _base_without_new(
    settled_revenue, recent_revenue, new_revenue, keep_rate, third_year_rate, second_year_rate
):
    return settled_revenue * keep_rate + recent_revenue * third_year_rate


def _base_rates_swapped(
    settled_revenue, recent_revenue, new_revenue, keep_rate, third_year_rate, second_year_rate
):
    # the two young groups' rates trade places
    return _base_reference(
        settled_revenue, recent_revenue, new_revenue, keep_rate, second_year_rate, third_year_rate
    )


def _base_second_for_all(
    settled_revenue, recent_revenue, new_revenue, keep_rate, third_year_rate, second_year_rate
):
    return (settled_revenue + recent_revenue + new_revenue) * second_year_rate


@datasets.cached
def third_year() -> float:
    return planning.third_year_rate(datasets.load("orders"), datasets.load("customers"), YEAR)


@datasets.cached
def third_year_analogue() -> dict[str, float]:
    """What 2023's customers, the one cohort whose third year the data hold, say against the
    estimate: their net revenue in 2024 and 2025 and their third year over their second (complete
    totals: a 2023 customer who left in 2023 spends $0 in both years, so the orders' start in 2024
    drops no one who counts), their drift in their second year, 2024's customers' drift in theirs,
    and the base if 2024's kept as 2023's did."""
    orders, customers = datasets.load("orders"), datasets.load("customers")
    kept = planning.cohort_year_over_year(orders, customers, YEAR - 2, YEAR)
    higher = planning.base_revenue_next_year(orders, customers, YEAR, third_year=kept).sum()
    first = orders["customer_id"].map(customers.set_index("customer_id")["first_order_date"])
    net = (orders["revenue"] - orders["refund"])[first.dt.year == YEAR - 2]
    by_year = net.groupby(orders.loc[net.index, "order_date"].dt.year).sum()
    return {
        "revenue_second_year": float(by_year[YEAR - 1]),
        "revenue_third_year": float(by_year[YEAR]),
        "kept": kept,
        "drift_2023": planning.half_year_drift(orders, customers, YEAR - 1, YEAR - 2),
        "drift_2024": planning.half_year_drift(orders, customers, YEAR),
        "base_higher_by": float(higher - base_2026()),
    }


@datasets.cached
def drift_by_first_quarter() -> pd.Series:
    """2024's customers' drift within 2025 (``planning.half_year_drift``), by the quarter of 2024
    they first bought in: the same pace whatever their age says the drift does not yet slow."""
    orders, customers = datasets.load("orders"), datasets.load("customers")
    return pd.Series(
        {
            f"Q{q}": planning.half_year_drift(
                orders, customers, YEAR, first_months=range(3 * q - 2, 3 * q + 1)
            )
            for q in range(1, 5)
        }
    )


@datasets.cached
def radio_schedule() -> dict[str, float]:
    """Radio in the lesson's plan against 2025's flights: the plan's year of radio at 2025's cost
    per point, spread over 52 weeks, beside 2025's GRPs and its weeks on air."""
    mix = datasets.load("media_mix_weekly")
    year = mix[mix["week_start"].dt.year == YEAR]
    grps = float(year["radio_grps"].sum())
    cost_per_point = float(year["radio_spend"].sum()) / grps
    weeks_on_air = int((year["radio_grps"] > 0).sum())
    spend = float(plan_2026()["radio"].sum())
    return {
        "plan spend": spend,
        "cost per point": cost_per_point,
        "plan GRPs a week": spend / cost_per_point / 52,
        "2025 GRPs": grps,
        "2025 weeks on air": weeks_on_air,
        "2025 GRPs a week on air": grps / weeks_on_air,
    }


@datasets.cached
def mail_drops() -> dict[str, float]:
    """The plan's monthly mail money, its smallest and biggest month, and the catalogues each
    buys at 2025's cost per piece: small drops, each of which would also pay its own creative and
    print set-up, which the model (priced by the piece) leaves out."""
    mix = datasets.load("media_mix_weekly")
    year = mix[mix["week_start"].dt.year == YEAR]
    per_piece = float(year["direct_mail_spend"].sum() / year["direct_mail_pieces"].sum())
    months = plan_2026()["direct_mail"]
    return {
        "least spend": float(months.min()),
        "most spend": float(months.max()),
        "least pieces": float(months.min()) / per_piece,
        "most pieces": float(months.max()) / per_piece,
        "cost per piece": per_piece,
    }


def _base_case(settled, recent, new, keep, third, second) -> dict:
    return {
        "settled_revenue": settled,
        "recent_revenue": recent,
        "new_revenue": new,
        "keep_rate": keep,
        "third_year_rate": third,
        "second_year_rate": second,
    }


@datasets.cached
def first_order_value() -> float:
    """What a 2025 new customer's first order brought (net revenue): Module 04's
    FIRST_ORDER_VALUE, one basket, not the calendar year's revenue per new customer."""
    return float(
        finance.first_order_value(datasets.load("orders"), datasets.load("customers"), YEAR)
    )


def new_customers_needed(kind: str = "right") -> float:
    needed_revenue = target() - base_2026()
    if kind == "first_order":
        return needed_revenue / first_order_value()
    if kind == "twelve_months":
        return needed_revenue / twelve_month_revenue_per_new_customer()
    if kind == "grow_with_target":
        return new_customers_last_year() * target() / last_year_revenue()
    if kind == "no_base":
        return target() / in_year_revenue_per_new_customer()
    return needed_revenue / in_year_revenue_per_new_customer()


def _short_by(kind: str) -> str:
    short = new_customers_needed() - new_customers_needed(kind)
    revenue = short * in_year_revenue_per_new_customer()
    return (
        f"you would plan {short / new_customers_needed():.0%} too few new customers and miss the target by about "
        f"${revenue / 1e6:.1f}M"
    )


# -- 5.3 and 5.4: gifting ---------------------------------------------------------------------------


def _leads_reference(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
    return planning.gifting_leads_needed(
        revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities
    )


def _leads_ignoring_others(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
    return revenue / deal_size / win_rate / lead_to_opportunity


def _leads_without_win_rate(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
    return max(0.0, revenue / deal_size - other_opportunities) / lead_to_opportunity


def _leads_without_deal_size(
    revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities
):
    return max(0.0, revenue / win_rate - other_opportunities) / lead_to_opportunity


def _leads_times_win_rate(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
    """The win rate multiplied in, and (as a first attempt would) no floor at zero."""
    return (revenue / deal_size * win_rate - other_opportunities) / lead_to_opportunity


def _leads_no_floor(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
    return (revenue / deal_size / win_rate - other_opportunities) / lead_to_opportunity


def _leads_others_as_leads(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
    return max(0.0, revenue / deal_size / win_rate / lead_to_opportunity - other_opportunities)


def _leads_brackets(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
    return revenue / deal_size / win_rate - other_opportunities / lead_to_opportunity


def _leads_rounded_up(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities):
    return math.ceil(
        _leads_reference(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities)
    )


LINKEDIN_BASES = ("gifting pipeline", "consumer CAC", "platform ROAS")


@datasets.cached
def linkedin_consumer_cac() -> float:
    table = finance.paid_cac_by_platform(
        datasets.load("marketing_spend_monthly"), datasets.load("customers"), YEAR
    )
    return float(table.loc["linkedin", "cac"])


@datasets.cached
def linkedin_platform_roas() -> float:
    paid = datasets.load("paid_media_daily")
    chain = media.metric_chain(paid[paid["date"].dt.year == YEAR])
    return float(chain.loc["linkedin", "roas"])


@datasets.cached
def linkedin_shopper_value() -> float:
    """Two-year contribution of a shopper LinkedIn's ads bring (its consumer curve's value)."""
    curves = media.curves_from(datasets.truth("paid_media_daily"))
    return float(next(c for c in curves if c.name == "linkedin").value)


def _gifting_at_stake() -> str:
    g = gifting()
    return (
        f"you would cut LinkedIn on a number that cannot see the {g['leads_needed']:,.0f} leads "
        f"business development needs for its ${g['revenue_target'] / 1e3:,.0f}k gifting target: "
        f"whether they pay is a pipeline question (each lead is worth about "
        f"${g['contribution_per_lead']:,.0f} of contribution before selling costs, "
        f"${g['worth_per_lead']:,.0f} after, and the next costs about ${g['marginal_cost']:,.0f})"
    )


def linkedin_win_rate(lead_year: int) -> float:
    """The share of LinkedIn's opportunities that were won, for the leads of ``lead_year``."""
    leads = datasets.load("gifting_leads")
    mine = leads[(leads["source"] == "linkedin_ads") & (leads["created_date"].dt.year == lead_year)]
    opportunities = mine[mine["opportunity_date"].notna()]
    return float(opportunities["won_date"].notna().mean())


def reorder_break_even() -> float:
    """The share of won gifting accounts that must reorder once within two years (a consumer's
    horizon) for the last lead the target needs to pay: a reorder brings the deal's contribution
    less the commission, without a sample box."""
    g = gifting()
    per_reorder = g["contribution_per_lead"] * (1 - g["commission"] / g["deal_margin"])
    return float((g["marginal_cost"] - g["worth_per_lead"]) / per_reorder)


def affordable_at_new_customers_margin() -> float:
    """How much less the affordable budget is if the revenue above 2025's is priced, as Module 06's
    P&L prices it, at the contribution ratio of the new customers who bring it."""
    ratios = _capstone()._contribution_ratios()
    return float((target() - last_year_revenue()) * (ratios["2025"] - ratios["new"]))


def gifting_loss() -> float:
    """What the leads gifting needs cost beyond what they bring after selling costs."""
    g = gifting()
    return float(g["budget"] - g["leads_needed"] * g["worth_per_lead"])


def last_lead_break_even_selling_cost() -> float:
    """The selling cost per opportunity at which the last lead the target needs just pays."""
    g = gifting()
    return float((g["contribution_per_lead"] - g["marginal_cost"]) / g["lead_to_opportunity"])


# B2B commissions run 5-10% of a deal (the plan's 10% is the top): the range's low end and middle
COMMISSIONS = (0.05, 0.075)


@datasets.cached
def gifting_at(commission: float) -> pd.Series:
    """The gifting funnel if business development's commission is ``commission``."""
    return planning.gifting_funnel(
        datasets.load("gifting_leads"),
        datasets.load("marketing_spend_monthly"),
        inputs(),
        YEAR,
        commission=commission,
    )


def leads_after_media(commission: float | None = None) -> float:
    """What the leads gifting needs bring after selling costs, less what they cost (negative: a
    loss), at ``commission`` (the plan's, by default)."""
    g = gifting() if commission is None else gifting_at(commission)
    return float(g["leads_needed"] * g["worth_per_lead"] - g["budget"])


def break_even_commission() -> float:
    """The commission at which the last lead just pays, if the sample box stays as costed."""
    g = gifting()
    room = last_lead_break_even_selling_cost() - g["sample_cost"]
    return float(room / (g["win_rate"] * g["deal_size"]))


def leads_pay_commission() -> float:
    """The commission at which the leads gifting needs just pay their media (the whole budget,
    not the last lead), if the sample box stays as costed: worth per lead is linear in it."""
    g = gifting()
    per_point = g["lead_to_opportunity"] * g["win_rate"] * g["deal_size"]  # a lead's, per 100%
    room = g["budget"] / g["leads_needed"]  # what each lead must be worth after selling costs
    at_zero = g["contribution_per_lead"] - g["lead_to_opportunity"] * g["sample_cost"]
    return float((at_zero - room) / per_point)


def second_half_cost_per_lead() -> float:
    """What each lead of the second half of LinkedIn's gifting budget costs: that half over the
    leads it adds on the curve, beyond the first half's (the tranche's own price, above the
    budget's average because the curve saturates)."""
    g = gifting()
    half = float(g["budget"]) / 2
    added = g["leads_needed"] - planning.linkedin_leads_for(half, g)
    return float(half / added)


def second_half_pays_commission() -> float:
    """The commission at which the second half's leads pay their media
    (``second_half_cost_per_lead``), if the sample box stays as costed: the bar for releasing
    it, judged on what it buys, not on the whole budget's average lead."""
    g = gifting()
    per_point = g["lead_to_opportunity"] * g["win_rate"] * g["deal_size"]  # a lead's, per 100%
    at_zero = g["contribution_per_lead"] - g["lead_to_opportunity"] * g["sample_cost"]
    return float((at_zero - second_half_cost_per_lead()) / per_point)


@datasets.cached
def online_refund_share() -> float:
    """The share of 2025's online revenue refunded."""
    orders = datasets.load("orders")
    online = orders[(orders["sales_channel"] == "online") & (orders["order_date"].dt.year == YEAR)]
    return float(online["refund"].sum() / online["revenue"].sum())


def rollout_after_returns(end: str) -> float:
    """Module 02's phone roll-out of the new checkout, a year (``end``: "low" or "high" of its
    range), less 2025's online refund share: net revenue, as the plan's gap is."""
    from .m02_funnels import rollout_range

    return rollout_range("mobile")[end] * (1 - online_refund_share())


@datasets.cached
def july_sales() -> float:
    """July 2025's online revenue over an average month's of 2025."""
    orders = datasets.load("orders")
    online = orders[(orders["sales_channel"] == "online") & (orders["order_date"].dt.year == YEAR)]
    by_month = online.groupby(online["order_date"].dt.month)["revenue"].sum()
    return float(by_month[7] / by_month.mean())


@datasets.cached
def hurdle_gap(bar: float = 1.05) -> float:
    """The gap if every channel-month is funded only while its next dollar returns ``bar``."""
    return float(model().evaluate(no_tv().best_budget(bar=bar))["gap"])


# -- 5.5: seasonality ----------------------------------------------------------------------------------


def net_revenue_by_month() -> pd.Series:
    return pnl().set_index("month")["net_revenue"]


class NovemberExercise(ValueExercise):
    """Exercise 5.5, which changes a copy of ``revenue``: without ``.copy()`` the learner's
    change lands on ``revenue`` itself. The answer may still come out right once, but every cell
    that reads ``revenue`` afterwards sees the shock, and running the cell again shocks it twice;
    so a changed ``revenue`` is named before the answer is judged."""

    def _check(self, answer, namespace: dict, hidden: bool) -> str:
        revenue = namespace.get("revenue")
        original = net_revenue_by_month()
        if isinstance(revenue, pd.Series) and len(revenue) == len(original):
            changed = ~np.isclose(revenue.to_numpy(dtype=float), original.to_numpy(dtype=float))
            if changed.any():
                times = float(revenue.iloc[NOVEMBER] / original.iloc[NOVEMBER])
                twice = (
                    f" (November 2024 is now {times:.2f} times its own value)"
                    if times > 1.15
                    else ""
                )
                raise self.fail(
                    f"`revenue` itself has changed{twice}: shocked = revenue gives the same Series "
                    "a second name, so the shock landed on revenue too, and every later cell (and "
                    "each run of this one) sees it. Re-run the cell that makes revenue (Section 3) "
                    "to restore it, then start from shocked = revenue.copy()."
                )
        return super()._check(answer, namespace, hidden)


def november_moves(kind: str = "right") -> pd.Series:
    """How much one odd November moves each method's November index. Both indices are read by
    position: row 10 of the decomposition (November 2024) and the 11th of the regression's twelve
    month effects (November), position 10 counting from 0."""
    series = net_revenue_by_month()
    if kind == "aliased":  # shocked = revenue, no copy: both fits see the shocked data
        return pd.Series([0.0, 0.0], index=["decomposition", "regression"])
    shocked = series.copy()
    row = NOVEMBER + 12 if kind == "wrong_year" else NOVEMBER
    if kind == "replaced":  # shocked.iloc[10] = 1.10: November becomes $1.10
        shocked.iloc[row] = 1 + SHOCK
    else:
        shocked.iloc[row] *= 1 + SHOCK
    read_decomposition = NOVEMBER + 1 if kind == "december" else NOVEMBER
    read_regression = {"december": NOVEMBER + 1, "regression_october": NOVEMBER - 1}.get(
        kind, NOVEMBER
    )
    decomposition = (
        planning.classical_decomposition(shocked)["seasonal"].iloc[read_decomposition],
        planning.classical_decomposition(series)["seasonal"].iloc[read_decomposition],
    )
    regression = (
        planning.seasonal_regression(shocked).month_effects.iloc[read_regression],
        planning.seasonal_regression(series).month_effects.iloc[read_regression],
    )
    if kind == "points":
        values = [decomposition[0] - decomposition[1], regression[0] - regression[1]]
    elif kind == "ratio":
        values = [decomposition[0] / decomposition[1], regression[0] / regression[1]]
    elif kind == "reversed":
        values = [decomposition[1] / decomposition[0] - 1, regression[1] / regression[0] - 1]
    else:
        values = [decomposition[0] / decomposition[1] - 1, regression[0] / regression[1] - 1]
    if kind == "swapped":
        values = values[::-1]
    return pd.Series(values, index=["decomposition", "regression"])


# -- 5.6 and 5.7: where the next dollar goes ---------------------------------------------------------


def split_gain(kind: str = "right") -> float:
    if kind == "revenue":
        return best_outcome()["expected_revenue"] - last_year_outcome()["expected_revenue"]
    if kind == "customers":
        return best_outcome()["media_customers"] - last_year_outcome()["media_customers"]
    if kind == "best_total":
        return best_outcome()["two_year_contribution"]
    if kind == "ratio":
        return (
            best_outcome()["two_year_contribution"] / last_year_outcome()["two_year_contribution"]
        )
    if kind == "growth":
        return split_gain("ratio") - 1
    if kind == "model_budget":
        best = outcome(model().best_budget())
        return best["two_year_contribution"] - last_year_outcome()["two_year_contribution"]
    return best_outcome()["two_year_contribution"] - last_year_outcome()["two_year_contribution"]


RETURN_BASES = ("marginal return", "average return", "first-dollar return")


def _meta_message() -> str:
    m = model()
    at_last_year = channel_alone(m.last_year_spend, "meta")
    at_best = channel_alone(m.best_budget(), "meta")
    average = at_last_year["two_year_contribution"] / at_last_year["spend"]
    marginal = float(last_year_outcome()["marginal_return"]["meta"])
    lost = at_best["profit"] - at_last_year["profit"]
    return (
        f"On the average return Meta looks fine: at last year's spend it returns {average:.2f} on "
        f"average, so you would keep all {money(at_last_year['spend'])}. Its last dollars return "
        f"{marginal:.2f}: the {money(at_last_year['spend'] - at_best['spend'])} a year above the "
        f"spend where its next dollar returns 1 cost about {money(lost)} more than the two-year "
        "contribution they bring back. The average mixes the first dollars, which pay, with the "
        "last, which do not."
    )


def _tv_message() -> str:
    m = model()
    tv = next(c for c in m.curves if c.name == "tv")
    at_last_year = channel_alone(m.last_year_spend, "tv")
    return (
        f"On the first-dollar return almost every channel passes: TV's first dollars return about "
        f"{tv.first_dollar_return:.2f}, so you would keep it. At last year's "
        f"{money(at_last_year['spend'])} its last dollars return "
        f"{float(last_year_outcome()['marginal_return']['tv']):.2f} and the airtime loses about "
        f"{money(-at_last_year['profit'])} a year before its production. Whether the first "
        "dollar pays says whether to be in a channel at all, not how much to spend."
    )


# -- 5.8: phasing ------------------------------------------------------------------------------------


Q4_SLIPS = {  # by_month's rows (counting from 0) a slip takes for Q4
    "November and December": (10, 12),
    "October and November": (9, 11),
    "September to November": (8, 11),
}


def q4_share(kind: str = "right") -> float:
    if kind in Q4_SLIPS:
        by_month = plan_2026().sum(axis=1)
        start, stop = Q4_SLIPS[kind]
        return float(by_month.iloc[start:stop].sum() / by_month.sum())
    if kind == "last_year":
        plan = model().last_year_spend
    elif kind == "demand":
        m = model()
        weights = pd.Series(m.demand * m.weeks, index=m.months)
        return float(weights[m.months.quarter == 4].sum() / weights.sum())
    else:
        plan = plan_2026()
    by_month = plan.sum(axis=1)
    return float(by_month[by_month.index.quarter == 4].sum() / by_month.sum())


# -- 5.9: the affordable budget ----------------------------------------------------------------------


MARGIN_BASES = ("P&L margin", "margin before refunds", "online margin", "first-order margin")


def affordable_budget(kind: str = "right", both_years: bool = False) -> float:
    """``both_years``: the operating costs summed over the whole P&L (2024 and 2025)."""
    year = pnl() if both_years else pnl()[pnl()["month"].dt.year == YEAR]
    plain = ("right", "no_opex", "no_profit", "no_growth", "old_ebitda", "ebitda_dollars")
    basis = "P&L margin" if kind in plain else kind
    growth = 0.0 if kind == "no_growth" else OPEX_GROWTH
    opex = float(year["operating_expenses"].sum()) * (1 + growth)
    contribution = target() * margin(basis)
    if kind == "no_opex":
        return contribution - target_ebitda_margin() * target()
    if kind == "no_profit":
        return contribution - opex
    if kind == "old_ebitda":
        return contribution - opex - OLD_EBITDA_MARGIN * target()
    if kind == "ebitda_dollars":  # 2025's EBITDA in dollars, not its margin on the target
        return contribution - opex - ebitda_2025()
    return contribution - opex - target_ebitda_margin() * target()


def _opex(years: str) -> float:
    table = pnl() if years == "both" else pnl()[pnl()["month"].dt.year == YEAR]
    return float(table["operating_expenses"].sum())


def _both_years_message(basis: str) -> str:
    first = int(pnl()["month"].dt.year.min())
    text = (
        f"This sums operating_expenses over all of pnl: {first} and {YEAR}, "
        f"{money(_opex('both'))} instead of {YEAR}'s {money(_opex(YEAR))}. pnl has one row per "
        f"month of both years: sum {YEAR}'s rows only (year_{YEAR}, made before the exercise), then grow "
        "them 5%."
    )
    if basis != "P&L margin":
        text += f" The margin is wrong too: this uses the {basis}; the target is P&L net revenue."
    return text


def _margin_message(basis: str, why: str) -> str:
    short = affordable_budget() - affordable_budget(basis)
    return (
        f"This uses the {basis} ({margin(basis):.1%}). {why} On it the business would think it "
        f"can afford about {money(short)} less marketing than it can."
    )


# -- 5.10: the downside ------------------------------------------------------------------------------


def downside_gap(kind: str = "right") -> float:
    if kind == "base":
        return plan_outcome()["gap"]
    if kind == "upside":
        return outcome(plan_2026(), "upside")["gap"]
    if kind == "with_tv":
        return model().evaluate(model().best_budget(), planning.SCENARIOS["downside"])["gap"]
    if kind == "last_year":
        return outcome(model().last_year_spend, "downside")["gap"]
    if kind == "best_split":
        last_year_media = model().last_year_spend.to_numpy().sum()
        return outcome(model().best_plan(last_year_media), "downside")["gap"]
    if kind == "replanned":
        downside = planning.SCENARIOS["downside"]
        replanned = no_tv().best_budget(downside)
        return model().evaluate(replanned, downside)["gap"]
    return outcome(plan_2026(), "downside")["gap"]


MOMENTUM_STOPS = planning.Assumptions(momentum=0.0)  # both momentum terms at 2025's level


@datasets.cached
def momentum_worth() -> float:
    """What the momentum assumption is worth: the plan's expected revenue against the same plan
    if momentum stopped (the new customers who come without paid media and what a dollar of paid
    digital brings both stay at 2025's level)."""
    stopped = outcome_with(plan_2026(), MOMENTUM_STOPS)
    return plan_outcome()["expected_revenue"] - stopped["expected_revenue"]


@datasets.cached
def momentum_stops_gap() -> float:
    """The plan's gap if momentum stopped and nothing else changed."""
    return outcome_with(plan_2026(), MOMENTUM_STOPS)["gap"]


@datasets.cached
def paid_momentum() -> float:
    """How much more a dollar of paid digital brought in 2025 than in 2024 (the new customers
    the ads brought per dollar, from those credited to them): the base case's digital momentum."""
    return planning.paid_response_growth(
        datasets.load("customers"),
        datasets.load("marketing_spend_monthly"),
        YEAR,
        planning.recorded_shares(datasets.truth("paid_media_daily")),
    )


def _finance():
    """Module 01's checks: its look back at LinkedIn's closed deals."""
    from . import m01_finance

    return m01_finance


def _capstone():
    """Module 06's checks: its example plan is this plan with the step-ups capped until tests read
    them, and LinkedIn and the fixed lines added (the capstone imports this module, so late)."""
    from . import m06_capstone

    return m06_capstone


@datasets.cached
def pr_retainer() -> float:
    """What 2025's agency fees ran over their budget from July, when a PR retainer was signed
    outside the plan: the half-year of the retainer inside 2025's agency fees."""
    spend = datasets.load("marketing_spend_monthly")
    line = spend[(spend["channel"] == "agency_fees") & (spend["month"].dt.year == YEAR)]
    second_half = line[line["month"].dt.month >= 7]
    return float((second_half["actual"] - second_half["budget"]).sum())


def outcome_with(plan: pd.DataFrame, assumptions: planning.Assumptions) -> dict:
    return model().evaluate(plan, assumptions)


EXERCISES = [
    FunctionExercise(
        id="5.1",
        title="base_revenue(settled_revenue, recent_revenue, new_revenue, keep_rate, "
        "third_year_rate, second_year_rate)",
        answer="base_revenue",
        comparator=Number(what="a number of dollars"),
        reference=_base_reference,
        cases=lambda: [
            _base_case(1_000_000, 200_000, 500_000, 0.8, 0.4, 0.3),
            _base_case(
                float(cohorts().loc[YEAR, cohorts().columns < YEAR - 1].sum()),
                float(cohorts().loc[YEAR, YEAR - 1]),
                float(cohorts().loc[YEAR, YEAR]),
                float(rates()["keep"]),
                third_year(),
                float(rates()["second_year"]),
            ),
        ],
        hidden_cases=lambda: [
            _base_case(0, 0, 250_000, 0.9, 0.45, 0.25),
            _base_case(4_200_000, 0, 0, 0.7, 0.35, 0.3),
            _base_case(0, 1_500_000, 0, 0.85, 0.4, 0.25),
            _base_case(12_345_678.9, 3_210_987.6, 9_876_543.2, 0.83, 0.38, 0.21),
        ],
        mistakes=[
            Mistake(
                "this applies the keep rate to the year before's new customers (recent_revenue) "
                "too. They are not a "
                "settled base yet: in their third year they still fall much further than the "
                "settled customers. Use recent_revenue x third_year_rate.",
                function=_base_keep_for_recent,
            ),
            Mistake(
                "this applies the keep rate to every group. The latest year's new customers "
                "(new_revenue) are not a settled base: next year they bring their second year, at "
                "the second-year rate (about a quarter of their first); the year before's "
                "(recent_revenue), at the third-year rate.",
                function=_base_keep_for_all,
            ),
            Mistake(
                "this leaves out the latest year's new customers. They keep buying in their second "
                "year: add new_revenue x second_year_rate.",
                function=_base_without_new,
            ),
            Mistake(
                "this applies the second-year rate to the whole base. Customers who have stayed "
                "a year or more keep more of their spending: settled_revenue x keep_rate and "
                "recent_revenue x third_year_rate.",
                function=_base_second_for_all,
            ),
            Mistake(
                "this swaps the two young groups' rates. The latest year's new customers "
                "(new_revenue) are entering their second year: second_year_rate. The year "
                "before's (recent_revenue) are entering their third: third_year_rate. The "
                "worked example above gives 1,030,000: try your function on its numbers.",
                function=_base_rates_swapped,
            ),
        ],
        hints=[
            "Three groups: the settled customers (settled_revenue), the year before's new "
            "customers (recent_revenue: 2024's, for the 2026 plan) and the latest year's new "
            "customers (new_revenue: 2025's).",
            "Each group at its own rate: settled_revenue x keep_rate + recent_revenue x "
            "third_year_rate + new_revenue x second_year_rate.",
        ],
        passed="Next year's revenue starts with the customers you have: a large part of it is already "
        "won, or lost, before the plan begins.",
    ),
    ValueExercise(
        id="5.2",
        title="the new customers the target needs",
        answer="new_customers_2026",
        comparator=Number(what="a number of customers", rel_tol=1e-4),
        expected=new_customers_needed,
        mistakes=[
            Mistake(
                lambda: (
                    "This divides by what a new customer brings in her first twelve months "
                    f"(${twelve_month_revenue_per_new_customer():,.0f}). A customer who arrives in "
                    "the autumn brings only part of that before December: 2025's new customers "
                    f"brought ${in_year_revenue_per_new_customer():,.0f} each in the calendar year. "
                    f"On twelve months {_short_by('twelve_months')}."
                ),
                value=lambda: new_customers_needed("twelve_months"),
            ),
            Mistake(
                lambda: (
                    "This divides by the first order's value "
                    f"(${first_order_value():,.2f}, Module 04's FIRST_ORDER_VALUE): one basket. "
                    "Many of 2025's new customers ordered again before December, so each brought "
                    f"${in_year_revenue_per_new_customer():,.2f} in the calendar year: "
                    "cohorts.loc[2025, 2025] / new_2025. On the first order alone you would plan "
                    "more new customers than the target needs."
                ),
                value=lambda: new_customers_needed("first_order"),
            ),
            Mistake(
                lambda: (
                    "This grows last year's new customers with the target, the old rule of thumb. "
                    f"But the customers you have keep only {rates()['keep']:.0%} of their spending "
                    "and last year's new ones a quarter of theirs, so new customers must grow "
                    f"faster than revenue: on this rule {_short_by('grow_with_target')}."
                ),
                value=lambda: new_customers_needed("grow_with_target"),
            ),
            Mistake(
                lambda: (
                    "This asks new customers for the whole target. The customers you have bring "
                    f"about ${base_2026() / 1e6:.1f}M of it (base_2026): only the rest is "
                    "new customers' to bring."
                ),
                value=lambda: new_customers_needed("no_base"),
            ),
            Mistake(
                "Python divides before it subtracts: this takes base_2026 / (what a new customer "
                "brings) away from the whole target. Put brackets round (TARGET - base_2026), "
                "then divide.",
                value=lambda: target() - base_2026() / in_year_revenue_per_new_customer(),
            ),
            Mistake(
                "Dividing by cohorts.loc[2025, 2025] and then by new_2025 divides by the number of "
                "customers instead of by what each one brings. Put what one customer brings in "
                "brackets first: (cohorts.loc[2025, 2025] / new_2025).",
                value=lambda: (
                    (target() - base_2026())
                    / (in_year_revenue_per_new_customer() * new_customers_last_year())
                    / new_customers_last_year()
                ),
            ),
        ],
        hints=[
            "The revenue new customers must bring = the target - base_2026.",
            "Choose what a new customer brings in the calendar year she arrives: the 2025 "
            "cohort's revenue in 2025 over the number of 2025's new customers.",
            "cohorts.loc[2025, 2025] / new_2025, then divide the revenue by it.",
        ],
        passed=lambda v: (
            f"About {float(v):,.0f} new customers: {float(v) / new_customers_last_year() - 1:.0%} "
            "more than 2025, a steeper climb than revenue's."
        ),
    ),
    FunctionExercise(
        id="5.3",
        title="leads_needed(revenue, deal_size, win_rate, lead_to_opportunity, other_opportunities)",
        answer="leads_needed",
        comparator=Number(what="a number of leads"),
        reference=_leads_reference,
        cases=lambda: [
            {
                "revenue": 720_000,
                "deal_size": 5_000,
                "win_rate": 0.25,
                "lead_to_opportunity": 0.35,
                "other_opportunities": 240,
            },
            {
                "revenue": 240_000,
                "deal_size": 4_800,
                "win_rate": 0.25,
                "lead_to_opportunity": 0.2,
                "other_opportunities": 0,
            },
            {  # the other sources already open more opportunities than the target needs
                "revenue": 100_000,
                "deal_size": 5_000,
                "win_rate": 0.25,
                "lead_to_opportunity": 0.35,
                "other_opportunities": 500,
            },
        ],
        hidden_cases=lambda: [
            {
                "revenue": 52_000,
                "deal_size": 4_800,
                "win_rate": 0.25,
                "lead_to_opportunity": 0.2,
                "other_opportunities": 10,
            },
            {
                "revenue": 1_000_000,
                "deal_size": 20_000,
                "win_rate": 0.1,
                "lead_to_opportunity": 0.05,
                "other_opportunities": 120,
            },
            {
                "revenue": float(gifting()["revenue_target"]),
                "deal_size": float(gifting()["deal_size"]),
                "win_rate": float(gifting()["win_rate"]),
                "lead_to_opportunity": float(gifting()["lead_to_opportunity"]),
                "other_opportunities": float(gifting()["other_opportunities"]),
            },
            {
                "revenue": 100_000,
                "deal_size": 5_000,
                "win_rate": 0.25,
                "lead_to_opportunity": 0.35,
                "other_opportunities": 500,
            },
        ],
        mistakes=[
            Mistake(
                "this leaves out the opportunities business development's own sources bring "
                "(referrals, trade shows, the website's form): subtract other_opportunities "
                "before you count the leads behind the rest.",
                function=_leads_ignoring_others,
            ),
            Mistake(
                "this leaves out the win rate: only a share of opportunities "
                "close, so the target needs more opportunities than deals. Divide the deals by "
                "the win rate.",
                function=_leads_without_win_rate,
            ),
            Mistake(
                "this leaves out the deal size: revenue / win_rate is the pipeline in dollars, "
                "not a number of opportunities. Turn the revenue into deals first (revenue / "
                "deal_size), then divide the deals by the win rate.",
                function=_leads_without_deal_size,
            ),
            Mistake(
                "this multiplies the deals by the win rate. Only a share of opportunities "
                "close: at a 25% win rate each deal needs 4 opportunities, so divide the "
                "deals by win_rate.",
                function=_leads_times_win_rate,
            ),
            Mistake(
                "this subtracts the other sources' opportunities from the leads. They are "
                "opportunities already: subtract them from the opportunities the target needs, "
                "then divide by lead_to_opportunity.",
                function=_leads_others_as_leads,
            ),
            Mistake(
                "your function returns a negative number of leads. Here the other sources "
                "already open more opportunities than the target needs, so marketing needs none: "
                "the answer is 0. Keep marketing's opportunities at zero or above with "
                "max(0, ...) before you divide by lead_to_opportunity.",
                function=_leads_no_floor,
            ),
            Mistake(
                "this divides only other_opportunities by lead_to_opportunity: Python divides before it subtracts. Put brackets round the subtraction, so that the opportunities left for marketing, (opportunities the target needs - other_opportunities), are divided by lead_to_opportunity together; the worked example gives 960.",
                function=_leads_brackets,
            ),
            Mistake(
                "this rounds the leads up to a whole number. Keep the exact figure the formula "
                "gives, without rounding: the plan rounds its totals at the end, not each step.",
                function=_leads_rounded_up,
            ),
        ],
        hints=[
            "Work backwards from the money: revenue → deals → opportunities the target needs; "
            "take away the opportunities other sources bring; turn the rest into leads.",
            "Opportunities the target needs = revenue / deal_size / win_rate. Marketing's share "
            "= those - other_opportunities, never below 0: max(0, ...) keeps it at 0 when the "
            "other sources bring enough.",
            "Skeleton: opportunities = revenue / ___ / ___; "
            "return max(0, opportunities - ___) / ___",
        ],
        passed="A revenue target for sales is a number of leads for marketing: agree it with "
        "business development up front, and fund it.",
    ),
    ValueExercise(
        id="5.4",
        title="the basis LinkedIn is judged on",
        answer="linkedin_basis",
        comparator=Choice(LINKEDIN_BASES),
        expected=lambda: "gifting pipeline",
        mistakes=[
            Mistake(
                lambda: (
                    f"On consumer CAC LinkedIn costs about ${linkedin_consumer_cac():,.0f} per new "
                    f"shopper, against about ${linkedin_shopper_value():,.0f} of two-year contribution, so "
                    f"{_gifting_at_stake()}. LinkedIn's campaign sells gift boxes to companies: "
                    "the shoppers it brings are a by-product."
                ),
                value=lambda: "consumer CAC",
            ),
            Mistake(
                lambda: (
                    f"LinkedIn's platform ROAS is {linkedin_platform_roas():.2f}, against a "
                    f"break-even of {1 / margin('first-order margin'):.2f} on the first-order margin "
                    "(Module 03's bar for a platform's ROAS), so "
                    f"{_gifting_at_stake()}. The platform counts orders in the online shop; "
                    "gifting deals close weeks later in business development's CRM."
                ),
                value=lambda: "platform ROAS",
            ),
        ],
        hints=[
            "What does LinkedIn's only campaign sell, and where do its sales close?",
            "Judge a channel on what it is for: here, the leads it brings and what they become.",
        ],
        passed=lambda v: (
            "Judged on the pipeline, the right basis. A LinkedIn lead brings about "
            f"${gifting()['contribution_per_lead']:,.0f} of contribution before selling costs and "
            f"about ${gifting()['worth_per_lead']:,.0f} after them (a sample box, the "
            f"commission), against about ${gifting()['first_lead_cost']:,.0f} for the first "
            f"lead and ${gifting()['marginal_cost']:,.0f} for the last the plan needs: "
            + (
                "the campaign pays to the last lead"
                if gifting()["worth_per_lead"] >= gifting()["marginal_cost"]
                else "after selling costs not even the first lead pays, so the leads are business "
                "development's call"
                if gifting()["worth_per_lead"] < gifting()["first_lead_cost"]
                else "after selling costs the last leads do not pay, so those are business "
                "development's call"
            )
            + " (Section 2)."
        ),
    ),
    NovemberExercise(
        id="5.5",
        title="one odd month, two methods",
        answer="november_moves",
        comparator=SeriesOf(index_what="method (decomposition, regression)", rel_tol=1e-4),
        expected=november_moves,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "Both moves are 0: you compared the shocked fit with a fit of the same shocked "
                "numbers. shocked = revenue gives one Series two names, so changing shocked "
                "changed revenue too. Re-run the cell that makes revenue (Section 3), then make "
                "shocked = revenue.copy() and compare with decomposition and regression from "
                "that cell.",
                value=lambda: november_moves("aliased"),
            ),
            Mistake(
                "This shocks November 2025. The question adds the promotion to November 2024 "
                "(row 10 of the P&L).",
                value=lambda: november_moves("wrong_year"),
            ),
            Mistake(
                lambda: (
                    "The decomposition is right, but the regression's value is October's "
                    f"({november_moves('regression_october')['regression']:.1%}): "
                    "month_effects[10] reads the label 10, and its labels are month numbers "
                    "(1 = January). Read both by position: .month_effects.iloc[10] is November."
                ),
                value=lambda: november_moves("regression_october"),
            ),
            Mistake(
                "These are December's moves: .iloc[11] is the 12th row. Counting from 0, "
                "November is position 10 in both: ['seasonal'].iloc[10] and "
                ".month_effects.iloc[10].",
                value=lambda: november_moves("december"),
            ),
            Mistake(
                "These are differences in index points. The question asks how much each index "
                "moves relative to itself: shocked / original - 1.",
                value=lambda: november_moves("points"),
            ),
            Mistake(
                "These are ratios near 1, new over old. The question asks for the move as a "
                "fraction: subtract 1 from each.",
                value=lambda: november_moves("ratio"),
            ),
            Mistake(
                "This divides the other way round: shocked / original - 1.",
                value=lambda: november_moves("reversed"),
            ),
            Mistake(
                "The two values are in each other's places: the decomposition's move is under "
                '"regression" and the regression\'s under "decomposition". Put each under its '
                "own method's name.",
                value=lambda: november_moves("swapped"),
            ),
            Mistake(
                lambda: (
                    f"November 2024 is now {1 + SHOCK:.2f} dollars: = {1 + SHOCK:.2f} replaces the "
                    f"value. Multiply it instead: shocked.iloc[10] *= {1 + SHOCK:.2f} (or "
                    f"shocked.iloc[10] = shocked.iloc[10] * {1 + SHOCK:.2f})."
                ),
                value=lambda: november_moves("replaced"),
            ),
        ],
        hints=[
            "Three steps: a copy of revenue with November 2024 made 10% bigger; both methods "
            "fitted to that copy; then each method's November index, new over old, minus 1.",
            "shocked = revenue.copy(); shocked.iloc[10] *= 1.10 changes row 10 (November 2024) "
            "of the copy only. Fit with planning.classical_decomposition(shocked) and "
            "planning.seasonal_regression(shocked). November is position 10 in both: "
            "['seasonal'].iloc[10] and .month_effects.iloc[10].",
            "Skeleton: new_dec = planning.classical_decomposition(shocked); new_reg = "
            "planning.seasonal_regression(shocked); november_moves = pd.Series({'decomposition': "
            "new_dec['seasonal'].iloc[10] / decomposition['seasonal'].iloc[___] - 1, "
            "'regression': new_reg.month_effects.iloc[___] / regression.month_effects.iloc[___] "
            "- 1})",
        ],
        passed=lambda v: (
            f"A one-off in one November moves the decomposition's November by {float(v['decomposition']):.1%} "
            f"and the regression's by {float(v['regression']):.1%}: the regression reads every "
            "month from both years."
        ),
    ),
    ValueExercise(
        id="5.6",
        title="what the best split adds",
        answer="split_gain",
        comparator=Number(what="a number of dollars of contribution", rel_tol=1e-4),
        expected=split_gain,
        mistakes=[
            Mistake(
                "This is the change in expected net revenue. The question asks for two-year "
                "contribution: what the plan's customers leave after their costs.",
                value=lambda: split_gain("revenue"),
            ),
            Mistake(
                "This counts customers. The question asks for two-year contribution.",
                value=lambda: split_gain("customers"),
            ),
            Mistake(
                "This compares the model-based budget with last year's plan: a different amount "
                "of money. Split last year's budget (LY_MEDIA) the best way and compare.",
                value=lambda: split_gain("model_budget"),
            ),
            Mistake(
                "This is the best split's own two-year contribution. The question asks how much "
                "more it brings than last year's split: subtract last year's (last, Section 5's "
                "cell).",
                value=lambda: split_gain("best_total"),
            ),
            Mistake(
                "This is a ratio, the best split's contribution over last year's. The question "
                "asks for dollars: subtract instead of dividing.",
                value=lambda: split_gain("ratio"),
            ),
            Mistake(
                "This is a growth rate (best over last year's, minus 1). The question asks for "
                "dollars: the difference between the two contributions.",
                value=lambda: split_gain("growth"),
            ),
        ],
        hints=[
            "Evaluate both plans, then subtract last year's two-year contribution from the best "
            "split's.",
            "model.evaluate(plan) returns a dict of results: call it on the plan first, then "
            "read one result after the call: model.evaluate(plan)['two_year_contribution']. "
            "last (Section 5's cell) is last year's plan already evaluated.",
            "Skeleton: best = model.evaluate(model.best_plan(___)); "
            "split_gain = best['two_year_contribution'] - last['___']",
        ],
        passed=lambda v: (
            f"The same money, spent where the next dollar returns most, buys about {money(float(v))} "
            "more two-year contribution."
        ),
    ),
    ValueExercise(
        id="5.7",
        title="the return that decides where the next dollar goes",
        answer="return_basis",
        comparator=Choice(RETURN_BASES),
        expected=lambda: "marginal return",
        mistakes=[
            Mistake(_meta_message, value=lambda: "average return"),
            Mistake(_tv_message, value=lambda: "first-dollar return"),
        ],
        hints=[
            "The decision is about the next dollar: which number describes it?",
            "Compare Meta's average return and its marginal return at last year's spend.",
        ],
        passed="Judge on the margin: a channel's next dollar decides whether it gets more, its "
        "average does not.",
    ),
    ValueExercise(
        id="5.8",
        title="the affordable marketing budget, on the right margin",
        answer="affordable_budget",
        comparator=Number(what="a number of dollars", rel_tol=1e-4),
        expected=affordable_budget,
        mistakes=[
            Mistake(
                lambda: _margin_message(
                    "online margin",
                    "It is the margin of online orders before refunds, what an ad platform sees; "
                    "the target is the whole company's net revenue, shops included, and the shops "
                    "earn more per dollar.",
                ),
                value=lambda: affordable_budget("online margin"),
            ),
            Mistake(
                lambda: _margin_message(
                    "first-order margin",
                    "It is the margin of new customers' first online orders on their revenue "
                    "before refunds (what ad platforms report), the one that sets a break-even "
                    "ROAS for acquiring a customer; the target is net revenue, after refunds, from "
                    "every order of the year, most of them from returning customers.",
                ),
                value=lambda: affordable_budget("first-order margin"),
            ),
            Mistake(
                lambda: _margin_message(
                    "margin before refunds",
                    "It is contribution per dollar of revenue before refunds; the target is net "
                    "revenue, after refunds.",
                ),
                value=lambda: affordable_budget("margin before refunds"),
            ),
            Mistake(
                "This forgets the operating costs (staff, shops, technology, admin) that "
                "contribution must also pay.",
                value=lambda: affordable_budget("no_opex"),
            ),
            Mistake(
                "This leaves no profit. Keep back the target EBITDA: EBITDA_2025 (2025's "
                "EBITDA margin) of the target revenue.",
                value=lambda: affordable_budget("no_profit"),
            ),
            Mistake(
                "This keeps back 5% of the target as EBITDA, less than 2025 delivered. Keep back "
                "2025's margin, EBITDA_2025, of the target revenue.",
                value=lambda: affordable_budget("old_ebitda"),
            ),
            Mistake(
                lambda: (
                    f"This keeps back 2025's EBITDA in dollars ({money(ebitda_2025())}), last "
                    "year's profit. Keep back 2025's margin on the target instead, EBITDA_2025 x "
                    "TARGET: on more revenue the owners expect more profit, not the same dollars."
                ),
                value=lambda: affordable_budget("ebitda_dollars"),
            ),
            Mistake(
                "This keeps 2025's operating costs flat. The exercise grows them 5%: x 1.05.",
                value=lambda: affordable_budget("no_growth"),
            ),
            *[
                Mistake(
                    lambda basis=basis: _both_years_message(basis),
                    value=lambda basis=basis: affordable_budget(
                        "right" if basis == "P&L margin" else basis, both_years=True
                    ),
                )
                for basis in MARGIN_BASES
            ],
        ],
        hints=[
            "Three parts, each for one year: the contribution 2026's target brings, less 2026's "
            "operating costs (2025's, grown 5%), less the profit to keep (EBITDA_2025 of the "
            "target: 2025's EBITDA margin). The "
            "margin must be measured on the same revenue as the target: P&L net revenue.",
            "pnl has 24 rows, one per month of 2024 and 2025: take the operating costs from "
            "year_2025 (2025's rows only), not from pnl's whole column. The margin on P&L net "
            "revenue is CM_2025.",
            "Skeleton: opex_2026 = year_2025['operating_expenses'].sum() * ___; "
            "affordable_budget = TARGET * ___ - opex_2026 - EBITDA_2025 * ___",
        ],
        passed=lambda v: (
            f"After costs and 2025's EBITDA margin, the business could afford about "
            f"{money(float(v))} of "
            "marketing, if the target is hit: a ceiling, not a plan."
        ),
    ),
    ValueExercise(
        id="5.9",
        title="the share of the plan spent in Q4",
        answer="q4_share",
        comparator=Number(what="a share between 0 and 1", rel_tol=1e-4),
        expected=q4_share,
        percent_is_mistake=True,
        mistakes=[
            Mistake(
                "This is last year's plan. Use plan_2026, the plan the model computes.",
                value=lambda: q4_share("last_year"),
            ),
            Mistake(
                "This is Q4's spend in dollars. A share divides it by the whole year's spend: "
                "plan_2026's own total over every month and channel.",
                value=lambda: float(plan_2026()[plan_2026().index.quarter == 4].to_numpy().sum()),
            ),
            Mistake(
                "This divides Q4's spend by last year's budget (LY_MEDIA). The share is of the "
                "plan itself: divide by plan_2026's own total.",
                value=lambda: float(
                    plan_2026()[plan_2026().index.quarter == 4].to_numpy().sum()
                    / model().last_year_spend.to_numpy().sum()
                ),
            ),
            Mistake(
                "This is Q4's share of the year's demand, a fair rule of thumb but not the plan. "
                "The model computes each month's money from its demand and its ad prices: compute "
                "the share from plan_2026's spend.",
                value=lambda: q4_share("demand"),
            ),
            Mistake(
                "This averages the channels' own Q4 shares, so a channel that spends little weighs "
                "as much as Meta. Add up first: all channels' spend in Q4 over all channels' spend "
                "in the year.",
                value=lambda: float(
                    (plan_2026()[plan_2026().index.quarter == 4].sum() / plan_2026().sum()).mean()
                ),
            ),
            *[
                Mistake(
                    lambda slip=slip: (
                        f"This is the share of {slip} "
                        f"({q4_share(slip):.1%}). Q4 is October to December: rows 9, 10 and 11 "
                        "counting from 0. With the months' totals, plan_2026.sum(axis=1), take "
                        ".iloc[9:12] (the end is left out), or keep the rows whose "
                        ".index.quarter == 4."
                    ),
                    value=lambda slip=slip: q4_share(slip),
                )
                for slip in Q4_SLIPS
            ],
        ],
        hints=[
            "First the spend of each month (all channels added up), then October to December's "
            "part of the year's total.",
            "plan_2026.sum() adds down each column: one total per channel. "
            "plan_2026.sum(axis=1) adds across each row: one total per month.",
            "Skeleton: by_month = plan_2026.sum(axis=1); "
            "q4_share = by_month.iloc[___:___].sum() / by_month.sum()",
        ],
        passed=lambda v: (
            f"{float(v):.0%} of the plan lands in Q4, against {q4_share('last_year'):.0%} last year: "
            "Q4's demand is high, but so are its prices."
        ),
    ),
    ValueExercise(
        id="5.10",
        title="the plan's gap in the downside",
        answer="downside_gap",
        comparator=Number(what="one number of dollars, the gap", rel_tol=1e-4),
        expected=downside_gap,
        mistakes=[
            Mistake(
                "This is the base case's gap. Evaluate the same plan with "
                "planning.SCENARIOS['downside'].",
                value=lambda: downside_gap("base"),
            ),
            Mistake(
                "This is the upside. Use planning.SCENARIOS['downside'].",
                value=lambda: downside_gap("upside"),
            ),
            Mistake(
                "This re-plans for the downside. The question asks what the plan you commit to "
                "(plan_2026) delivers if the downside happens: evaluate plan_2026 with the "
                "downside's assumptions.",
                value=lambda: downside_gap("replanned"),
            ),
            Mistake(
                "This evaluates model.best_budget(), a plan that keeps TV. The plan you commit "
                "to is plan_2026 (made without TV, Section 5): evaluate plan_2026 with the "
                "downside's assumptions.",
                value=lambda: downside_gap("with_tv"),
            ),
            *[
                Mistake(
                    f"This is the gap of {plan}, not of the plan you commit to. Evaluate "
                    "plan_2026 with the downside's assumptions.",
                    value=lambda kind=kind: downside_gap(kind),
                )
                for kind, plan in (
                    ("last_year", "last year's plan (model.last_year_spend)"),
                    ("best_split", "last year's money split the best way"),
                )
            ],
        ],
        hints=[
            "Keep the plan; change the world: evaluate plan_2026 with the downside's assumptions "
            "and read its gap.",
            "planning.SCENARIOS['downside'] holds the downside's assumptions (the name alone, "
            "'downside', is not enough). evaluate returns a dict: read 'gap' after the call.",
            "Skeleton: downside_gap = model.evaluate(___, planning.SCENARIOS[___])['___']",
        ],
        passed=lambda v: (
            f"In the downside the same plan falls {money(float(v))} short of the target: say so "
            "before the year starts, with what you would do."
        ),
    ),
]


def plan_builder():
    from .. import widgets

    return widgets.plan_builder(model(), last_year_budget())


EXPLORERS = (
    Demo(
        "builder",
        "Build next year's media plan",
        "Move the budget, the split and the scenario. Ask: where does the next dollar stop "
        "paying, where does the gap to business development's target close, and what happens to "
        "both if momentum slows?",
        plan_builder,
    ),
)


def _closing_cost() -> float:
    """The two-year contribution after media that closing the gap gives up (the extra dollars
    return less than they cost)."""
    return plan_outcome()["profit"] - closing_outcome()["profit"]


def _closing_return() -> float:
    extra = closing_budget() - plan_outcome()["spend"]
    gained = closing_outcome()["two_year_contribution"] - plan_outcome()["two_year_contribution"]
    return gained / extra


def _cut_off() -> dict:
    """What the plan's cut-off of 1, rather than 1.05, adds (``PlanModel.between_bars``)."""
    return no_tv().between_bars(1.05, 1.0)


def _month_spend(row: int) -> float:
    return float(plan_2026().sum(axis=1).iloc[row])


def _q4(plan: pd.DataFrame) -> float:
    by_month = plan.sum(axis=1)
    return float(by_month[by_month.index.quarter == 4].sum() / by_month.sum())


# Every figure the lesson's text states (prose and model answer), as the text writes it.
def _without_units() -> planning.PlanModel:
    """The plan model as if every medium were sold by the dollar (no minimum buys)."""
    m = model().without()
    m.minimum_buys = m.minimum_buys * 0.0
    return m


def _best_average_at_minimum(channel: str) -> float:
    """The best month's average return on ``channel``'s minimum buy, in the base case."""
    unit = float(model().minimum_buys[channel])
    curves = [
        c for m in range(12) for c in model().month_curves(m) if c.name.split("|")[0] == channel
    ]
    return max(float(c.contribution(unit)) / unit for c in curves)


FACTS = {
    "third year: 2023's customers kept": Fact(
        lambda: third_year_analogue()["kept"], "kept {:.0%}", scale=1.0
    ),
    "third year: 2023's customers' net revenue in 2024": Fact(
        lambda: third_year_analogue()["revenue_second_year"], "{:.2f}M in 2024", scale=1e6
    ),
    "third year: 2023's customers' net revenue in 2025": Fact(
        lambda: third_year_analogue()["revenue_third_year"], "{:.2f}M in 2025", scale=1e6
    ),
    "third year: 2023's customers' drift in their second year": Fact(
        lambda: third_year_analogue()["drift_2023"], "{:.2f}: no drift"
    ),
    "third year: 2024's customers' drift in 2025": Fact(
        lambda: third_year_analogue()["drift_2024"], "fell to {:.2f}"
    ),
    "third year: drift by first quarter, least": Fact(
        lambda: drift_by_first_quarter().min(), "({:.2f} to", scale=1.0
    ),
    "third year: drift by first quarter, most": Fact(
        lambda: drift_by_first_quarter().max(), "{:.2f})", scale=1.0
    ),
    "third year: the base if 2024's customers kept as 2023's did": Fact(
        lambda: third_year_analogue()["base_higher_by"], "{:.2f}M higher", 1e6
    ),
    "target growth": Fact(lambda: target() / last_year_revenue() - 1, "{:.0%}"),
    "target": Fact(target, "{:.2f}M", scale=1e6),
    "new customers' growth the target needs": Fact(
        lambda: new_customers_needed() / new_customers_last_year() - 1, "{:.0%}"
    ),
    "new customers needed": Fact(lambda: round(new_customers_needed(), -2), "{:,.0f}"),
    "base revenue 2026": Fact(base_2026, "{:.1f}M", scale=1e6),
    "plan: expected revenue": Fact(lambda: plan_outcome()["expected_revenue"], "{:.1f}M", 1e6),
    "plan: growth it delivers": Fact(
        lambda: plan_outcome()["expected_revenue"] / last_year_revenue() - 1, "+{:.0%}"
    ),
    "plan: gap": Fact(lambda: plan_outcome()["gap"], "{:.2f}M", scale=1e6),
    # a lower target both plans reach: this plan's growth or Module 06's staged plan's, the lower
    "step-ups capped (Module 06): growth": Fact(
        lambda: (
            min(
                _capstone().example_summary()["expected net revenue"],
                plan_outcome()["expected_revenue"],
            )
            / last_year_revenue()
            - 1
        ),
        "+{:.0%}, which Module 06's",
    ),
    "third year: the base's top of the range, in the answer": Fact(
        lambda: third_year_analogue()["base_higher_by"], "up to ${:.2f}M more", 1e6
    ),
    "step-ups capped (Module 06): gap": Fact(
        lambda: _capstone().example_summary()["gap to the revenue target"], "{:.2f}M", 1e6
    ),
    "plan: paid media": Fact(lambda: plan_outcome()["spend"], "{:.2f}M", scale=1e6),
    "plan: cut on 2025": Fact(lambda: 1 - plan_outcome()["spend"] / last_year_budget(), "{:.0%}"),
    "plan: two-year contribution": Fact(
        lambda: plan_outcome()["two_year_contribution"], "{:.2f}M", scale=1e6
    ),
    "plan: profit": Fact(lambda: plan_outcome()["profit"], "{:.2f}M", scale=1e6),
    "cut-off 1.05 to 1: extra spend": Fact(lambda: _cut_off()["spend"], "{:.2f}M", scale=1e6),
    "cut-off 1.05 to 1: after media": Fact(lambda: _cut_off()["profit"], "{:.0f}k", scale=1e3),
    "cut-off 1.05 to 1: gap closed": Fact(lambda: _cut_off()["gap_closed"], "{:.2f}M", 1e6),
    "print's minimum buy": Fact(
        lambda: model().minimum_buys["print"],
        "{:.1f}k for a print insertion in a niche or regional title",
        scale=1e3,
    ),
    "posters' minimum buy": Fact(
        lambda: model().minimum_buys["out_of_home"], "{:.1f}k for a four-week posting", scale=1e3
    ),
    "print on its curve alone, a year": Fact(
        lambda: _without_units().without("tv").best_budget()["print"].sum(),
        "{:.0f}k over the year",
        scale=1e3,
    ),
    "print's months in the plan": Fact(
        lambda: float((plan_2026()["print"] > 0).sum()), "runs a page in {:.0f} of the 12 months"
    ),
    "posters' best month at a posting": Fact(
        lambda: 100 * _best_average_at_minimum("out_of_home"), "at most {:.0f} cents a dollar"
    ),
    "the base case's rise in digital ad prices": Fact(
        lambda: model().price_growth, "{:.0%} dearer than 2025's", scale=1.0
    ),
    "December: plan spend": Fact(lambda: _month_spend(11), "{:.0f}k", scale=1e3),
    "November: plan spend": Fact(lambda: _month_spend(10), "{:.0f}k", scale=1e3),
    "October: plan spend": Fact(lambda: _month_spend(9), "{:.0f}k", scale=1e3),
    "July: plan spend": Fact(lambda: _month_spend(6), "{:.0f}k", scale=1e3),
    "July: what a dollar finds": Fact(
        lambda: float(model().demand_over_price.iloc[6]) - 1, "+{:.0%}, the year's best"
    ),
    "upside: momentum": Fact(lambda: planning.SCENARIOS["upside"].momentum, "{:.1f}"),
    "plan: Q4 share": Fact(lambda: _q4(plan_2026()), "Q4 gets {:.0%}"),
    "2025: Q4 share": Fact(lambda: _q4(model().last_year_spend), "not {:.0%}"),
    "momentum": Fact(
        lambda: planning.non_paid_growth(
            datasets.load("customers"),
            YEAR,
            planning.recorded_shares(datasets.truth("paid_media_daily")),
        ),
        "{:.0%} in",
    ),
    "paid momentum": Fact(paid_momentum, "{:.0%} more"),
    "momentum's worth": Fact(momentum_worth, "{:.1f}M", scale=1e6),
    "momentum stops: gap": Fact(momentum_stops_gap, "{:.1f}M", scale=1e6),
    "momentum stops: revenue": Fact(
        lambda: outcome_with(plan_2026(), MOMENTUM_STOPS)["expected_revenue"],
        "revenue is ${:.1f}M",
        scale=1e6,
    ),
    "2025's revenue": Fact(last_year_revenue, "(2025: ${:.1f}M)", scale=1e6),
    "downside gap": Fact(lambda: downside_gap(), "{:.1f}M", scale=1e6),
    "upside: above the target": Fact(lambda: -downside_gap("upside"), "{:.1f}M", scale=1e6),
    "closing the gap: extra media": Fact(
        lambda: closing_budget() - plan_outcome()["spend"], "{:.2f}M", scale=1e6
    ),
    "closing the gap: return": Fact(lambda: 100 * _closing_return(), "{:.0f} cents"),
    "closing the gap: cost": Fact(lambda: _closing_cost(), "{:.0f}k", scale=1e3),
    "2025's EBITDA margin": Fact(target_ebitda_margin, "{:.1%}"),
    "PR retainer, half a year": Fact(pr_retainer, "{:.0f}k", scale=1e3),
    "gifting: LinkedIn leads": Fact(lambda: round(gifting()["leads_needed"], -2), "{:,.0f}"),
    "gifting: LinkedIn budget": Fact(lambda: gifting()["budget"], "{:.0f}k", scale=1e3),
    "gifting: contribution per lead": Fact(
        lambda: gifting()["contribution_per_lead"], "{:.0f} of contribution"
    ),
    "gifting: LinkedIn's win rate": Fact(lambda: gifting()["win_rate"], "{:.1%}"),
    "gifting: LinkedIn's win rate, 2024's leads": Fact(lambda: linkedin_win_rate(2024), "{:.1%}"),
    "gifting: other sources' win rate": Fact(lambda: gifting()["other_win_rate"], "{:.1%}"),
    "gifting: average cost per lead": Fact(lambda: gifting()["cost_per_lead"], "{:.2f}"),
    "gifting: the last lead's cost": Fact(lambda: gifting()["marginal_cost"], "{:.0f}"),
    "gifting: Module 01's deal contribution a lead": Fact(
        lambda: _finance().linkedin()["value_per_lead"], "{:.0f} a lead from"
    ),
    "gifting: Module 01's bar an opportunity": Fact(
        lambda: round(_finance().linkedin()["sales_cost_break_even"], -1), "{:.0f} an opportunity"
    ),
    "gifting: sample box": Fact(lambda: gifting()["sample_cost"], "{:.0f}"),
    "gifting: worth after selling": Fact(lambda: gifting()["worth_per_lead"], "{:.0f} after"),
    "direct mail as bought: its next dollar": Fact(
        lambda: float(model().last_year_as_bought.at["direct_mail", "marginal_return"]),
        "returned {:.2f}, not",
    ),
    "direct mail, spread over the months: its next dollar": Fact(
        lambda: float(last_year_outcome()["marginal_return"]["direct_mail"]), "the chart's {:.2f}"
    ),
    "direct mail as bought: cost per customer": Fact(
        lambda: float(model().last_year_as_bought.at["direct_mail", "cost_per_customer"]),
        "{:.2f} each",
    ),
    "direct mail: the plan's spend": Fact(
        lambda: mail_retiming()["plan spend"], "mails about ${:.0f}k", scale=1e3
    ),
    "direct mail: the plan's spend under 2025's": Fact(
        lambda: 100 * (1 - mail_retiming()["plan spend"] / mail_retiming()["2025 spend"]),
        "{:.0f}% less than 2025",
    ),
    **{
        f"direct mail: the plan's money in {name} drops": Fact(
            lambda n=name: round(mail_retiming()[f"{n} customers"], -1), fmt
        )
        for name, fmt in (
            ("weekly", "would have found about {:,.0f} customers"),
            ("monthly", "in monthly drops about {:,.0f}"),
            ("quarterly", "in quarterly drops about {:,.0f}"),
        )
    },
    "direct mail: 2025's customers as bought": Fact(
        lambda: round(mail_retiming()["2025 customers"], -1), "2025's three drops found {:,.0f}"
    ),
    "radio: the plan's spend": Fact(
        lambda: radio_schedule()["plan spend"], "{:.0f}k over the year", scale=1e3
    ),
    "radio: 2025's cost per point": Fact(
        lambda: radio_schedule()["cost per point"], "{:.0f} a point"
    ),
    "radio: the plan's GRPs a week": Fact(
        lambda: radio_schedule()["plan GRPs a week"], "about {:.1f} GRPs a week, always on"
    ),
    "radio: 2025's GRPs": Fact(lambda: radio_schedule()["2025 GRPs"], "ran {:.0f} GRPs"),
    "radio: 2025's weeks on air": Fact(
        lambda: radio_schedule()["2025 weeks on air"], "over {:.0f} weeks on air"
    ),
    "radio: 2025's GRPs a week on air": Fact(
        lambda: radio_schedule()["2025 GRPs a week on air"], "({:.0f} a week)"
    ),
    "direct mail: the plan's smallest month": Fact(
        lambda: mail_drops()["least spend"], "{:.1f}k-", scale=1e3
    ),
    "direct mail: the plan's biggest month": Fact(
        lambda: mail_drops()["most spend"], "{:.1f}k a month", scale=1e3
    ),
    "direct mail: catalogues in the smallest month": Fact(
        lambda: round(mail_drops()["least pieces"], -2), "about {:,.0f}-"
    ),
    "direct mail: catalogues in the biggest month": Fact(
        lambda: round(mail_drops()["most pieces"], -2), "{:,.0f} catalogues"
    ),
    "TV as bought: its next dollar": Fact(
        lambda: float(model().last_year_as_bought.at["tv", "marginal_return"]),
        "flights, returned {:.2f}",
    ),
    "gifting: leads at one win rate for every source (Exercise 5.3)": Fact(
        lambda: planning.gifting_leads_needed(
            gifting()["revenue_target"],
            gifting()["deal_size"],
            gifting()["win_rate"],
            gifting()["lead_to_opportunity"],
            gifting()["other_opportunities"],
        ),
        "asks for {:,.0f} leads",
    ),
    "gifting: leads, each source at its own win rate": Fact(
        lambda: gifting()["leads_needed"], "the plan needs {:,.0f}."
    ),
    "affordable: less at new customers' margin (Module 06)": Fact(
        affordable_at_new_customers_margin, "about ${:.0f}k off it", 1e3
    ),
    "gifting: the reorder rate at which the last lead pays": Fact(
        # rounded up: a rate rounded down would leave the last lead just short of paying
        lambda: math.ceil(reorder_break_even() * 100) / 100,
        "If {:.0%} of the accounts",
        scale=1.0,
    ),
    "gifting: loss on the leads": Fact(gifting_loss, "{:.0f}k", scale=1e3),
    "gifting: break-even selling cost": Fact(last_lead_break_even_selling_cost, "{:.0f}"),
    "gifting: the first lead's cost": Fact(lambda: gifting()["first_lead_cost"], "{:.2f}"),
    "gifting: the last lead's loss": Fact(
        lambda: gifting()["marginal_cost"] - gifting()["worth_per_lead"], "{:.0f}"
    ),
    "gifting: middle commission": Fact(lambda: COMMISSIONS[1], "{:.1%}", scale=1.0),
    "gifting: worth at 5%": Fact(lambda: gifting_at(COMMISSIONS[0])["worth_per_lead"], "{:.1f}"),
    "gifting: worth at 7.5%": Fact(lambda: gifting_at(COMMISSIONS[1])["worth_per_lead"], "{:.1f}"),
    "gifting: worth at 10%": Fact(lambda: gifting()["worth_per_lead"], "{:.1f}"),
    "gifting: leads at 5%": Fact(lambda: leads_after_media(COMMISSIONS[0]), "+${:.1f}k", 1e3),
    "gifting: loss at 7.5%": Fact(lambda: -leads_after_media(COMMISSIONS[1]), "-${:.0f}k", 1e3),
    "gifting: break-even commission": Fact(break_even_commission, "{:.1%}"),
    "gifting: the commission at which the leads pay their media": Fact(
        leads_pay_commission, "a commission of {:.1%} or less"
    ),
    "gifting: the second half's cost per lead": Fact(second_half_cost_per_lead, "{:.0f} a lead"),
    "gifting: the commission at which the second half pays": Fact(
        second_half_pays_commission, "a commission of {:.1%} or less"
    ),
    "2025's online refund share": Fact(online_refund_share, "{:.1%}"),
    "first-order margin, before refunds": Fact(
        lambda: margin("first-order margin"), "`FIRST_ORDER_MARGIN` ({:.1%}, Module 03's"
    ),
    "break-even ROAS on the first-order margin": Fact(
        lambda: 1 / margin("first-order margin"), "break-even ROAS of {:.2f}"
    ),
    "roll-out after returns: low": Fact(lambda: rollout_after_returns("low"), "{:.1f}M-", 1e6),
    "roll-out after returns: high": Fact(lambda: rollout_after_returns("high"), "{:.1f}M", 1e6),
    "roll-out before returns: low": Fact(
        lambda: rollout_after_returns("low") / (1 - online_refund_share()), "{:.1f}M-", 1e6
    ),
    "roll-out before returns: high": Fact(
        lambda: rollout_after_returns("high") / (1 - online_refund_share()), "{:.1f}M", 1e6
    ),
    "July: finance's seasonality index": Fact(
        lambda: inputs()["seasonality_index"].iloc[6], "{:.2f}"
    ),
    "July: 2025's online sales": Fact(july_sales, "{:.2f} of an average month"),
    "July: how ads respond": Fact(lambda: model().demand[6], "{:.3f}"),
    "July: a new customer's first order against the year's": Fact(
        lambda: -float(model().first_order_shift.at[6, "contribution"]), "{:.2f} less contribution"
    ),
    "December: a new customer's first order against the year's": Fact(
        lambda: -float(model().first_order_shift.at[11, "contribution"]), "{:.2f} less in December"
    ),
    "hurdle 1.05: gap": Fact(hurdle_gap, "{:.1f}M", scale=1e6),
}
# Numbers in the text that are not data: worked examples by hand, rules of thumb and the
# exercises' own inputs (a 10% shock, 5% growth), the horizon, the word limits, a citation's year.
TEXT_CONSTANTS = (
    # base by hand
    "1,000,000",
    "80",
    "500,000",
    "30",
    "0.8",
    "0.3",
    "200,000",
    "0.4",
    "1,030,000",
    # gifting by hand
    "720,000",
    "5,000",
    "25",
    "0.25",
    "576",
    "240",
    "336",
    "35",
    "0.35",
    "960",
    # break-even, horizons, the exercises' inputs
    "1",
    "12",
    "24",
    "10",
    "1.05",
    "1.10",
    "0.1",
    "5",
    # pandas positions counted from 0 (Exercises 5.5 and 5.9): October to December are 9 to 11
    "0",
    "9",
    "11",
    # Binet and Field; Gartner
    "60",
    "40",
    "46",
    "54",
    "7.7",
    # word limits; a citation
    "150",
    "200",
    "300",
    "350",
    "1990",
    # a cost of money of 5-8% a year
    "8",
    # a local radio flight's usual weight, 50-150 GRPs a week (150 is a word limit above too)
    "50",
)

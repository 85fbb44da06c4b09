"""Next year's revenue built from the customers (the base the company has, what a new customer
brings), and business development's gifting target turned into the leads marketing must bring."""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import pandas as pd

from ..finance import order_contribution

# --------------------------------------------------------------------------------------------
# Revenue built from the customers: the base you have, and the new customers you add
# --------------------------------------------------------------------------------------------


_FIRST_DATES: dict[tuple[int, int], tuple[weakref.ref, weakref.ref, int, int, pd.Series]] = {}


def _first_order_dates(orders: pd.DataFrame, customers: pd.DataFrame) -> pd.Series:
    """Each order's customer's first order date (a lookup, aligned with ``orders``; NaT for a
    customer ``customers`` lacks). The lookup is kept for the same two tables (the same objects,
    of the same lengths), which the planning functions ask for several times over."""
    key = (id(orders), id(customers))
    kept = _FIRST_DATES.get(key)
    if kept and kept[0]() is orders and kept[1]() is customers:
        if (kept[2], kept[3]) == (len(orders), len(customers)):
            return kept[4].copy()
    first = customers.drop_duplicates("customer_id").set_index("customer_id")["first_order_date"]
    dates = orders["customer_id"].map(first).rename("first_order_date")
    for stale in [k for k, v in _FIRST_DATES.items() if v[0]() is None or v[1]() is None]:
        del _FIRST_DATES[stale]
    _FIRST_DATES[key] = (
        weakref.ref(orders),
        weakref.ref(customers),
        len(orders),
        len(customers),
        dates,
    )
    return dates.copy()


def revenue_by_cohort(orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Net revenue by order year (rows) and the year customers first bought (columns; earlier
    years together under the first year of the data minus one)."""
    start = int(orders["order_date"].dt.year.min())
    cohort = _first_order_dates(orders, customers).dt.year.clip(lower=start - 1)
    net = orders["revenue"] - orders["refund"]
    table = net.groupby([orders["order_date"].dt.year, cohort]).sum().unstack()
    table.index.name, table.columns.name = "order_year", "first_year"
    return table


def revenue_curve(orders: pd.DataFrame, customers: pd.DataFrame, year: int) -> pd.Series:
    """Net revenue per new customer of ``year``, by month since the first order (0 = the month
    of the first order), over twelve months: what a new customer brings, month by month. The
    orders must run at least a year past ``year`` (every customer observed twelve months)."""
    if orders["order_date"].max() < pd.Timestamp(year + 1, 11, 30):
        raise ValueError(f"new customers of {year} are not yet observed for twelve months")
    cohort = customers[customers["first_order_date"].dt.year == year]
    joined = orders.merge(cohort[["customer_id", "first_order_date"]], on="customer_id")
    months = (joined["order_date"].dt.year - joined["first_order_date"].dt.year) * 12 + (
        joined["order_date"].dt.month - joined["first_order_date"].dt.month
    )
    net = (joined["revenue"] - joined["refund"]).groupby(months).sum()
    curve = net.reindex(range(12), fill_value=0.0) / len(cohort)
    curve.index.name = "months_since_first_order"
    return curve


def base_rates(table: pd.DataFrame, year: int) -> pd.Series:
    """The two rates behind next year's base, read from a ``revenue_by_cohort`` table:

    - ``keep``: how much of its revenue the settled base (customers from before the data's first
      year) brought again the next year: ``year``'s revenue over ``year - 1``'s;
    - ``second_year``: what last year's new customers brought in their second calendar year
      over their first (``year``'s new customers will do the same next year)."""
    start = int(table.index.min())
    if year - 1 < start:
        raise ValueError(f"a base forecast needs {year - 1} and {year} in the orders")
    return pd.Series(
        {
            "keep": table.loc[year, start - 1] / table.loc[year - 1, start - 1],
            "second_year": table.loc[year, year - 1] / table.loc[year - 1, year - 1],
        }
    )


def half_year_drift(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    year: int,
    cohort: int | None = None,
    first_months: Sequence[int] | None = None,
) -> float:
    """How fast ``cohort``'s customers (by their first order's year; ``year - 1`` by default)
    drift away within ``year``: their second half's net revenue over their first half's, divided
    by the same ratio for every customer who came before them (which takes the season out). 1.0:
    they hold up like the older customers; below 1, they are still leaving. ``first_months``:
    only the cohort's customers whose first order fell in those months (1-12), to see whether
    the drift slows as customers age."""
    cohort = year - 1 if cohort is None else cohort
    dates = _first_order_dates(orders, customers)
    in_year = orders["order_date"].dt.year == year
    net = (orders["revenue"] - orders["refund"])[in_year]
    late = orders.loc[in_year, "order_date"].dt.month > 6
    first, month = dates.dt.year[in_year], dates.dt.month[in_year]
    ours = first == cohort
    if first_months is not None:
        ours &= month.isin(list(first_months))

    def second_over_first_half(group: pd.Series) -> float:
        return float(net[group & late].sum() / net[group & ~late].sum())

    return second_over_first_half(ours) / second_over_first_half(first < cohort)


def cohort_year_over_year(
    orders: pd.DataFrame, customers: pd.DataFrame, cohort: int, year: int
) -> float:
    """What the customers who first bought in ``cohort`` spent in ``year`` over ``year - 1``
    (net revenue)."""
    first = _first_order_dates(orders, customers).dt.year
    net = (orders["revenue"] - orders["refund"])[first == cohort]
    by_year = net.groupby(orders.loc[first == cohort, "order_date"].dt.year).sum()
    if year - 1 not in by_year.index or year not in by_year.index:
        raise ValueError(
            f"the orders hold no revenue of {cohort}'s customers in {year - 1} or {year}"
        )
    return float(by_year[year] / by_year[year - 1])


def first_order_shift(orders: pd.DataFrame, customers: pd.DataFrame, year: int) -> pd.DataFrame:
    """What the first order of a customer won in each month of ``year`` left, beyond the year's
    average first order: its contribution and its net revenue (a row per month, 0 = January).
    A sale month's new customers start on a discounted basket, so each is worth less."""
    first = customers.set_index("customer_id")["first_order_date"]
    first = first[first.dt.year == year]
    columns = [
        "customer_id",
        "order_date",
        "revenue",
        "refund",
        "cogs",
        "shipping_cost",
        "payment_fee",
    ]
    dates = orders["order_date"]
    wanted = (dates >= pd.Timestamp(year, 1, 1)) & (dates < pd.Timestamp(year + 1, 1, 1))
    wanted &= orders["customer_id"].isin(first.index)
    in_year = orders.loc[wanted, columns]
    firsts = in_year[in_year["order_date"] == in_year["customer_id"].map(first)]
    firsts = firsts.drop_duplicates("customer_id")
    if firsts.empty:
        raise ValueError(f"there are no first orders in {year} to read the months from")
    table = pd.DataFrame(
        {
            "contribution": order_contribution(firsts).to_numpy(),
            "revenue": (firsts["revenue"] - firsts["refund"]).to_numpy(),
            "month": firsts["order_date"].dt.month.to_numpy() - 1,
        }
    )
    by_month = table.groupby("month")[["contribution", "revenue"]].mean().reindex(range(12))
    return (by_month - table[["contribution", "revenue"]].mean()).fillna(0.0)


def third_year_rate(orders: pd.DataFrame, customers: pd.DataFrame, year: int) -> float:
    """An estimate of what ``year - 1``'s new customers will bring in their third calendar year
    (``year + 1``) over their second (``year``). Two years of orders show no third year of theirs,
    so it is read from the cohort's decline within ``year`` (``half_year_drift``): what it loses
    in six months beyond what the settled base loses, squared for a year, times the settled
    base's keep rate. An estimate: a cohort's decline slows as it ages (its least loyal customers
    leave first), so it is on the cautious side."""
    keep = base_rates(revenue_by_cohort(orders, customers), year)["keep"]
    return float(keep * half_year_drift(orders, customers, year) ** 2)


def base_revenue_next_year(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    year: int,
    retention: float = 1.0,
    third_year: float | None = None,
) -> pd.Series:
    """Next year's net revenue, by month, from the customers the company already has, in three
    groups:

    - the settled base, customers from before ``year - 1``: it keeps buying at the rate it did
      this year (``base_rates``' keep);
    - ``year - 1``'s new customers, in their third calendar year next year: at ``third_year``
      (by default estimated from the data: ``third_year_rate``);
    - ``year``'s own new customers bring their second year, at the rate last year's new
      customers did (``second_year``).

    ``retention`` scales all three (1.1: a tenth more of the base stays). Months follow this
    year's pattern of the base's revenue."""
    table = revenue_by_cohort(orders, customers)
    rates = base_rates(table, year)
    if third_year is None:
        third_year = third_year_rate(orders, customers, year)
    settled = table.loc[year, table.columns < year - 1].sum()
    total = (
        settled * rates["keep"]
        + table.loc[year, year - 1] * third_year
        + table.loc[year, year] * rates["second_year"]
    ) * retention
    first = _first_order_dates(orders, customers)
    existing = (orders["order_date"].dt.year == year) & (first.dt.year < year)
    net = (orders["revenue"] - orders["refund"])[existing]
    pattern = net.groupby(orders.loc[existing, "order_date"].dt.month).sum()
    pattern = pattern.reindex(range(1, 13), fill_value=0.0)
    return pd.Series(total * pattern / pattern.sum(), index=range(1, 13), name="base_revenue")


# --------------------------------------------------------------------------------------------
# Corporate gifting: the leads marketing must bring, and what LinkedIn costs for them
# --------------------------------------------------------------------------------------------


def pipeline_targets(
    revenue: float, deal_size: float, win_rate: float, lead_to_opportunity: float
) -> pd.Series:
    """A sales team's funnel for a revenue target: deals = revenue / deal size; opportunities =
    deals / win rate; pipeline (dollars of open opportunities) = revenue / win rate; leads =
    opportunities / lead-to-opportunity rate."""
    if deal_size <= 0 or not 0 < win_rate <= 1 or not 0 < lead_to_opportunity <= 1:
        raise ValueError("deal size must be positive, and the two rates fractions above zero")
    deals = revenue / deal_size
    opportunities = deals / win_rate
    return pd.Series(
        {
            "deals": deals,
            "opportunities": opportunities,
            "pipeline": revenue / win_rate,
            "leads": opportunities / lead_to_opportunity,
        }
    )


# What working an opportunity costs business development, beyond the deal's own costs (an
# assumption: the CRM holds no selling costs). A commission on each deal won: B2B sales
# commissions run about 5-10% of a deal's value, about 10% at scale (CaptivateIQ and Kennect,
# B2B sales commission benchmarks, 2024). And one sample gift box sent per opportunity, costed as
# an average online order's product and shipping (``orders``).
GIFTING_COMMISSION = 0.10


def gifting_leads_needed(
    revenue: float,
    deal_size: float,
    win_rate: float,
    lead_to_opportunity: float,
    other_opportunities: float = 0.0,
    other_win_rate: float | None = None,
) -> float:
    """The leads marketing must bring for a gifting revenue target: the opportunities the target
    needs (revenue / deal size / win rate), less those business development's own sources bring,
    over the share of leads that become opportunities.

    ``other_win_rate``: when the other sources' opportunities win at a rate of their own, they
    bring other_opportunities x other_win_rate of the deals, and marketing's leads the rest at
    ``win_rate`` (by default both win at ``win_rate``, and the two readings agree)."""
    if deal_size <= 0 or not 0 < win_rate <= 1 or not 0 < lead_to_opportunity <= 1:
        raise ValueError("deal size must be positive, and the two rates fractions above zero")
    if other_win_rate is None:
        other_win_rate = win_rate
    if not 0 <= other_win_rate <= 1:
        raise ValueError("the other sources' win rate must be a fraction")
    deals = revenue / deal_size - other_opportunities * other_win_rate
    return max(0.0, deals) / win_rate / lead_to_opportunity


def linkedin_leads_for(spend: float, gifting: pd.Series) -> float:
    """The gifting leads a year's LinkedIn ``spend`` brings, on the saturating curve
    ``gifting_funnel`` fits: leads = rate x spend / (1 + spend / half_sat)."""
    if spend < 0:
        raise ValueError("LinkedIn's spend cannot be negative")
    rate, half_sat = float(gifting["leads_per_dollar"]), float(gifting["leads_half_sat"])
    return rate * spend / (1 + spend / half_sat)


def linkedin_spend_for(leads: float, gifting: pd.Series) -> float:
    """The year's LinkedIn spend that brings ``leads`` on the curve (``linkedin_leads_for``
    solved for the spend); infinite past what the curve can bring."""
    rate, half_sat = float(gifting["leads_per_dollar"]), float(gifting["leads_half_sat"])
    room = rate - leads / half_sat
    return leads / room if room > 0 else float("inf")


def linkedin_marginal_cost(leads: float, gifting: pd.Series) -> float:
    """What the next lead costs once LinkedIn brings ``leads`` a year: one over the curve's
    slope there, (1 + spend / half_sat)^2 / rate. Above the average cost per lead, and rising."""
    spend = linkedin_spend_for(leads, gifting)
    return (1 + spend / float(gifting["leads_half_sat"])) ** 2 / float(gifting["leads_per_dollar"])


def gifting_funnel(
    leads: pd.DataFrame,
    spend: pd.DataFrame,
    inputs: pd.DataFrame,
    year: int = 2025,
    orders: pd.DataFrame | None = None,
    linkedin_half_sat: float | None = None,
    commission: float = GIFTING_COMMISSION,
) -> pd.Series:
    """The gifting plan from business development's targets and the CRM (``gifting_leads``):

    - ``revenue_target``: business development's; ``plan_win_rate``: the win rate its pipeline
      target plans on (revenue target over pipeline target);
    - the rates, read on the leads old enough to have closed (created before October of
      ``year``: a later lead may still become a deal, as Module 01 reads them):
      ``lead_to_opportunity`` and ``win_rate``, LinkedIn's own; ``other_win_rate``, the other
      sources' (referrals, trade shows, the website's form);
    - ``deal_size`` and ``deal_margin``: the average won deal in the CRM and its contribution;
    - ``other_opportunities``: the opportunities the other sources opened in ``year``, assumed to
      repeat, each winning at ``other_win_rate``;
    - ``leads_needed``: the LinkedIn leads the target needs (``gifting_leads_needed``);
    - ``cost_per_lead``: LinkedIn's spend in ``year`` over its leads (the average);
      ``leads_per_dollar`` and ``leads_half_sat``: a saturating curve through that year's point,
      leads = rate x spend / (1 + spend / half_sat), whose half-saturation is LinkedIn's own
      response curve's (``paid_media_daily``'s truth, a year of steady daily spend): the CRM's
      months alone show no curve, so the leads are assumed to saturate as LinkedIn's audience
      does. ``budget``: the spend that brings the leads needed on it; ``marginal_cost``: what
      the last of them costs; ``first_lead_cost``: what the first lead costs, one over the
      curve's slope at zero (if even it costs more than a lead is worth, the rule funds nothing);
    - ``contribution_per_lead``: what a LinkedIn lead is worth before selling costs, lead to
      opportunity x win rate x deal size x deal margin;
    - ``selling_cost_per_opportunity``: a sample box (an average online order's product and
      shipping in ``year``) plus the commission on the deals an opportunity wins
      (``commission`` x win rate x deal size; ``GIFTING_COMMISSION`` unless business development
      gives its own rate); ``worth_per_lead``: the lead's contribution after it. A lead pays
      while its cost is below ``worth_per_lead``."""
    if not 0 <= commission < 1:
        raise ValueError("the commission is a fraction of the deal's value")
    linkedin = leads[leads["source"] == "linkedin_ads"]
    won = leads[leads["won_date"].notna()]
    in_year = leads["created_date"].dt.year == year
    settled = leads[leads["created_date"] < pd.Timestamp(year, 10, 1)]
    settled_opportunities = settled[settled["opportunity_date"].notna()]
    from_linkedin = settled["source"] == "linkedin_ads"
    other = leads[in_year & (leads["source"] != "linkedin_ads")]
    revenue = float(inputs["gifting_revenue_target"].sum())
    plan_win_rate = revenue / float(inputs["gifting_pipeline_target"].sum())
    deal_size = float(won["deal_value"].mean())
    deal_margin = float(won["deal_contribution"].sum() / won["deal_value"].sum())
    to_opportunity = float(settled.loc[from_linkedin, "opportunity_date"].notna().mean())
    is_won = settled_opportunities["won_date"].notna()
    by_linkedin = settled_opportunities["source"] == "linkedin_ads"
    win_rate = float(is_won[by_linkedin].mean())
    other_win_rate = float(is_won[~by_linkedin].mean())
    other_opportunities = float(other["opportunity_date"].notna().sum())
    linkedin_spend = spend[(spend["channel"] == "linkedin") & (spend["month"].dt.year == year)]
    year_spend = float(linkedin_spend["actual"].sum())
    year_leads = int((linkedin["created_date"].dt.year == year).sum())
    if linkedin_half_sat is None:
        from .. import datasets

        daily = datasets.truth("paid_media_daily")["response_curves"]["linkedin"]["half_sat"]
        linkedin_half_sat = float(daily) * 365
    if orders is None:
        from .. import datasets

        orders = datasets.load("orders")
    online = orders[(orders["order_date"].dt.year == year) & (orders["sales_channel"] == "online")]
    sample = float((online["cogs"] + online["shipping_cost"]).mean())
    needed = gifting_leads_needed(
        revenue, deal_size, win_rate, to_opportunity, other_opportunities, other_win_rate
    )
    curve = pd.Series(
        {
            "leads_per_dollar": year_leads / year_spend * (1 + year_spend / linkedin_half_sat),
            "leads_half_sat": linkedin_half_sat,
        }
    )
    per_lead = to_opportunity * win_rate * deal_size * deal_margin
    selling = sample + commission * win_rate * deal_size
    return pd.Series(
        {
            "revenue_target": revenue,
            "plan_win_rate": plan_win_rate,
            "win_rate": win_rate,
            "other_win_rate": other_win_rate,
            "deal_size": deal_size,
            "deal_margin": deal_margin,
            "lead_to_opportunity": to_opportunity,
            "other_opportunities": other_opportunities,
            "leads_needed": needed,
            "cost_per_lead": year_spend / year_leads,
            **curve,
            "budget": linkedin_spend_for(needed, curve),
            "marginal_cost": linkedin_marginal_cost(needed, curve),
            "first_lead_cost": 1 / float(curve["leads_per_dollar"]),
            "commission": commission,
            "contribution_per_lead": per_lead,
            "sample_cost": sample,
            "selling_cost_per_opportunity": selling,
            "worth_per_lead": per_lead - to_opportunity * selling,
        }
    )

"""Every paid medium's response curve for the plan model, valued in two-year contribution: the
digital platforms' from ``paid_media_daily``'s truth, the offline media's from ``media_mix_weekly``'s,
all at last year's average week."""

from __future__ import annotations

from collections.abc import Mapping

from ..media import Curve, curves_from


def mix_curves(
    paid_truth: Mapping, offline_truth: Mapping, offline_value: float, offline_revenue: float
) -> list[Curve]:
    """Every paid medium's response to steady weekly spend, valued in two-year contribution.

    Digital curves are recorded by the day (``media.curves_from``): a week at x is seven days at
    x / 7, so the first-dollar return stays and the half-saturation spend is 7 times the daily
    one. Offline curves act on adstocked spend: steady spend x builds adstock x / (1 - theta), so
    a = a_offline / (1 - theta) and half_sat = half_sat_offline x (1 - theta). A medium that
    saturates on its list (``list_weeks``: direct mail) has a list depth of list_weeks x x, so
    half_sat = half_sat_offline / list_weeks. Like the digital ones, the offline curves are set at
    last year's average week (``conditions_by_week``' average: a dollar buys 1 / unit_cost of the
    base reach and finds people as in-market as the average demand). Every customer an offline
    medium brings is incremental and worth ``offline_value`` over two years."""
    curves = [c.scaled(1.0, unit=7) for c in curves_from(paid_truth)]
    for name, c in offline_truth.items():
        carry = 1 - float(c["weekly_adstock_theta"])
        weeks = float(c.get("list_weeks", 0))
        # at an average week of last year, as the digital curves are (``curves_from``)
        average = c.get("conditions_by_week", {}).get("average_2025", {})
        demand, unit_cost = float(average.get("demand", 1.0)), float(average.get("unit_cost", 1.0))
        curves.append(
            Curve(
                name=name,
                a=float(c["a"]) / carry * demand / unit_cost,
                half_sat=unit_cost
                * (
                    float(c["half_sat_weekly"]) / weeks
                    if weeks
                    else float(c["half_sat_weekly"]) * carry
                ),
                incremental_share=1.0,
                value=float(offline_value),
                revenue_per_customer=float(offline_revenue),
            )
        )
    return curves

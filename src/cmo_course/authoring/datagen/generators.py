"""Seeded generators: one function per dataset, all drawing on one simulation of the company.

The datasets depend on each other the way the business does: the marketing plan sets daily
spend; spend, posts and demand bring new customers; customers place orders; orders and spend
roll up to the P&L. Each generator takes the ``World`` drawn so far and returns nothing: it
takes its own random stream (``rng_for``, derived from the seed and the dataset's name), reads
the upstream frames it needs from ``world.frames`` and ``world.internal``, and stores into the
world its dataset (``world.frames``), any internal frame a later generator builds on
(``world.internal``: the daily spend, every customer, social clicks by day) and the ground
truth it drew (``world.truth``), so that a lesson can show a learner's estimate beside the
truth. A few complete an upstream dataset instead (``generate_order_channels`` adds the last
click of each order to ``orders`` and its truth). ``simulate`` runs them in the order of
``GENERATORS``, upstream first. The generators live in one module per business area
(``marketing``, ``social``, ``customers``, ``email``, ``web``, ``paid_media``, ``gifting``,
``offline``, ``planning``), on the ``World`` and shared helpers of ``world``.
"""

from __future__ import annotations

from cmo_course.authoring.datagen.customers import (
    generate_customers,
    generate_order_channels,
    generate_orders,
)
from cmo_course.authoring.datagen.email import generate_email
from cmo_course.authoring.datagen.gifting import generate_gifting_leads
from cmo_course.authoring.datagen.marketing import generate_marketing_spend, generate_pnl
from cmo_course.authoring.datagen.offline import generate_geo_test, generate_media_mix
from cmo_course.authoring.datagen.paid_media import (
    generate_lift_study,
    generate_paid_media,
    generate_pilot,
)
from cmo_course.authoring.datagen.planning import generate_planning_inputs
from cmo_course.authoring.datagen.social import generate_social
from cmo_course.authoring.datagen.web import generate_web_events
from cmo_course.authoring.datagen.world import World
from cmo_course.datasets import company as co

__all__ = ["GENERATORS", "World", "simulate"]

GENERATORS = (
    generate_marketing_spend,
    generate_social,
    generate_customers,
    generate_orders,
    generate_order_channels,
    generate_email,
    generate_paid_media,
    generate_web_events,  # after paid_media: paid sessions follow the platforms' clicks
    generate_lift_study,
    generate_pilot,
    generate_gifting_leads,
    generate_pnl,
    generate_media_mix,
    generate_geo_test,
    generate_planning_inputs,
)


def simulate(seed: int = co.DEFAULT_SEED) -> World:
    """Run every generator in order and return the world they drew."""
    world = World(seed=int(seed))
    for generator in GENERATORS:
        generator(world)
    return world

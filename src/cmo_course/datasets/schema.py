"""The schema of every dataset: columns, types, units, allowed values and what each one means.

This is the one place a dataset is described. The loader uses it for dtypes, ``datasets check``
validates files against it, and the data dictionary (``datasets/README.md``) and
``datasets/schema.json`` are written from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from . import company as co


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "str", "int", "float", "date", "bool"
    description: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    decimals: int | None = None  # how floats are written
    nullable: bool = False  # may be empty (e.g. a purchase's value on other events)


STORAGE = ("csv", "csv.gz", "parquet")


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    grain: str  # what one row is
    description: str
    used_in: tuple[str, ...]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    truth: str  # what ground truth the generator records
    # how the file is stored: "csv" (small tables, readable in a spreadsheet), "csv.gz", or
    # "parquet" (the large tables: columnar and compressed, read in a fraction of a second)
    storage: str = "csv"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.storage not in STORAGE:
            raise ValueError(f"{self.name}: storage is one of {STORAGE}, not {self.storage!r}")

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.storage}"

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def to_json(self) -> dict:
        data = asdict(self)
        data["filename"] = self.filename
        return data


def _money(name: str, description: str, minimum: float | None = 0.0) -> Column:
    return Column(name, "float", description, unit="USD", minimum=minimum, decimals=2)


SPEND_CHANNEL_NAMES = tuple(c.name for c in co.SPEND_CHANNELS)
PLATFORMS = tuple(co.SOCIAL_PLATFORMS)
SOURCES = tuple(
    sorted(
        {"google", "none", "newsletter", "friend_referral", "store", "youtube"}
        | set(co.PAID_PLATFORMS)
        | set(co.SOCIAL_PLATFORMS)
    )
)
MARKETS = tuple(f"Z{i + 1:02d}" for i in range(co.HOME_MARKET["markets"]))
OFFLINE_NAMES = tuple(co.OFFLINE_MEDIA)
FORMATS = tuple(sorted({f for p in co.SOCIAL_PLATFORMS.values() for f in p["formats"]}))

WEB_SOURCES = tuple(
    sorted(
        {"(direct)", "newsletter", "friend_referral", "google"}
        | {co.paid_source(p) for p in co.PAID_PLATFORMS}
        | set(co.SOCIAL_PLATFORMS)
    )
)

DATASETS: dict[str, Dataset] = {}


def _register(dataset: Dataset) -> Dataset:
    DATASETS[dataset.name] = dataset
    return dataset


_register(
    Dataset(
        name="social_posts",
        title="Organic social posts",
        grain="one post on one platform",
        description=(
            "Every organic post the brand published on its five social platforms over the two "
            "years, with the platform's own metrics for it."
        ),
        used_in=("00_start_here",),
        primary_key=("post_id",),
        truth="engagement and link-click rates by platform and format; new customers per link click",
        columns=(
            Column("post_id", "str", "Post identifier."),
            Column("date", "date", "Day the post was published."),
            Column("platform", "str", "Social platform.", allowed=PLATFORMS),
            Column("format", "str", "Post format.", allowed=FORMATS),
            Column(
                "followers", "int", "Followers of the account on the day of the post.", "people", 0
            ),
            Column(
                "impressions",
                "int",
                "Times the post was shown, counting repeat views by the same person.",
                "views",
                0,
            ),
            Column(
                "reach", "int", "Distinct accounts that saw the post at least once.", "people", 0
            ),
            Column("likes", "int", "Likes (reactions).", "count", 0),
            Column("comments", "int", "Comments.", "count", 0),
            Column("shares", "int", "Shares, reposts and sends.", "count", 0),
            Column("saves", "int", "Saves (bookmarks).", "count", 0),
            Column(
                "link_clicks",
                "int",
                "Clicks through to the online store (tracked links, link stickers, link in bio).",
                "clicks",
                0,
            ),
        ),
        notes=(
            "Reach is never above impressions. Engagements = likes + comments + shares + saves.",
        ),
    )
)

_register(
    Dataset(
        name="social_audience",
        title="Social audience by generation",
        grain="one platform x generation at the end of a quarter",
        description="Followers of each of the brand's accounts by generation, at each quarter end.",
        used_in=("00_start_here",),
        primary_key=("quarter_end", "platform", "generation"),
        truth="each platform's audience mix by generation and its follower growth",
        columns=(
            Column("quarter_end", "date", "Last day of the quarter."),
            Column("platform", "str", "Social platform.", allowed=PLATFORMS),
            Column(
                "generation",
                "str",
                "Generation by birth year: Gen Z 1997-2012, Millennials 1981-1996, "
                "Gen X 1965-1980, Boomers 1946-1964.",
                allowed=co.GENERATIONS,
            ),
            Column("followers", "int", "Followers in that generation.", "people", 0),
        ),
    )
)

_register(
    Dataset(
        name="customers",
        title="Customers",
        grain="one customer",
        description=(
            "Every customer who placed at least one order in 2024-2025, with the date and channel "
            "of their first order. Customers first seen before 2024 are the base the company "
            "started the period with."
        ),
        used_in=(
            "00_start_here",
            "01_finance",
            "02_funnels",
            "03_paid_media",
            "04_offline_channels",
            "05_annual_planning",
            "06_capstone",
        ),
        primary_key=("customer_id",),
        truth=(
            "new customers by channel; the response of each paid platform to spend; offline media "
            "adstock and saturation; the true incremental share of paid-attributed customers"
        ),
        storage="parquet",
        columns=(
            Column("customer_id", "str", "Customer identifier."),
            Column("first_order_date", "date", "Day of the customer's first ever order."),
            Column(
                "acquisition_channel",
                "str",
                "Channel of the first order, as the web analytics recorded it (last click). "
                "Paid channels: paid_social, paid_search, paid_video.",
                allowed=co.ACQUISITION_CHANNELS,
            ),
            Column(
                "acquisition_source",
                "str",
                "Platform or source of the first order (e.g. instagram, google, newsletter; "
                "none for direct).",
                allowed=SOURCES,
            ),
            Column("region", "str", "Home region (US).", allowed=tuple(co.REGIONS)),
            Column("generation", "str", "Generation by birth year.", allowed=co.GENERATIONS),
            Column(
                "market",
                "str",
                "Zone of the home market the customer lives in (where local TV, radio and posters "
                "are bought, see geo_test); empty for customers outside the home market.",
                allowed=MARKETS,
                nullable=True,
            ),
        ),
        notes=(
            "A customer is 'new' in the year of their first_order_date.",
            "Offline media (TV, radio, ...) brings customers who arrive as direct, organic "
            "search or retail: last-click data never credits it.",
        ),
    )
)

_register(
    Dataset(
        name="orders",
        title="Orders",
        grain="one order",
        description=(
            "Every order placed online or in the four shops in 2024-2025, with the money it "
            "brought in and every cost it caused. The orders add up to the P&L's revenue, "
            "cost of goods, fulfilment and payment-fee lines."
        ),
        used_in=(
            "00_start_here",
            "01_finance",
            "02_funnels",
            "03_paid_media",
            "04_offline_channels",
            "05_annual_planning",
            "06_capstone",
        ),
        primary_key=("order_id",),
        truth="margin structure, return rates, retention (monthly churn by channel) and LTV",
        storage="parquet",
        columns=(
            Column("order_id", "str", "Order identifier."),
            Column("order_date", "date", "Day of the order."),
            Column("customer_id", "str", "Customer who placed it (see customers)."),
            Column("sales_channel", "str", "Where it was sold.", allowed=("online", "retail")),
            Column("items", "int", "Number of items.", "items", 1),
            _money("gross_sales", "List price of the items."),
            _money("discount", "Promotion or code discount."),
            _money("revenue", "What the customer paid: gross_sales - discount."),
            _money(
                "refund",
                "Money refunded because the order was returned (whole orders; booked in the "
                "month of the order).",
            ),
            _money(
                "cogs",
                "Cost of the goods the customer kept (0 for a returned order: the goods go back "
                "to stock).",
            ),
            _money(
                "shipping_cost",
                "Pick, pack and outbound shipping, plus return shipping and handling if returned. "
                "Shipping is free to the customer.",
            ),
            _money("payment_fee", "Card and wallet processing fees (not refunded on returns)."),
            Column(
                "last_click_channel",
                "str",
                "Channel of the session the order was placed in, as the web analytics recorded it "
                "(last click); retail for orders in the stores. A first order's is its customer's "
                "acquisition_channel.",
                allowed=co.ACQUISITION_CHANNELS,
            ),
            Column(
                "last_click_source",
                "str",
                "Platform or source of that session (store for the stores).",
                allowed=SOURCES,
            ),
        ),
        notes=(
            "Net revenue = revenue - refund.",
            "Contribution = revenue - refund - cogs - shipping_cost - payment_fee.",
        ),
    )
)

_register(
    Dataset(
        name="marketing_spend_monthly",
        title="Marketing spend, budget and actual",
        grain="one month x one spend line",
        description=(
            "The marketing budget, phased by month, and what was actually spent, for every line "
            "of marketing cost. Actuals add up to the P&L's marketing lines."
        ),
        used_in=(
            "00_start_here",
            "01_finance",
            "03_paid_media",
            "04_offline_channels",
            "05_annual_planning",
            "06_capstone",
        ),
        primary_key=("month", "channel"),
        truth="the planted budget-vs-actual variances of 2025 and the month-to-month noise",
        columns=(
            Column("month", "date", "First day of the month."),
            Column("channel", "str", "Spend line.", allowed=SPEND_CHANNEL_NAMES),
            Column(
                "channel_group",
                "str",
                "The P&L marketing line it rolls up to: paid_digital, paid_offline, "
                "content_agencies, martech or team.",
                allowed=tuple(co.SPEND_GROUPS),
            ),
            _money("budget", "Budgeted spend, set at the start of the year."),
            _money("actual", "Actual spend."),
        ),
        notes=tuple(f"{c.name}: {c.label}." for c in co.SPEND_CHANNELS),
    )
)

_register(
    Dataset(
        name="web_events",
        title="Website events (GA4-style), one week",
        grain="one event in one session",
        description=(
            "Every event the online store's analytics recorded from Monday 6 to Sunday 12 October "
            "2025, in the shape of a GA4 export: each session's session_start, its product views, "
            "carts, checkouts and purchases. Every purchase is an online order of that week in the "
            "orders table. During the week the store tested a new checkout on half the visitors."
        ),
        used_in=("02_funnels",),
        primary_key=(),
        truth="step probabilities by channel, device and checkout; the planted bottleneck; the checkout test",
        storage="parquet",
        columns=(
            Column("event_date", "date", "Day of the event."),
            Column(
                "user_pseudo_id",
                "str",
                "GA4's pseudonymous id of a browser (a cookie): not a person, and not a customer.",
            ),
            Column(
                "session_id",
                "int",
                "GA4's ga_session_id: the session's start time in seconds. Unique within a user "
                "only: a session is identified by user_pseudo_id and session_id together.",
                minimum=0,
            ),
            Column(
                "event_name",
                "str",
                "What happened: session_start, view_item, add_to_cart, begin_checkout or purchase.",
                allowed=co.WEB_STEPS,
            ),
            Column("device_category", "str", "Device of the session.", allowed=co.DEVICES),
            Column(
                "session_source",
                "str",
                "Where the session came from (GA4 source; (direct) when unknown).",
                allowed=WEB_SOURCES,
            ),
            Column(
                "session_medium",
                "str",
                "How it came (GA4 medium): cpc and cpv are paid search and video, paid_social is "
                "paid social, social is organic social, organic is organic search, (none) is direct.",
                allowed=tuple(co.GA4_MEDIUM.values()),
            ),
            Column(
                "checkout_version",
                "str",
                "Which checkout the session was shown: the old one or the new one on test.",
                allowed=("old", "new"),
            ),
            Column(
                "value",
                "float",
                "Revenue of the order, on purchase events only.",
                unit="USD",
                minimum=0,
                decimals=2,
                nullable=True,
            ),
            Column(
                "transaction_id", "str", "The order_id, on purchase events only.", nullable=True
            ),
        ),
        notes=(
            "A session can send many events of one kind (several view_item): count sessions, not events.",
            "Every online order of the week appears as one purchase; real GA4 data usually misses "
            "some (consent banners, blockers).",
        ),
    )
)

_register(
    Dataset(
        name="email_campaigns",
        title="Email campaigns",
        grain="one campaign x one audience segment",
        description=(
            "Every email campaign of the two years (a weekly newsletter and one email per "
            "promotion), by audience: sends, opens, clicks, the orders and revenue email is "
            "credited with, unsubscribes, and a holdout test for each 2025 promotion and for the "
            "first newsletter of each month of 2025."
        ),
        used_in=("02_funnels",),
        primary_key=("campaign_id", "segment"),
        truth="true (human) open rates, click rates, and the true incremental orders of the holdout tests",
        columns=(
            Column("campaign_id", "str", "Campaign identifier."),
            Column("send_date", "date", "Day the campaign was sent."),
            Column("campaign_name", "str", "Campaign name."),
            Column(
                "campaign_type",
                "str",
                "Newsletter or promotion.",
                allowed=("newsletter", "promotion"),
            ),
            Column(
                "segment",
                "str",
                "Audience: subscribers (never bought), active (bought in the last 180 days), "
                "lapsed (bought before that).",
                allowed=co.EMAIL_SEGMENTS,
            ),
            Column("sends", "int", "Emails sent.", "emails", 0),
            Column(
                "opens",
                "int",
                "Recipients recorded as opening. Inflated: mail apps that load every email "
                "(Apple Mail Privacy Protection) count as opens whether or not anyone read it.",
                "people",
                0,
            ),
            Column("clicks", "int", "Recipients who clicked a link.", "people", 0),
            Column(
                "orders",
                "int",
                "Orders credited to the campaign: orders whose last click was email, credited to "
                "the latest campaign sent on or before their day (they are orders of the orders table).",
                "orders",
                0,
            ),
            _money("revenue", "Revenue of those orders."),
            Column("unsubscribes", "int", "Recipients who unsubscribed.", "people", 0),
            Column(
                "holdout_size",
                "int",
                "Holdout test: how many of the segment were kept out of the send at random (0 when "
                "the campaign was not a test).",
                "people",
                0,
            ),
            Column(
                "orders_7d",
                "int",
                "Holdout test: orders placed by the recipients in the 7 days after the send, through "
                "any channel (empty when not a test).",
                "orders",
                0,
                nullable=True,
            ),
            Column(
                "holdout_orders_7d",
                "int",
                "Holdout test: orders placed by the holdout in the same 7 days (empty when not a test).",
                "orders",
                0,
                nullable=True,
            ),
        ),
    )
)

PAID_PLATFORM_NAMES = tuple(co.PAID_MEDIA)
PAID_CAMPAIGNS = tuple(sorted({c for p in co.PAID_MEDIA.values() for c in p["campaigns"]}))

_register(
    Dataset(
        name="paid_media_daily",
        title="Paid media by day",
        grain="one day x one platform x one campaign",
        description=(
            "What each ad platform reports, day by day and campaign by campaign, for the two "
            "years: spend, impressions, people reached, clicks, and the conversions and revenue "
            "the platform claims. Spend is the daily spend behind the monthly actuals, so it ties "
            "to marketing_spend_monthly and the P&L's paid digital line to the cent."
        ),
        used_in=(
            "00_start_here",
            "01_finance",
            "03_paid_media",
            "05_annual_planning",
            "06_capstone",
        ),
        primary_key=("date", "platform", "campaign"),
        truth=(
            "CPMs, click-through rates and their Q4 peak; how much each platform over-reports "
            "conversions against the orders the store credits to it; each platform's response "
            "curve and the share of its customers it really caused"
        ),
        storage="csv.gz",
        notes=(
            "reach counts people reached that day: it cannot be added up across days (the same "
            "person is reached on many days), unlike spend, impressions and clicks.",
            "platform_conversions are the platform's own count: the orders the store credits to it "
            "by last click, plus view-through and modelled conversions. They add up to more than "
            "the orders that exist.",
        ),
        columns=(
            Column("date", "date", "Day."),
            Column("platform", "str", "Ad platform.", allowed=PAID_PLATFORM_NAMES),
            Column("campaign", "str", "Campaign within the platform.", allowed=PAID_CAMPAIGNS),
            _money("spend", "Spend that day."),
            Column("impressions", "int", "Times an ad was shown.", "impressions", 0),
            Column("reach", "int", "People who saw an ad that day.", "people", 0),
            Column("clicks", "int", "Clicks on the ads (link clicks).", "clicks", 0),
            Column(
                "platform_conversions",
                "int",
                "Purchases the platform attributes to its ads (its own attribution, not the store's).",
                "purchases",
                0,
            ),
            _money(
                "platform_revenue", "Revenue of the purchases the platform attributes to its ads."
            ),
        ),
    )
)

_register(
    Dataset(
        name="meta_lift_test",
        title="Meta conversion lift study",
        grain="one week x one cell",
        description=(
            "A conversion lift study on Meta in the second half of 2025: the people in Meta's "
            "audience were split at random into a test cell, which saw the ads as usual, and a "
            "holdout, which saw no Meta ads. Each week: the people in the cell, their purchases "
            "from any channel and the revenue, the spend (all in the test cell), and the purchases "
            "Meta's own reporting claimed that week."
        ),
        used_in=("03_paid_media",),
        primary_key=("week_start", "cell"),
        truth="the true incremental purchases, and how far Meta's own count over-states them",
        columns=(
            Column("week_start", "date", "Monday of the week."),
            Column(
                "cell",
                "str",
                "Test (saw the ads) or holdout (saw none).",
                allowed=("test", "holdout"),
            ),
            Column(
                "users",
                "int",
                "People in the cell (the same people every week: do not add weeks up).",
                "people",
                0,
            ),
            Column(
                "conversions",
                "int",
                "Purchases by the people in the cell, through any channel.",
                "purchases",
                0,
            ),
            _money("revenue", "Revenue of those purchases."),
            _money("spend", "Meta spend that week (0 for the holdout, which saw no ads)."),
            Column(
                "platform_reported_conversions",
                "int",
                "Purchases Meta's own reporting attributed to its ads that week (0 for the holdout).",
                "purchases",
                0,
            ),
        ),
    )
)

_register(
    Dataset(
        name="new_network_pilot",
        title="New-network pilot",
        grain="one day x one ad set",
        description=(
            f"A three-week pilot on {co.PILOT['network']}, a new social network, in February "
            "2026: four ad sets with their spend, impressions, clicks, the purchases the "
            "network's pixel claims, and the orders the store's analytics credits to it (UTM-tagged "
            "last click)."
        ),
        used_in=("03_paid_media",),
        primary_key=("date", "ad_set"),
        truth="each ad set's true click-to-order rate (store-credited), the pixel's over-count, "
        "and the prior a planner would start from",
        columns=(
            Column("date", "date", "Day."),
            Column("ad_set", "str", "Ad set (an audience).", allowed=tuple(co.PILOT["ad_sets"])),
            _money("spend", "Spend that day."),
            Column("impressions", "int", "Times an ad was shown.", "impressions", 0),
            Column("clicks", "int", "Clicks on the ads.", "clicks", 0),
            Column(
                "pixel_conversions",
                "int",
                "Purchases the network's own pixel claims (its attribution: clicks and views).",
                "purchases",
                0,
            ),
            _money("pixel_revenue", "Revenue of the purchases the pixel claims."),
            Column(
                "tagged_orders",
                "int",
                "Orders the store's analytics credits to the network (UTM-tagged last click, "
                "the basis of every other platform's numbers in the course).",
                "orders",
                0,
            ),
            _money("tagged_revenue", "Revenue of those orders (before refunds)."),
        ),
    )
)

_register(
    Dataset(
        name="gifting_leads",
        title="Corporate gifting leads",
        grain="one lead of the corporate-gifting line (business development's CRM)",
        description=(
            "Every lead of the corporate-gifting line in 2024 and 2025: where it came from "
            "(LinkedIn's lead-gen campaign, the website's form, trade shows, referrals), whether "
            "business development opened an opportunity, and whether and when it closed, for how "
            "much. Gifting keeps its own accounts: its deals are not in orders or the P&L."
        ),
        used_in=("01_finance", "03_paid_media", "05_annual_planning", "06_capstone"),
        primary_key=("lead_id",),
        truth="LinkedIn's cost per lead, each source's lead-to-opportunity rate, the win rate, "
        "the deal size and margin, and the expected contribution of a LinkedIn lead",
        columns=(
            Column("lead_id", "str", "Lead identifier."),
            Column("created_date", "date", "Day the lead came in."),
            Column(
                "source",
                "str",
                "Where the lead came from.",
                allowed=("linkedin_ads", *co.GIFTING["other_sources_per_year"]),
            ),
            Column(
                "company_size",
                "str",
                "Employees of the lead's company.",
                allowed=tuple(co.GIFTING["company_size"]),
            ),
            Column(
                "opportunity_date",
                "date",
                "Day business development opened an opportunity (empty: none yet).",
                nullable=True,
            ),
            Column(
                "won_date",
                "date",
                "Day the deal closed (empty: not won, or not yet).",
                nullable=True,
            ),
            Column(
                "deal_value",
                "float",
                "Value of the deal won (empty: none).",
                unit="USD",
                minimum=0.0,
                nullable=True,
            ),
            Column(
                "deal_contribution",
                "float",
                "Contribution of the deal won, after product, branding and delivery (empty: none).",
                unit="USD",
                minimum=0.0,
                nullable=True,
            ),
        ),
        notes=(
            "Leads from the last weeks of 2025 may still become opportunities or deals: what "
            "happened after 31 December 2025 is not in the data.",
        ),
    )
)

_PNL_LINES = (
    ("gross_sales", "List price of everything sold (sum of orders.gross_sales)."),
    ("discounts", "Discounts given (sum of orders.discount)."),
    ("returns", "Refunds for returned orders (sum of orders.refund)."),
    ("net_revenue", "gross_sales - discounts - returns."),
    ("cogs", "Cost of goods sold (sum of orders.cogs)."),
    ("gross_profit", "net_revenue - cogs."),
    (
        "fulfilment_and_shipping",
        "Fulfilment, shipping and returns handling (orders.shipping_cost).",
    ),
    ("payment_fees", "Payment processing fees (orders.payment_fee)."),
    ("contribution", "gross_profit - fulfilment_and_shipping - payment_fees."),
    (
        "marketing_paid_digital",
        "Paid digital media (Meta, Instagram, TikTok, Google, YouTube, LinkedIn).",
    ),
    (
        "marketing_paid_offline",
        "Paid offline media (TV and its production, radio, out-of-home, print, direct mail, "
        "podcasts, events).",
    ),
    ("marketing_content_and_agencies", "Creators, social content production and agency fees."),
    ("marketing_technology", "Marketing technology: email, CRM, analytics."),
    ("marketing_team", "Salaries of the marketing team."),
    ("marketing_total", "Sum of the five marketing lines."),
    ("contribution_after_marketing", "contribution - marketing_total."),
    ("staff_costs", "Salaries outside marketing and the shops."),
    ("retail_stores", "Rent and staff of the four shops."),
    ("technology", "Technology outside marketing."),
    ("general_and_admin", "General and administrative costs."),
    ("operating_expenses", "Sum of the four operating cost lines."),
    ("ebitda", "contribution_after_marketing - operating_expenses."),
)

_register(
    Dataset(
        name="pnl_monthly",
        title="Monthly P&L",
        grain="one month",
        description=(
            "The company's profit and loss statement by month, from gross sales to EBITDA, with "
            "marketing broken into five lines."
        ),
        used_in=(
            "00_start_here",
            "01_finance",
            "03_paid_media",
            "05_annual_planning",
            "06_capstone",
        ),
        primary_key=("month",),
        truth="margins and marketing's share of net revenue by year; net revenue against plan",
        columns=(Column("month", "date", "First day of the month."),)
        + tuple(
            _money(
                name,
                description,
                minimum=None if name in ("ebitda", "contribution_after_marketing") else 0.0,
            )
            for name, description in _PNL_LINES
        ),
        notes=(
            "Every line is in dollars. Costs are positive numbers; the '=' lines subtract them.",
        ),
    )
)


def _mix_columns() -> tuple[Column, ...]:
    columns = [
        Column("week_start", "date", "Monday of the week."),
        Column(
            "days",
            "int",
            "Days of the week inside the calendar (7; 3 for the last week, cut short by 31 December).",
            "days",
            1,
            7,
        ),
        _money(
            "net_revenue",
            "Net revenue of the orders placed that week (gross sales - discounts - refunds), as the P&L counts it.",
        ),
        Column("orders", "int", "Orders placed that week.", "orders", 0),
        Column(
            "new_customers",
            "int",
            "Customers whose first ever order was that week.",
            "customers",
            0,
        ),
        Column(
            "price_index",
            "float",
            "Share of list price customers paid that week (100 = no discounts).",
            "index",
            0,
            100,
            decimals=1,
        ),
        Column(
            "promotion_days", "int", "Days of the week with a site-wide promotion.", "days", 0, 7
        ),
        Column("holiday", "bool", "The week holds Thanksgiving or Christmas Day."),
    ]
    for platform in co.PAID_PLATFORMS:
        columns.append(
            _money(f"{platform}_spend", f"Spend on {platform} ads (paid_media_daily, summed).")
        )
        columns.append(
            Column(
                f"{platform}_impressions",
                "int",
                f"Impressions of {platform} ads.",
                "impressions",
                0,
            )
        )
    labels = {c.name: c.label for c in co.SPEND_CHANNELS}
    for medium in co.OFFLINE_MEDIA:
        unit = co.OFFLINE_DELIVERY[medium][2]
        columns.append(
            _money(
                f"{medium}_spend",
                f"Spend on {labels[medium].lower()} (the daily spend behind marketing_spend_monthly).",
            )
        )
        what = {
            "impressions": "Impressions delivered (audience measurement: people x exposures).",
            "pieces": "Catalogues mailed.",
            "attendees": "People who came to the events and pop-ups.",
        }[unit]
        columns.append(Column(f"{medium}_{unit}", "int", what, unit, 0))
        if medium in co.GRP_MEDIA:
            columns.append(
                Column(
                    f"{medium}_grps",
                    "float",
                    "Gross rating points: impressions per 100 adults of the home market.",
                    "GRPs",
                    0,
                    decimals=1,
                )
            )
    columns.append(
        Column(
            "branded_search_clicks",
            "int",
            "Clicks on searches for the brand's name (organic and paid).",
            "clicks",
            0,
        )
    )
    return tuple(columns)


_register(
    Dataset(
        name="media_mix_weekly",
        title="Weekly media mix",
        grain="one week (Monday to Sunday)",
        description=(
            "The two years week by week, as a media-mix model reads them: net revenue, orders, "
            "new customers, promotions, holidays and prices, beside the spend and delivery of "
            "every paid medium, digital and offline, and clicks on the brand's name in search. "
            "Revenue adds up to the P&L, and spend to marketing_spend_monthly, to the cent."
        ),
        used_in=("04_offline_channels", "05_annual_planning"),
        primary_key=("week_start",),
        truth=(
            "each offline medium's adstock theta, half-life and saturation curve (the catalogue's "
            "on its list), with the weekly unit costs and demand it met; the customers and revenue "
            "it really brought; the halo of offline media on branded search"
        ),
        columns=_mix_columns(),
        notes=(
            "The last week starts on Monday 29 December 2025 and holds only three days of the "
            "calendar: drop it (days < 7) before comparing weeks.",
            "GRPs are counted against the adults of the home market, where TV, radio and "
            "out-of-home are bought. Print, podcasts and direct mail are bought nationally.",
        ),
    )
)

_register(
    Dataset(
        name="geo_test",
        title="TV geo test",
        grain="one week x one zone of the home market",
        description=(
            "The 40 zones of the home market, week by week from January 2024. The autumn 2025 TV "
            "flight aired only in the test zones: zones were paired by size and one of each pair "
            "drawn into the test group. Sales, orders and new customers are those of the "
            "customers who live in the zone (customers.market)."
        ),
        used_in=("04_offline_channels", "06_capstone"),
        primary_key=("week_start", "market"),
        truth="the flight's true incremental sales, new customers, lift and iROAS",
        storage="csv.gz",
        columns=(
            Column("week_start", "date", "Monday of the week."),
            Column("market", "str", "Zone of the home market.", allowed=MARKETS),
            Column("adults", "int", "Adults living in the zone.", "people", 0),
            Column(
                "pair",
                "int",
                "The matched pair the zone belongs to (zones paired by expected sales).",
                "",
                1,
            ),
            Column(
                "group",
                "str",
                "Test (the autumn 2025 flight aired here) or control.",
                allowed=("test", "control"),
            ),
            Column(
                "period",
                "str",
                "pre: before the flight; flight: weeks with the test's TV; after: the weeks after it, while its effect fades.",
                allowed=("pre", "flight", "after"),
            ),
            _money(
                "tv_spend", "TV spend that aired in the zone (earlier flights aired in every zone)."
            ),
            Column(
                "tv_grps",
                "float",
                "TV gross rating points in the zone: impressions per 100 of its adults.",
                "GRPs",
                0,
                decimals=1,
            ),
            _money(
                "sales",
                "Net revenue of the orders placed by the zone's customers (gross sales - discounts - refunds).",
                minimum=None,
            ),
            Column("orders", "int", "Orders placed by the zone's customers.", "orders", 0),
            Column(
                "new_customers",
                "int",
                "The zone's customers whose first ever order was that week.",
                "customers",
                0,
            ),
        ),
        notes=(
            "Zones add up to the home market: every customer with a market in customers.csv is "
            "counted in exactly one zone.",
            "The data end with the week of 22 December 2025, the last full week.",
        ),
    )
)


_register(
    Dataset(
        name="planning_inputs",
        title="Planning inputs for 2026",
        grain="one month of 2026",
        description=(
            "What a planner starts the 2026 plan from, month by month: the same month of 2025 "
            "(net revenue, orders, new customers, sessions, marketing and paid media), the "
            "finance team's seasonality index, business development's targets (net revenue, and "
            "a new corporate-gifting line with its sales pipeline), and the category's sales and "
            "competitors' paid media in 2025."
        ),
        used_in=("05_annual_planning", "06_capstone"),
        primary_key=("month",),
        truth="how the targets were set; the gifting funnel's rates; the true seasonality of demand",
        columns=(
            Column("month", "date", "First day of the month of 2026."),
            _money("ly_net_revenue", "Net revenue in the same month of 2025 (pnl_monthly)."),
            Column(
                "ly_orders",
                "int",
                "Orders in the same month of 2025, online and in the shops.",
                "orders",
                0,
            ),
            Column(
                "ly_online_orders", "int", "Online orders in the same month of 2025.", "orders", 0
            ),
            Column(
                "ly_new_customers",
                "int",
                "Customers whose first order was in the same month of 2025.",
                "customers",
                0,
            ),
            Column(
                "ly_sessions",
                "int",
                "Website sessions in the same month of 2025 (GA4).",
                "sessions",
                0,
            ),
            _money("ly_marketing_total", "All marketing in the same month of 2025 (pnl_monthly)."),
            _money(
                "ly_paid_media",
                "Paid media, digital and offline, in the same month of 2025 (pnl_monthly).",
            ),
            Column(
                "seasonality_index",
                "float",
                "The finance team's index: the month's net revenue over its year's average month, averaged over 2024 and 2025 (1 = an average month).",
                "index",
                0,
                decimals=4,
            ),
            _money(
                "revenue_target",
                "Business development's net revenue target for the month (shops and online).",
            ),
            _money(
                "gifting_revenue_target",
                "Target for corporate gifting, a new line sold by business development.",
            ),
            _money(
                "gifting_pipeline_target",
                "Gifting opportunities (in dollars) the sales team must open that month.",
            ),
            _money(
                "ly_market_sales",
                "Sales of the whole category in the same month of 2025 (an industry estimate).",
            ),
            _money(
                "ly_competitor_media",
                "Competitors' paid media in the same month of 2025 (ad-intelligence estimate).",
            ),
        ),
        notes=(
            "'ly' columns are last year's actuals, placed beside the month of the plan they inform.",
            "Net revenue targets exclude gifting; gifting is planned separately.",
        ),
    )
)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


class SchemaError(ValueError):
    """A dataset does not match its schema."""


def validate(frame: pd.DataFrame, dataset: Dataset) -> None:
    """Raise SchemaError listing every way ``frame`` departs from ``dataset``'s schema."""
    problems = []
    expected = [c.name for c in dataset.columns]
    if list(frame.columns) != expected:
        problems.append(f"columns are {list(frame.columns)}, expected {expected}")
    for column in dataset.columns:
        if column.name not in frame.columns:
            continue
        values = frame[column.name]
        if values.isna().any() and not column.nullable:
            problems.append(f"{column.name} has {int(values.isna().sum())} missing values")
            continue
        values = values.dropna()
        kind_ok = {
            "str": lambda v: pd.api.types.is_string_dtype(v) or pd.api.types.is_object_dtype(v),
            "int": pd.api.types.is_integer_dtype,
            "float": pd.api.types.is_float_dtype,
            "date": pd.api.types.is_datetime64_any_dtype,
            "bool": pd.api.types.is_bool_dtype,
        }[column.dtype](values)
        if not kind_ok:
            problems.append(f"{column.name} has dtype {values.dtype}, expected {column.dtype}")
            continue
        if column.minimum is not None and (values < column.minimum).any():
            problems.append(f"{column.name} has values below {column.minimum}")
        if column.maximum is not None and (values > column.maximum).any():
            problems.append(f"{column.name} has values above {column.maximum}")
        if column.allowed is not None:
            unknown = sorted(set(values.astype(str)) - set(column.allowed))
            if unknown:
                problems.append(f"{column.name} has values outside {column.allowed}: {unknown[:5]}")
        if column.dtype == "float" and column.decimals is not None:
            scaled = values.to_numpy(dtype=float) * 10**column.decimals
            if not np.allclose(scaled, np.round(scaled), atol=1e-6):
                problems.append(f"{column.name} has more than {column.decimals} decimals")
    if dataset.primary_key and all(k in frame.columns for k in dataset.primary_key):
        duplicated = frame.duplicated(list(dataset.primary_key)).sum()
        if duplicated:
            problems.append(f"{int(duplicated)} rows repeat the key {dataset.primary_key}")
    if problems:
        raise SchemaError(f"{dataset.name}: " + "; ".join(problems))

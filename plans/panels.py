"""The plan's "This week" card on the runner's dashboard (registered in ``PlansConfig.ready()``): the
context function fetches, ``plans/_dashboard_card.html`` displays. Never cached: the plan's decision is
read on every request."""

from __future__ import annotations

from journal.panels import DashboardState
from monitoring.panels import open_flags
from plans.forms import PAIN_CHOICES
from plans.selectors import plan_card


def card_context(state: DashboardState) -> dict | None:
    """The card's data: the plan, its stage, this week and the rule's decision.

    With a plan, six queries whatever the data (plan, stages, sessions, skips, entries, saved checks);
    the open flags are monitoring's, fetched once for the dashboard (``monitoring.panels.open_flags``).
    Without: one. A log refused by ``plans.views.log`` puts its errors on the request for the card.
    """
    card = plan_card(state.runner, open_flags=open_flags(state))
    if card is not None:
        card["pain_choices"] = PAIN_CHOICES
        card["errors"] = getattr(state.request, "plan_card_errors", [])
    return card

"""A campaign call centre on the local stack (see local/campaign_driver.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from chalicelib.pacing import Pacer
from local.campaign_driver import CampaignCentre

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def centre(local_stack: Any) -> Iterator[CampaignCentre]:
    with CampaignCentre.open(local_stack.api_url) as opened:
        yield opened
        if not any(contact.active for contact in opened.sim.contacts.values()):
            # every call has ended: every line the dialler took must have been given back
            assert Pacer().in_progress("instance") == 0, "a line was never released"

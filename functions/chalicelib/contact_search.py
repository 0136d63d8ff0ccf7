"""Find the Connect contact an earlier delivery placed, by the intent it carries (SearchContacts).

Every outbound call carries its intent key as the contact attribute ``dialIntent``. When a
delivery died after StartOutboundVoiceContact but before it saved the ContactId, the redelivery
looks for a contact with that attribute before it would ever dial again. The instance must list
``dialIntent`` among its searchable contact attributes (README, "Deploying"); Connect lists a
voice contact once it reached an agent or ended, which is why an unfound intent is only given
up after ``chalicelib.effects``' settle time (until then the ClientToken still covers it).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib import settings
from chalicelib.observability import get_logger

INTENT_ATTRIBUTE = "dialIntent"
#: Slack on each side of the intent's time: clocks of Lambda and Connect are not one clock.
_MARGIN = timedelta(minutes=5)


def find_contact(intent_key: str, started_at: datetime, now: datetime) -> str | None:
    """The ContactId placed under ``intent_key``, or None when Connect lists none (or cannot say).

    A failing search is logged and answers None: the caller then waits or gives up, never
    dials on the strength of an error.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.telephony import _client

    request = {
        "InstanceId": settings.required("CONNECT_INSTANCE_ID"),
        "TimeRange": {
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": started_at - _MARGIN,
            "EndTime": max(now, started_at) + _MARGIN,
        },
        "SearchCriteria": {
            "InitiationMethods": ["API"],
            "SearchableContactAttributes": {
                "Criteria": [{"Key": INTENT_ATTRIBUTE, "Values": [intent_key]}],
                "MatchType": "MATCH_ALL",
            },
        },
        "MaxResults": 10,
    }
    try:
        contacts = _client().search_contacts(**request).get("Contacts", [])
    except (ClientError, BotoCoreError) as error:
        get_logger().warning("contact search failed", extra={"intent": intent_key, "error": str(error)})
        return None
    for contact in contacts:
        if contact.get("Id"):
            return str(contact["Id"])
    return None

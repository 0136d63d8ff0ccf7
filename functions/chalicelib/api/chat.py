"""Routes: web chat. ``POST /chat/start`` is public: the help centre's chat widget calls it.

It answers what amazon-connect-chatjs needs to join the chat (``ChatDetails``: contact id,
participant id and token) plus where the participant service is. A customer who proved their
number with a texted code (the callback verification) passes ``verification``; the agent then
knows who they talk to. Rate-limited per client address.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.api.contracts import Contract
from chalicelib.api.errors import json_body, route
from chalicelib.api.identity import source_ip

blueprint = Blueprint(__name__)

HOUR = 3600
CHATS_PER_ADDRESS_PER_HOUR = 20


@route(blueprint, "/chat/start", ["POST"], Contract(body="chat-start"))
def start_chat() -> dict[str, Any]:
    from chalicelib import rate_limit, web_chat

    request = blueprint.current_request
    rate_limit.hit("chat:address", source_ip(request), limit=CHATS_PER_ADDRESS_PER_HOUR, window_seconds=HOUR)
    body = json_body(request)
    phone = None
    if "verification" in body:
        from chalicelib.callbacks import settings, verification

        proof = body["verification"]
        phone = verification.confirm_code(proof["verificationId"], proof["code"], settings.current())
    started = web_chat.start_chat(body["displayName"], body["language"], phone)
    return {
        "contactId": started.contact_id,
        "participantId": started.participant_id,
        "participantToken": started.participant_token,
        "region": started.region,
        "participantEndpoint": started.participant_endpoint,
    }

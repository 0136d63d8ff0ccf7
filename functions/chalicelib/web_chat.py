"""Web chat: start a chat contact for a customer of the help centre, anonymous or verified.

The customer's chat widget (amazon-connect-chatjs) then joins with the participant token. What
the flow (``infra.flows.chat``) and the agent's screen learn about the customer is in the
contact attributes:

    chat_attributes("zh-CN", "+447700900123")
    # {"language": "zh-CN", "customerVerified": "true", "customerPhone": "+447700900123"}

A number is only ever there after a texted code proved it (``POST /chat/start`` checks it).
"""

from __future__ import annotations

from chalicelib.errors import ContactCentreError
from chalicelib.telephony import NOT_SET, StartedChat

LANGUAGES = ("zh-CN", "en-US")


class ChatUnavailable(ContactCentreError):
    status = 503
    code = "chat_unavailable"


def chat_attributes(language: str, verified_phone: str | None) -> dict[str, str]:
    """The contact attributes a chat starts with (strings only, as Connect requires)."""
    return {
        "language": language,
        "customerVerified": "true" if verified_phone else "false",
        "customerPhone": verified_phone or NOT_SET,
    }


def start_chat(display_name: str, language: str, verified_phone: str | None = None) -> StartedChat:
    """Start the chat; ``ChatUnavailable`` (503) when Connect cannot take one now."""
    from chalicelib import telephony

    name = " ".join(display_name.split()) or "Customer"
    try:
        return telephony.start_chat_contact(name, chat_attributes(language, verified_phone))
    except telephony.ChatNotStarted as error:
        from chalicelib.observability import get_logger

        get_logger().warning("no chat could be started", extra={"reason": str(error)})
        raise ChatUnavailable("Chat is not available right now; please try again in a few minutes.") from None

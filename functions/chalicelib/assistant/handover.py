"""When the assistant hands the customer to a person, whatever it knows: one list per reason.

The customer asks for one (人工 / agent / 0), complains, or has an emergency. The same phrases
are the sample utterances of the bot's handover intents (``bots/assistant.json`` is generated
from them and the articles) and what ``handover_reason`` looks for in a chat or an SMS.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum


class HandoverReason(Enum):
    ASKED_FOR_AGENT = "asked_for_agent"
    COMPLAINT = "complaint"
    EMERGENCY = "emergency"
    NO_ANSWER = "no_answer"


@dataclass(frozen=True)
class HandoverPhrases:
    intent: str  # the bot's intent for this reason
    #: words that, anywhere in what the customer says, mean this reason (also sample utterances)
    markers: dict[str, tuple[str, ...]]
    #: whole sentences that say it another way: further sample utterances only
    sentences: dict[str, tuple[str, ...]]


#: Checked in this order: an emergency outranks a complaint, which outranks a plain request.
HANDOVER_PHRASES: dict[HandoverReason, HandoverPhrases] = {
    HandoverReason.EMERGENCY: HandoverPhrases(
        intent="Emergency",
        markers={
            "zh-CN": ("紧急", "急救", "着火", "起火", "火灾", "冒烟", "触电", "漏电", "煤气泄漏", "燃气泄漏"),
            "en-US": ("emergency", "fire", "smoke", "smoking", "electric shock", "sparks", "gas leak"),
        },
        sentences={
            "zh-CN": ("这是紧急情况", "设备着火了", "有人触电了"),
            "en-US": ("this is an emergency", "my device is on fire", "someone got an electric shock"),
        },
    ),
    HandoverReason.COMPLAINT: HandoverPhrases(
        intent="Complaint",
        markers={
            "zh-CN": ("投诉", "举报"),
            "en-US": ("complaint", "complain", "complaining"),
        },
        sentences={
            "zh-CN": ("我要投诉", "我要投诉你们的服务", "我对处理结果不满意要投诉"),
            "en-US": (
                "I want to make a complaint",
                "I want to complain about your service",
                "file a complaint",
            ),
        },
    ),
    HandoverReason.ASKED_FOR_AGENT: HandoverPhrases(
        intent="TransferToAgent",
        markers={
            "zh-CN": ("人工", "转人工", "真人", "人工客服", "人工服务", "接线员", "客服人员"),
            "en-US": (
                "agent",
                "human",
                "operator",
                "representative",
                "real person",
                "a person",
                "someone real",
            ),
        },
        sentences={
            "zh-CN": ("我要找人工客服", "帮我转人工", "我想和真人说话"),
            "en-US": ("I want to talk to a person", "speak to an agent", "let me talk to a human please"),
        },
    ),
}
#: Said alone (a key press on the phone, or typed), it asks for a person.
AGENT_KEY = "0"
_CJK = re.compile(r"[\u3400-\u9fff]")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _contains(text: str, marker: str) -> bool:
    if _CJK.search(marker):
        return marker in text
    return re.search(rf"(?<![a-z0-9]){re.escape(marker)}(?![a-z0-9])", text) is not None


def handover_reason(text: str, language: str) -> HandoverReason | None:
    """Why ``text`` must go to a person at once, or None.

    >>> handover_reason("转人工", "zh-CN")
    <HandoverReason.ASKED_FOR_AGENT: 'asked_for_agent'>
    """
    normal = _normal(text)
    if normal.strip(" .!\u3002\uff01") == AGENT_KEY:  # also the full-width stop and bang
        return HandoverReason.ASKED_FOR_AGENT
    for reason, phrases in HANDOVER_PHRASES.items():
        # Both languages' markers count: a Chinese customer may type "agent", and the reverse.
        markers = phrases.markers.get(language, ()) + tuple(
            marker for other, found in phrases.markers.items() if other != language for marker in found
        )
        if any(_contains(normal, marker) for marker in markers):
            return reason
    return None

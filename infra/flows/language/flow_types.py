"""The Connect flow types, and the families the Flow-language pages name in their Restrictions.

The action pages do not use the API's type names: they say "inbound contact flows", "transfer
flows", "whisper flows", "hold flows", "customer queue flows", "modules". The families below map
those words onto the types of botocore's ``ContactFlowType`` enum (plus ``FLOW_MODULE``, a flow
module, created through CreateContactFlowModule rather than CreateContactFlow).

No Restrictions section names the CAMPAIGN type (outbound campaign flows came after the pages
were written): it is counted with the inbound family, so a campaign flow may use what an inbound
flow may. That is a deliberate leniency, not a documented rule.
"""

from __future__ import annotations

from typing import Final

#: botocore ``connect`` ``ContactFlowType`` enum, then the flow module.
FLOW_TYPES: Final[tuple[str, ...]] = (
    "CONTACT_FLOW",
    "CUSTOMER_QUEUE",
    "CUSTOMER_HOLD",
    "CUSTOMER_WHISPER",
    "AGENT_HOLD",
    "AGENT_WHISPER",
    "OUTBOUND_WHISPER",
    "AGENT_TRANSFER",
    "QUEUE_TRANSFER",
    "CAMPAIGN",
    "FLOW_MODULE",
)
DEFAULT_FLOW_TYPE: Final = "CONTACT_FLOW"

ALL: Final = frozenset(FLOW_TYPES)
#: "inbound contact flows" (and, see the module docstring, campaign flows).
INBOUND: Final = frozenset({"CONTACT_FLOW", "CAMPAIGN"})
#: "transfer flows": transfer to agent and transfer to queue.
TRANSFER: Final = frozenset({"AGENT_TRANSFER", "QUEUE_TRANSFER"})
#: "whisper flows".
WHISPER: Final = frozenset({"CUSTOMER_WHISPER", "AGENT_WHISPER", "OUTBOUND_WHISPER"})
#: "hold flows".
HOLD: Final = frozenset({"CUSTOMER_HOLD", "AGENT_HOLD"})
#: "customer queue flows".
QUEUE: Final = frozenset({"CUSTOMER_QUEUE"})
#: "modules" (flow modules run inside an inbound flow, so they may use what an inbound flow may).
MODULE: Final = frozenset({"FLOW_MODULE"})

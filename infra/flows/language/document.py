"""Rules of the flow document itself (Version, StartAction, Metadata, identifiers, limits).

- flow-language-example.html: "Currently the only supported version is 2019-10-30"; StartAction
  "must match the Identifier of an Action in the Actions list"; Metadata "may be filled in with data
  as desired" (so it is optional); "A single Flow may have no more than 250 Actions defined".
- flow-language-actions.html: an Identifier is unique in the flow, up to 50 characters, any
  characters except ``% : ( \\ / ) = $ , ; [ ] { }``, and none of the JavaScript property names
  below (the 2023 page allowed "any characters"; the forbidden characters and names are the
  current page's, and are followed). Every operator of a Condition takes one String operand.
  The page also says Transitions "must have" NextAction, Errors and Conditions, yet terminal
  actions have an empty Transitions and console exports omit empty lists: not enforced here
  (the project's own flows must name a NextAction, see ``infra.flows.validator``).
- botocore ``connect`` ``ContactFlowModuleContent`` (and the Content documentation of
  DescribeContactFlow): the content is 1 to 256000 characters.
"""

from __future__ import annotations

from typing import Final

EXAMPLE_PAGE: Final = "https://docs.aws.amazon.com/connect/latest/devguide/flow-language-example.html"
ACTIONS_PAGE: Final = "https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html"
CONTENT_PAGE: Final = "https://docs.aws.amazon.com/connect/latest/APIReference/API_ContactFlow.html"

FLOW_LANGUAGE_VERSION: Final = "2019-10-30"
MAX_ACTIONS: Final = 250
MAX_IDENTIFIER_LENGTH: Final = 50
MAX_CONTENT_LENGTH: Final = 256000
FORBIDDEN_IDENTIFIER_CHARACTERS: Final = frozenset("%:(\\/)=$,;[]{}")
FORBIDDEN_IDENTIFIERS: Final = frozenset(
    {
        "__proto__",
        "constructor",
        "__defineGetter__",
        "__defineSetter__",
        "toString",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "valueOf",
    }
)
#: Keys of the document the example page shows.
DOCUMENT_KEYS: Final = frozenset({"Version", "StartAction", "Metadata", "Actions"})
#: Keys of an action (flow-language-actions.html: Identifier, Type, Parameters, Transitions).
ACTION_KEYS: Final = frozenset({"Identifier", "Type", "Parameters", "Transitions"})
TRANSITION_KEYS: Final = frozenset({"NextAction", "Errors", "Conditions"})

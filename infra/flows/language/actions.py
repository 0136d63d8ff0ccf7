"""Every action type of the Flow-language reference, one ``ActionSpec`` per documentation page.

Read from the current pages ("Connect Customer Flow language", devguide, 2026), which list 56
action types: 27 contact actions, 6 participant actions, 15 flow control actions and 8
interactions; plus TransferParticipantToThirdParty (the "Transfer to phone number" block), which only
the admin guide's page documents. The 2023 reference (APIReference, "Amazon Connect Flow language") listed 24 contact
actions; the current one adds StartOutboundChatContact, UpdateContactMediaProcessing and
UpdateContactRecordingAndAnalyticsBehavior (the console's new "Set recording, analytics and
processing behavior" block; UpdateContactRecordingBehavior stays documented "for backwards
compatibility"). Where a page and its 2023 version differ, the current one is followed and the
entry's ``notes`` say so.

``parameters=None`` (or ``errors=None`` / ``results=None``) marks a section not transcribed here:
the validator does not check what it does not know. Each entry's ``page`` is the page it cites.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from infra.flows.language import flow_types as ft
from infra.flows.language.spec import ActionSpec, ErrorBranch, Parameter, Results
from infra.flows.language.values import is_true

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

DEVGUIDE: Final = "https://docs.aws.amazon.com/connect/latest/devguide/"


def _page(slug: str) -> str:
    return f"{DEVGUIDE}{slug}.html"


#: "Conditions are supported, but only the Equals operator is supported".
EQUALS: Final = frozenset({"Equals"})
#: The operators of a Condition (flow-language-actions.html, "Transitions").
ALL_OPERATORS: Final = frozenset(
    {
        "Equals",
        "TextStartsWith",
        "TextEndsWith",
        "TextContains",
        "NumberGreaterThan",
        "NumberGreaterOrEqualTo",
        "NumberLessThan",
        "NumberLessOrEqualTo",
    }
)
DTMF_KEYS: Final = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#")

NO_MATCHING_ERROR: Final = ErrorBranch("NoMatchingError")
ALWAYS_NO_MATCHING_ERROR: Final = ErrorBranch("NoMatchingError", required=True, when="must always be defined")
NO_MATCHING_CONDITION: Final = ErrorBranch("NoMatchingCondition")
NONE_RESULTS: Final = Results()

# Parameters shared by the participant actions that speak.
PROMPT_ID: Final = Parameter("PromptId", dynamic="single")
TEXT: Final = Parameter("Text")
SSML: Final = Parameter("SSML")
MEDIA: Final = Parameter(
    "Media",
    "object",
    fields=(
        Parameter("Uri", required=True),
        Parameter("SourceType", "enum", required=True, choices=("S3",)),
        Parameter("MediaType", "enum", required=True, choices=("Audio",)),
    ),
)
QUEUE_ID: Final = Parameter("QueueId", dynamic="single")
AGENT_ID: Final = Parameter("AgentId", dynamic="single")
TARGET_CONTACT: Final = Parameter("TargetContact", "enum", choices=("Current", "Related"), dynamic="static")


# -- cross-field rules ---------------------------------------------------------------------------


def _store_input(parameters: Mapping[str, Any]) -> bool:
    return is_true(parameters.get("StoreInput", "False"))


def _stores_phone_number(parameters: Mapping[str, Any]) -> bool:
    validation = parameters.get("InputValidation")
    return _store_input(parameters) and isinstance(validation, dict) and "PhoneNumberValidation" in validation


def _get_participant_input_rules(
    parameters: Mapping[str, Any], transitions: Mapping[str, Any]
) -> Iterable[str]:
    stores = _store_input(parameters)
    if stores and "InputValidation" not in parameters:
        yield "InputValidation is required if and only if StoreInput is True"
    if not stores and "InputValidation" in parameters:
        yield "InputValidation may be given only when StoreInput is True"
    validation = parameters.get("InputValidation")
    custom = isinstance(validation, dict) and "CustomValidation" in validation
    if "InputEncryption" in parameters and not custom:
        yield "InputEncryption may only be specified if CustomValidation is provided"
    if stores and transitions.get("Conditions"):
        yield "Conditions are supported only when StoreInput is False"


def _check_metric_conditions(parameters: Mapping[str, Any], transitions: Mapping[str, Any]) -> Iterable[str]:
    metric = str(parameters.get("MetricType", ""))
    if not metric.startswith("NumberOfAgents"):
        return
    for condition in transitions.get("Conditions") or []:
        body = condition.get("Condition") or {}
        if body.get("Operator") != "NumberGreaterThan" or [str(o) for o in body.get("Operands") or []] != [
            "0"
        ]:
            yield f"for {metric} the only supported condition is NumberGreaterThan 0"


def _wait_conditions(parameters: Mapping[str, Any], transitions: Mapping[str, Any]) -> Iterable[str]:
    events = [str(event) for event in parameters.get("Events") or []]
    operands = {
        str(operand)
        for condition in transitions.get("Conditions") or []
        for operand in (condition.get("Condition") or {}).get("Operands") or []
    }
    for required in ["WaitCompleted", *events]:
        if required not in operands:
            yield f"a condition Equals {required} is required (WaitCompleted, and every event waited for)"


def _distribution_chain(parameters: Mapping[str, Any], transitions: Mapping[str, Any]) -> Iterable[str]:
    previous = 0.0
    for condition in transitions.get("Conditions") or []:
        body = condition.get("Condition") or {}
        operands = body.get("Operands") or []
        if body.get("Operator") != "NumberLessThan" or len(operands) != 1:
            yield "conditions must be a chain of NumberLessThan comparisons"
            return
        try:
            value = float(operands[0])
        except (TypeError, ValueError):
            yield f"operand {operands[0]!r} is not a number"
            return
        if value > 100:
            yield f"no comparison may compare a value larger than 100 (got {operands[0]})"
        if value <= previous:
            yield "each NumberLessThan must check a larger value than the one before it"
        previous = value


def _one_event_hook(parameters: Mapping[str, Any], transitions: Mapping[str, Any]) -> Iterable[str]:
    hooks = parameters.get("EventHooks")
    if isinstance(hooks, dict) and len(hooks) != 1:
        yield f"only one entry may be present in EventHooks (got {len(hooks)})"


def _recording_and_analytics_shape(
    parameters: Mapping[str, Any], transitions: Mapping[str, Any]
) -> Iterable[str]:
    if "ChatBehavior" in parameters and "VoiceBehavior" in parameters:
        yield "only ONE of the channel behavior objects (ChatBehavior, VoiceBehavior) can be defined"


# -- the table -----------------------------------------------------------------------------------

_SPECS: tuple[ActionSpec, ...] = (
    # ---- participant actions (participant-actions.html) ----------------------------------------
    ActionSpec(
        "ConnectParticipantWithLexBot",
        "participant",
        _page("participant-actions-connectparticipantwithlexbot"),
        "Connects the participant with an Amazon Lex bot; the result is the bot's intent.",
        parameters=(
            PROMPT_ID,
            TEXT,
            SSML,
            MEDIA,
            Parameter("LexV2Bot", "object", fields=(Parameter("AliasArn", required=True),)),
            Parameter(
                "LexBot",
                "object",
                fields=(Parameter("Name", required=True), Parameter("Region"), Parameter("Alias")),
            ),
            Parameter("LexSessionAttributes", "map"),
            # The page's syntax block spells it "LexInitilizationData", its prose
            # "LexInitializationData": both are accepted.
            Parameter("LexInitializationData", "object", fields=(Parameter("InitialMessage"),)),
            Parameter("LexInitilizationData", "object", fields=(Parameter("InitialMessage"),)),
            Parameter("LexTimeoutSeconds", "object", fields=(Parameter("Text"),)),
        ),
        exclusive=(("PromptId", "Text", "SSML"),),
        exactly_one=(("LexV2Bot", "LexBot"),),
        errors=(
            ErrorBranch("InputTimeLimitExceeded"),
            NO_MATCHING_ERROR,
            NO_MATCHING_CONDITION,
        ),
        results=Results(EQUALS, operands=None, note="the result is the Intent of the bot"),
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.QUEUE,
    ),
    ActionSpec(
        "DisconnectParticipant",
        "participant",
        _page("participant-actions-disconnectparticipant"),
        "Disconnects the participant from the contact and stops this flow from running.",
        parameters=(),
        errors=(),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.QUEUE,
        terminal=True,
    ),
    ActionSpec(
        "TransferParticipantToThirdParty",
        "participant",
        "https://docs.aws.amazon.com/connect/latest/adminguide/participant-actions-transferparticipanttothirdparty.html",
        "Transfers the participant to a phone number or voice connector (the console's "
        "'Transfer to phone number' block); may continue the flow when the third party hangs up.",
        # Our copy of the page's parameter object is cut off after CallerId, and console exports
        # write ThirdPartyConnectionTimeLimitSeconds where the page says ...TimeoutSeconds: the
        # parameters are not checked rather than guessed.
        parameters=None,
        errors=(ErrorBranch("CallFailed"), ErrorBranch("ConnectionTimeLimitExceeded"), NO_MATCHING_ERROR),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER,
        channels="voice only",
        notes="Documented on the admin guide's page only; the devguide's list of 56 leaves it out, "
        "yet every console export of 'Transfer to phone number' uses it. Flow types are not on our "
        "copy of the page: those of the other transfer actions are assumed.",
    ),
    ActionSpec(
        "GetParticipantInput",
        "participant",
        _page("participant-actions-getparticipantinput"),
        "Gathers customer input: a DTMF key for a menu, or stored digits (StoreInput True).",
        parameters=(
            PROMPT_ID,
            TEXT,
            SSML,
            MEDIA,
            Parameter("InputTimeLimitSeconds", "integer", dynamic="static", minimum=1),
            Parameter("StoreInput", "boolean", dynamic="static"),
            Parameter(
                "InputValidation",
                "object",
                fields=(
                    Parameter(
                        "PhoneNumberValidation",
                        "object",
                        fields=(
                            Parameter("NumberFormat", "enum", required=True, choices=("Local", "E164")),
                            Parameter("CountryCode"),
                        ),
                    ),
                    Parameter(
                        "CustomValidation",
                        "object",
                        fields=(Parameter("MaximumLength", "integer", required=True, minimum=1),),
                    ),
                ),
                exclusive=(("PhoneNumberValidation", "CustomValidation"),),
            ),
            Parameter(
                "InputEncryption",
                "object",
                fields=(Parameter("EncryptionKeyId", required=True), Parameter("Key", required=True)),
            ),
            Parameter(
                "DTMFConfiguration",
                "object",
                fields=(
                    Parameter("InputTerminationSequence"),
                    Parameter("DisableCancelKey", "boolean", dynamic="static"),
                    Parameter("InterdigitTimeLimitSeconds", "integer", minimum=1, maximum=20),
                ),
            ),
        ),
        exclusive=(("PromptId", "Text", "SSML"),),
        errors=(
            ErrorBranch("InputTimeLimitExceeded"),
            ErrorBranch(
                "NoMatchingCondition",
                allowed_when=lambda parameters: not _store_input(parameters),
                when="only if StoreInput is False",
            ),
            ALWAYS_NO_MATCHING_ERROR,
            ErrorBranch(
                "InvalidPhoneNumber",
                allowed_when=_stores_phone_number,
                when="only if StoreInput is True and PhoneNumberValidation is specified",
            ),
        ),
        results=Results(EQUALS, operands=DTMF_KEYS, note="one static key, only when StoreInput is False"),
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.QUEUE,
        channels="voice only",
        checks=(_get_participant_input_rules,),
    ),
    ActionSpec(
        "MessageParticipant",
        "participant",
        _page("participant-actions-messageparticipant"),
        "Plays a prompt or text-to-speech (voice), or sends a text message (other channels).",
        parameters=(PROMPT_ID, TEXT, SSML, MEDIA),
        exclusive=(("PromptId", "Text", "SSML"),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.WHISPER | ft.QUEUE,
        channels="PromptId and SSML: voice only",
        notes="Errors lists NoMatchingError without 'must always be defined': a branch is optional.",
    ),
    ActionSpec(
        "MessageParticipantIteratively",
        "participant",
        _page("participant-actions-messageparticipantiteratively"),
        "Loops a sequence of prompts while the customer or agent is on hold or in queue.",
        parameters=(
            Parameter(
                "Messages",
                "list",
                required=True,
                min_entries=1,
                items=Parameter(
                    "message",
                    "object",
                    fields=(PROMPT_ID, TEXT, SSML, MEDIA),
                    exclusive=(("PromptId", "Text", "SSML", "Media"),),
                ),
            ),
            Parameter("InterruptFrequencySeconds", "integer", minimum=1),
        ),
        errors=(NO_MATCHING_ERROR,),
        results=Results(EQUALS, operands=("MessagesInterrupted",)),
        flow_types=ft.QUEUE | ft.HOLD,
        next_optional=True,
        channels="PromptId: voice only",
    ),
    ActionSpec(
        "ShowView",
        "participant",
        _page("participant-actions-showview"),
        "Shows a view (step-by-step guide) to the user of a front-end application.",
        parameters=(
            Parameter(
                "ViewResource",
                "object",
                required=True,
                fields=(Parameter("Id", required=True), Parameter("Version")),
            ),
            Parameter("InvocationTimeLimitSeconds", "integer", minimum=1),
            Parameter("ViewData", "any"),
            Parameter("SensitiveDataConfiguration", "object", fields=(Parameter("HideResponseOn", "list"),)),
        ),
        errors=(NO_MATCHING_ERROR, NO_MATCHING_CONDITION, ErrorBranch("TimeLimitExceeded")),
        results=Results(EQUALS, operands=None, note="depends on the view resource"),
        flow_types=ft.INBOUND | ft.MODULE | ft.QUEUE,
        channels="chat only",
    ),
    # ---- flow control actions (flow-control-actions.html) --------------------------------------
    ActionSpec(
        "CheckHoursOfOperation",
        "flow control",
        _page("flow-control-actions-checkhoursofoperation"),
        "Whether the given hours of operation (or the target queue's) are in hours now.",
        parameters=(Parameter("HoursOfOperationId", dynamic="single"),),
        errors=(NO_MATCHING_ERROR,),
        results=Results(EQUALS, operands=("True", "False"), required_operands=("True", "False")),
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.QUEUE,
    ),
    ActionSpec(
        "CheckMetricData",
        "flow control",
        _page("flow-control-actions-checkmetricdata"),
        "A shortcut for GetMetricData and Compare on a few simple queue metrics.",
        parameters=(
            Parameter(
                "MetricType",
                "enum",
                required=True,
                dynamic="static",
                choices=(
                    "NumberOfAgentsAvailable",
                    "NumberOfAgentsStaffed",
                    "NumberOfAgentsOnline",
                    "OldestContactInQueueAgeSeconds",
                    "NumberOfContactsInQueue",
                ),
            ),
            QUEUE_ID,
            AGENT_ID,
        ),
        exclusive=(("QueueId", "AgentId"),),
        errors=(
            NO_MATCHING_ERROR,
            ErrorBranch(
                "NoMatchingCondition",
                when="only supported if the MetricType is OldestContactInQueueAgeSeconds or NumberOfContactsInQueue",
            ),
        ),
        results=Results(
            ALL_OPERATORS, operands=None, note="NumberOfAgents*: only NumberGreaterThan 0", closed=False
        ),
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.QUEUE,
        checks=(_check_metric_conditions,),
        notes=(
            "The page allows NoMatchingCondition only for the two contact metrics, but the console's "
            "own default queue transfer flow wires it on NumberOfAgentsStaffed: it is accepted for all."
        ),
    ),
    ActionSpec(
        "CheckOutboundCallStatus",
        "flow control",
        _page("flow-control-actions-checkoutboundcallstatus"),
        "Branches on the answering-machine detection result of an outbound campaign call.",
        parameters=(),
        errors=(NO_MATCHING_ERROR,),
        results=Results(EQUALS, operands=("CallAnswered", "VoicemailBeep", "VoicemailNoBeep", "NotDetected")),
        flow_types=ft.ALL,
        notes="'This action works with outbound campaigns only': a contact restriction, not a flow type.",
    ),
    ActionSpec(
        "CheckVoiceId",
        "flow control",
        _page("flow-control-actions-checkvoiceid"),
        "Branches on Voice ID's enrollment, authentication or fraud detection result.",
        parameters=(
            Parameter(
                "CheckVoiceIdOption",
                "enum",
                required=True,
                choices=("enrollmentStatus", "voiceAuthentication", "fraudDetection"),
            ),
        ),
        errors=None,
        results=Results(EQUALS, operands=None, note="the Voice ID status for the option"),
        flow_types=ft.ALL,
        notes="AWS ended support for Voice ID on May 20, 2026; the page still documents the action.",
    ),
    ActionSpec(
        "Compare",
        "flow control",
        _page("flow-control-actions-compare"),
        "Compares a value from the flow data against the conditions' operands.",
        parameters=(Parameter("ComparisonValue", required=True, dynamic="reference"),),
        errors=(NO_MATCHING_CONDITION,),
        results=Results(ALL_OPERATORS, operands=None, note="the value specified for comparison"),
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "DistributeByPercentage",
        "flow control",
        _page("flow-control-actions-distributebypercentage"),
        "A random number 1..100, compared by a chain of NumberLessThan conditions.",
        parameters=(),
        errors=(NO_MATCHING_CONDITION,),
        results=Results(frozenset({"NumberLessThan"}), operands=None),
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.QUEUE,
        checks=(_distribution_chain,),
    ),
    ActionSpec(
        "EndFlowExecution",
        "flow control",
        _page("flow-control-actions-endflowexecution"),
        "Finishes the flow without disconnecting the participant.",
        parameters=(),
        errors=(),
        results=NONE_RESULTS,
        flow_types=ft.WHISPER | ft.QUEUE,
        terminal=True,
    ),
    ActionSpec(
        "GetMetricData",
        "flow control",
        _page("flow-control-actions-getmetricdata"),
        "Loads real-time metrics of a queue into $.Metrics.",
        parameters=(QUEUE_ID, AGENT_ID, Parameter("QueueChannel", "enum", choices=("Voice", "Chat"))),
        exclusive=(("QueueId", "AgentId"),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "Loop",
        "flow control",
        _page("flow-control-actions-loop"),
        "ContinueLooping LoopCount times, then DoneLooping once, then resets.",
        parameters=(
            Parameter("LoopCount", "integer", required=True, dynamic="single", minimum=0, maximum=100),
        ),
        errors=(),
        results=Results(
            EQUALS,
            operands=("ContinueLooping", "DoneLooping"),
            required_operands=("ContinueLooping", "DoneLooping"),
        ),
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "StartVoiceIdStream",
        "flow control",
        _page("flow-control-actions-startvoiceidstream"),
        "Sends the call's audio to Voice ID.",
        parameters=(),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL - ft.HOLD,
        channels="voice only",
    ),
    ActionSpec(
        "TransferToFlow",
        "flow control",
        _page("flow-control-actions-transfertoflow"),
        "Continues at the beginning of another flow.",
        parameters=(Parameter("ContactFlowId", required=True, dynamic="single"),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER,
    ),
    ActionSpec(
        "UpdateFlowAttributes",
        "flow control",
        _page("flow-control-actions-updateflowattributes"),
        "Sets flow attributes ($.FlowAttributes), not carried to other flows.",
        parameters=(Parameter("FlowAttributes", "map", required=True),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        notes=(
            "The page's Errors section says None, but console exports carry NoMatchingError (the block "
            "has Success and Error branches): it is accepted, not required."
        ),
    ),
    ActionSpec(
        "UpdateFlowLoggingBehavior",
        "flow control",
        _page("flow-control-actions-updateflowloggingbehavior"),
        "Enables or disables flow logs for the rest of the contact segment.",
        parameters=(
            Parameter(
                "FlowLoggingBehavior",
                "enum",
                required=True,
                dynamic="static",
                choices=("Enabled", "Disabled"),
            ),
        ),
        errors=(),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "UpdateRoutingCriteria",
        "flow control",
        _page("flow-control-actions-updateroutingcriteria"),
        "Sets the routing criteria (proficiency steps) of the contact.",
        parameters=(Parameter("RoutingCriteria", "object", required=True),),
        errors=None,
        results=None,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "Wait",
        "flow control",
        _page("flow-control-actions-wait"),
        "Pauses the flow for a time or until an event (chat).",
        parameters=(
            Parameter("TimeoutSeconds", "integer", dynamic="single", minimum=1, maximum=604800),
            Parameter("TimeLimitSeconds", "integer", dynamic="single", minimum=1, maximum=604800),
            Parameter(
                "Events",
                "list",
                dynamic="static",
                items=Parameter("event", "enum", choices=("CustomerReturned", "BotParticipantDisconnected")),
            ),
        ),
        exclusive=(("TimeoutSeconds", "TimeLimitSeconds"),),
        errors=(NO_MATCHING_ERROR, ErrorBranch("ParticipantNotFound")),
        results=Results(
            EQUALS,
            operands=("WaitCompleted", "CustomerReturned", "BotParticipantDisconnected"),
            required_operands=("WaitCompleted",),
        ),
        flow_types=ft.ALL,
        channels="chat only",
        checks=(_wait_conditions,),
        notes=(
            "The page names the timeout TimeoutSeconds; the console exports it as TimeLimitSeconds. "
            "Either spelling is accepted, not both."
        ),
    ),
    # ---- interactions (interactions.html) ------------------------------------------------------
    ActionSpec(
        "AssociateContactToCustomerProfile",
        "interaction",
        _page("interactions-associatecontacttocustomerprofile"),
        "Associates the contact with a customer profile.",
        parameters=(
            Parameter(
                "ProfileRequestData",
                "object",
                required=True,
                fields=(Parameter("ProfileId", required=True), Parameter("ContactId", required=True)),
            ),
            Parameter("ProfileResponseData", "any"),
        ),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "CreateCallbackContact",
        "interaction",
        _page("interactions-createcallbackcontact"),
        "Creates a callback contact (to the contact's callback number unless one is given).",
        parameters=(
            QUEUE_ID,
            AGENT_ID,
            Parameter(
                "InitialCallDelaySeconds",
                "integer",
                required=True,
                dynamic="static",
                minimum=1,
                maximum=259200,
            ),
            Parameter("MaximumConnectionAttempts", "integer", required=True, dynamic="static", minimum=1),
            Parameter(
                "RetryDelaySeconds", "integer", required=True, dynamic="static", minimum=1, maximum=259200
            ),
            Parameter("ContactFlowId", dynamic="single"),
            Parameter("CallerId", dynamic="single"),
        ),
        exclusive=(("QueueId", "AgentId"),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.QUEUE,
    ),
    ActionSpec(
        "CreateCustomerProfile",
        "interaction",
        _page("interactions-createcustomerprofile"),
        "Creates a customer profile.",
        parameters=(Parameter("ProfileRequestData", "map"), Parameter("ProfileResponseData", "any")),
        errors=None,
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "GetCalculatedAttributesForCustomerProfile",
        "interaction",
        _page("interactions-getcalculatedattributesforcustomerprofile"),
        "Loads calculated attributes of a customer profile into $.Customer.",
        parameters=(
            Parameter(
                "ProfileRequestData", "object", required=True, fields=(Parameter("ProfileId", required=True),)
            ),
            Parameter("ProfileResponseData", "any"),
        ),
        errors=(ErrorBranch("NoneFoundError"), NO_MATCHING_ERROR),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "GetCustomerProfile",
        "interaction",
        _page("interactions-getcustomerprofile"),
        "Finds a customer profile by up to five search identifiers; loads it into $.Customer.",
        parameters=(
            Parameter("ProfileRequestData", "object", required=True),
            Parameter("ProfileResponseData", "any"),
        ),
        errors=None,
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "GetCustomerProfileObject",
        "interaction",
        _page("interactions-getcustomerprofileobject"),
        "Loads an object (asset, order, case...) of a customer profile into $.Customer.",
        parameters=(
            Parameter(
                "ProfileRequestData",
                "object",
                required=True,
                fields=(
                    Parameter("ProfileId", required=True),
                    Parameter("ObjectType", required=True),
                    Parameter("IdentifierName"),
                    Parameter("IdentifierValue"),
                    # The page's syntax block spells it "UseLatset", its prose "UseLatest".
                    Parameter("UseLatest", "boolean"),
                    Parameter("UseLatset", "boolean"),
                ),
            ),
            Parameter("ProfileResponseData", "any"),
        ),
        errors=None,
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "InvokeLambdaFunction",
        "interaction",
        _page("interactions-invokelambdafunction"),
        "Invokes a Lambda function; its response lands under $.External.",
        parameters=(
            Parameter("LambdaFunctionARN", required=True),
            Parameter(
                "InvocationTimeLimitSeconds", "integer", required=True, dynamic="static", minimum=1, maximum=8
            ),
            Parameter("InvocationType", "enum", choices=("SYNCHRONOUS", "ASYNCHRONOUS")),
            Parameter("LambdaInvocationAttributes", "map"),
            Parameter(
                "ResponseValidation",
                "object",
                fields=(
                    Parameter(
                        "ResponseType",
                        "enum",
                        required=True,
                        dynamic="static",
                        choices=("STRING_MAP", "JSON"),
                    ),
                ),
            ),
        ),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "UpdateCustomerProfile",
        "interaction",
        _page("interactions-updatecustomerprofile"),
        "Updates the customer profile created or retrieved earlier in the flow.",
        parameters=(Parameter("ProfileRequestData", "map"), Parameter("ProfileResponseData", "any")),
        errors=None,
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    # ---- contact actions (contact-actions.html) ------------------------------------------------
    ActionSpec(
        "CompleteOutboundCall",
        "contact",
        _page("contact-actions-completeoutboundcall"),
        "Calls the outbound destination of an outbound contact (otherwise the first participant action does).",
        parameters=(
            Parameter("CallerId", "object", fields=(Parameter("Number", required=True, dynamic="single"),)),
            Parameter(
                "VoiceConnector",
                "object",
                fields=(
                    Parameter("VoiceConnectorType", "enum", dynamic="static", choices=("ChimeConnector",)),
                    Parameter("VoiceConnectorArn"),
                    Parameter("FromUser"),
                    Parameter("ToUser"),
                    Parameter("UserToUserInformation"),
                ),
            ),
            Parameter("ConnectionTimeLimitSeconds", "integer", minimum=1, maximum=600),
        ),
        errors=(),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "CreateCase",
        "contact",
        _page("createcase"),
        "Creates a case from a case template, optionally linked to the contact.",
        parameters=(
            Parameter("LinkContactToCase", "boolean"),
            Parameter("CaseTemplateId", required=True),
            Parameter("CaseRequestFields", "map"),
        ),
        errors=(ErrorBranch("ContactNotLinked"), NO_MATCHING_ERROR),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "CreateTask",
        "contact",
        _page("createtask"),
        "Creates a task that runs a flow.",
        parameters=(
            Parameter("ContactFlowId", dynamic="single"),
            Parameter("Attributes", "map"),
            Parameter("Name"),
            Parameter("Description"),
            Parameter("References", "map"),
            Parameter("DelaySeconds", "integer", minimum=1, maximum=518400),
            Parameter("ScheduledTime"),
            Parameter("TaskTemplateId", dynamic="static"),
        ),
        exclusive=(("DelaySeconds", "ScheduledTime"),),
        errors=None,
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "CreateWisdomSession",
        "contact",
        _page("createwisdomsession"),
        "Associates an Amazon Q in Connect (Wisdom) assistant with the contact.",
        parameters=(Parameter("WisdomAssistantArn", required=True),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        channels="voice only",
    ),
    ActionSpec(
        "DequeueContactAndTransferToQueue",
        "contact",
        _page("contact-actions-dequeuecontactandtransfertoqueue"),
        "Takes a queued contact out of its queue and puts it into another (customer queue flows).",
        parameters=(QUEUE_ID, AGENT_ID),
        exclusive=(("QueueId", "AgentId"),),
        errors=(ErrorBranch("QueueAtCapacity"), NO_MATCHING_ERROR),
        results=NONE_RESULTS,
        flow_types=ft.QUEUE,
    ),
    ActionSpec(
        "EndFlowModuleExecution",
        "contact",
        _page("endflowmoduleexecution"),
        "Ends the current module and returns to the flow that invoked it.",
        parameters=(),
        errors=(),
        results=NONE_RESULTS,
        flow_types=ft.MODULE,
        terminal=True,
    ),
    ActionSpec(
        "GetCase",
        "contact",
        _page("getcase"),
        "Finds a customer's case by its fields, optionally linking the contact to it.",
        parameters=(
            Parameter("LinkContactToCase", "boolean"),
            Parameter("GetLastUpdatedCase", "boolean"),
            Parameter("CustomerId"),
            Parameter("CaseRequestFields", "map"),
            Parameter("CaseResponseFields", "list"),
        ),
        errors=(
            NO_MATCHING_ERROR,
            ErrorBranch("ContactNotLinked"),
            ErrorBranch("MultipleFound"),
            ErrorBranch("NoneFound"),
        ),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "InvokeFlowModule",
        "contact",
        _page("flow-language-actions-invoke-flow-module"),
        "Runs a flow module, then continues.",
        parameters=(Parameter("FlowModuleId", required=True),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE,
        notes=(
            "The page's Restrictions say inbound flows; modules may invoke modules (up to five levels, "
            "adminguide contact-flow-modules.html), so FLOW_MODULE is allowed too."
        ),
    ),
    ActionSpec(
        "StartOutboundChatContact",
        "contact",
        _page("contact-actions-startoutboundchatcontact"),
        "Starts an outbound SMS chat contact to a customer (new in the current reference).",
        parameters=(
            Parameter(
                "SourceEndpoint",
                "object",
                required=True,
                fields=(
                    Parameter("Address", required=True),
                    Parameter("Type", "enum", required=True, choices=("CONNECT_PHONENUMBER_ARN",)),
                ),
            ),
            Parameter(
                "DestinationEndpoint",
                "object",
                required=True,
                fields=(
                    Parameter("Address", required=True),
                    Parameter("Type", "enum", required=True, choices=("TELEPHONE_NUMBER",)),
                ),
            ),
            Parameter("ContactFlowArn", required=True),
            Parameter("ContactSubtype", "enum", required=True, choices=("connect:SMS",)),
            Parameter("InitialSystemMessage", "object", fields=(Parameter("Content", required=True),)),
            Parameter("RelatedContact", "enum", choices=("CURRENT",)),
        ),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "TagContact",
        "contact",
        _page("contact-actions-tagcontact"),
        "Sets user-defined tags on the contact.",
        parameters=(Parameter("Tags", "map", required=True),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        notes="The page's Errors say None; the console's block has an Error branch: it is accepted.",
    ),
    ActionSpec(
        "TransferContactToAgent",
        "contact",
        _page("contact-actions-transfercontacttoagent"),
        "Ends the flow and transfers the customer to an agent (voice, transfer flows).",
        parameters=(),
        errors=(),
        results=NONE_RESULTS,
        flow_types=ft.TRANSFER,
        terminal=True,
        channels="voice only",
    ),
    ActionSpec(
        "TransferContactToQueue",
        "contact",
        _page("contact-actions-transfercontacttoqueue"),
        "Puts a contact that is not in a queue into its target queue.",
        parameters=(),
        errors=(ErrorBranch("QueueAtCapacity"), NO_MATCHING_ERROR),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER,
    ),
    ActionSpec(
        "UnTagContact",
        "contact",
        _page("contact-actions-untagcontact"),
        "Removes user-defined tags from the contact.",
        parameters=(Parameter("TagKeys", "list", required=True, dynamic="static", min_entries=1),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        aliases=("UntagContact",),
        notes=(
            "The page spells the type UnTagContact; the API operation (and console exports) spell it "
            "UntagContact. Both spellings are accepted."
        ),
    ),
    ActionSpec(
        "UpdateCase",
        "contact",
        _page("updatecase"),
        "Updates fields of an existing case.",
        parameters=(
            Parameter("LinkContactToCase", "boolean"),
            Parameter("CaseId", required=True),
            Parameter("CaseRequestFields", "map"),
        ),
        errors=(ErrorBranch("ContactNotLinked"), NO_MATCHING_ERROR),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "UpdateContactAttributes",
        "contact",
        _page("contact-actions-updatecontactattributes"),
        "Sets user-defined contact attributes, all or none.",
        parameters=(Parameter("Attributes", "map", required=True), TARGET_CONTACT),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "UpdateContactCallbackNumber",
        "contact",
        _page("contact-actions-updatecontactcallbacknumber"),
        "Sets the number CreateCallbackContact calls.",
        parameters=(Parameter("CallbackNumber", required=True, dynamic="reference"),),
        errors=(ErrorBranch("InvalidCallbackNumber"), ErrorBranch("CallbackNumberNotDialable")),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER | ft.QUEUE,
    ),
    ActionSpec(
        "UpdateContactData",
        "contact",
        _page("contact-actions-updatecontactdata"),
        "Sets Connect-defined contact data (name, description, language, references, Voice ID).",
        parameters=(
            Parameter("Name"),
            Parameter("Description"),
            Parameter("LanguageCode"),
            Parameter("CustomerId"),
            Parameter("References", "map"),
            Parameter("IsVoiceIdStreamingEnabled", "enum", choices=("TRUE", "FALSE")),
            Parameter("IsVoiceAuthenticationEnabled", "enum", choices=("TRUE", "FALSE")),
            Parameter("IsFraudDetectionEnabled", "enum", choices=("TRUE", "FALSE")),
            Parameter("VoiceAuthenticationThreshold", "integer", minimum=0, maximum=100),
            Parameter("VoiceAuthenticationResponseTime", "integer", minimum=5, maximum=10),
            Parameter("FraudDetectionThreshold", "integer", minimum=0, maximum=100),
            Parameter("WatchlistId"),
            Parameter("WisdomSessionArn"),
            TARGET_CONTACT,
        ),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        notes="TargetContact is marked [Required] on the page, but console exports omit it: optional here.",
    ),
    ActionSpec(
        "UpdateContactEventHooks",
        "contact",
        _page("contact-actions-updatecontacteventhooks"),
        "Sets one event hook: the flow to run on a contact event (queue, hold, whisper, disconnect...).",
        parameters=(
            Parameter(
                "EventHooks",
                "map",
                required=True,
                keys=(
                    "AgentHold",
                    "AgentWhisper",
                    "CustomerHold",
                    "CustomerQueue",
                    "CustomerRemaining",
                    "CustomerWhisper",
                    "DefaultAgentUI",
                    "DisconnectAgentUI",
                    "PauseContact",
                    "ResumeContact",
                ),
            ),
        ),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        checks=(_one_event_hook,),
    ),
    ActionSpec(
        "UpdateContactMediaProcessing",
        "contact",
        _page("contact-actions-updatecontactmediaprocessing"),
        "Sets media processing (e.g. chat message processing) for the contact (new in the current reference).",
        parameters=None,
        errors=None,
        results=None,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "UpdateContactMediaStreamingBehavior",
        "contact",
        _page("contact-actions-updatecontactmediastreamingbehavior"),
        "Starts or stops streaming the customer's audio (Kinesis Video Streams).",
        parameters=(
            Parameter(
                "MediaStreamingState",
                "enum",
                required=True,
                dynamic="static",
                choices=("Enabled", "Disabled"),
            ),
            Parameter(
                "Participants",
                "list",
                required=True,
                items=Parameter(
                    "participant",
                    "object",
                    fields=(
                        Parameter(
                            "ParticipantType", "enum", required=True, dynamic="static", choices=("Customer",)
                        ),
                        Parameter("MediaDirections", "list", required=True, dynamic="static"),
                    ),
                ),
            ),
            Parameter("MediaStreamType", "enum", required=True, dynamic="static", choices=("Audio",)),
        ),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL - ft.HOLD,
        channels="voice only",
    ),
    ActionSpec(
        "UpdateContactRecordingAndAnalyticsBehavior",
        "contact",
        _page("contact-actions-updatecontactrecordingandanalyticsbehavior"),
        "Sets recording, Contact Lens analytics and redaction (new in the current reference).",
        parameters=(
            Parameter("ChatBehavior", "object"),
            Parameter(
                "VoiceBehavior",
                "object",
                fields=(
                    Parameter(
                        "VoiceRecordingBehavior",
                        "object",
                        fields=(
                            Parameter("RecordedParticipants", "list", dynamic="static"),
                            Parameter(
                                "IVRRecordingBehavior",
                                "enum",
                                dynamic="static",
                                choices=("Enabled", "Disabled"),
                            ),
                        ),
                    ),
                    Parameter("VoiceAnalyticsBehavior", "object"),
                ),
            ),
            Parameter(
                "ScreenRecordingBehavior",
                "object",
                fields=(Parameter("ScreenRecordedParticipants", "list", dynamic="static"),),
            ),
        ),
        errors=(
            ALWAYS_NO_MATCHING_ERROR,
            ErrorBranch("ChannelMismatch", required=True, when="must always be defined"),
            ErrorBranch(
                "InFlightRedactionConfigurationFailed",
                required_when=lambda parameters: "ChatBehavior" in parameters,
                when="must be defined if chat behavior is defined",
            ),
        ),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        checks=(_recording_and_analytics_shape,),
    ),
    ActionSpec(
        "UpdateContactRecordingBehavior",
        "contact",
        _page("contact-actions-updatecontactrecordingbehavior"),
        "Sets which participants are recorded, and Contact Lens analytics.",
        parameters=(
            Parameter(
                "RecordingBehavior",
                "object",
                required=True,
                fields=(
                    Parameter("RecordedParticipants", "list", required=True, dynamic="static"),
                    Parameter("ScreenRecordedParticipants", "list", dynamic="static"),
                    Parameter(
                        "IVRRecordingBehavior", "enum", dynamic="static", choices=("Enabled", "Disabled")
                    ),
                ),
            ),
            Parameter("AnalyticsBehavior", "object"),
        ),
        errors=(),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        notes=(
            "Superseded in the console by UpdateContactRecordingAndAnalyticsBehavior; still documented "
            "for existing flows."
        ),
    ),
    ActionSpec(
        "ResumeContact",
        "contact",
        _page("contact-actions-updatecontactresumecontact"),
        "Resumes a paused contact.",
        parameters=(),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
    ),
    ActionSpec(
        "UpdateContactRoutingBehavior",
        "contact",
        _page("contact-actions-updatecontactroutingbehavior"),
        "Sets the contact's queue priority or moves it in its queue.",
        parameters=(
            Parameter("QueuePriority", "integer", dynamic="static", minimum=1),
            Parameter("QueueTimeAdjustmentSeconds", "integer", dynamic="static"),
        ),
        exclusive=(("QueuePriority", "QueueTimeAdjustmentSeconds"),),
        errors=(),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE,
    ),
    ActionSpec(
        "UpdateContactTargetQueue",
        "contact",
        _page("contact-actions-updatecontacttargetqueue"),
        "Sets the queue TransferContactToQueue uses (a queue, or an agent's queue).",
        parameters=(QUEUE_ID, AGENT_ID),
        exclusive=(("QueueId", "AgentId"),),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER,
    ),
    ActionSpec(
        "UpdateContactTextToSpeechVoice",
        "contact",
        _page("contact-actions-updatecontacttexttospeechvoice"),
        "Sets the Amazon Polly voice (and engine, style) of text-to-speech.",
        parameters=(
            Parameter("TextToSpeechVoice"),
            Parameter("TextToSpeechEngine"),
            Parameter("TextToSpeechStyle"),
        ),
        errors=(ALWAYS_NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.ALL,
        notes=(
            "The 2023 page said the three parameters 'must be defined statically' and listed no errors; "
            "the current page allows dynamic values and says NoMatchingError 'must always be defined'. "
            "The current page is followed."
        ),
    ),
    ActionSpec(
        "UpdatePreviousContactParticipantState",
        "contact",
        _page("contact-actions-updatepreviouscontactparticipantstate"),
        "Puts the previous participant (the transferring agent) on hold or off hold.",
        parameters=(
            Parameter(
                "PreviousContactParticipantState",
                "enum",
                required=True,
                choices=("AgentOnHold", "CustomerOnHold", "OffHold"),
            ),
        ),
        errors=(NO_MATCHING_ERROR,),
        results=NONE_RESULTS,
        flow_types=ft.INBOUND | ft.MODULE | ft.TRANSFER,
        channels="voice only",
    ),
)

#: Every action type by its documented name.
ACTIONS: Final[Mapping[str, ActionSpec]] = {spec.type: spec for spec in _SPECS}
#: Other spellings of a documented type, to the documented name.
ACTION_TYPE_ALIASES: Final[Mapping[str, str]] = {
    alias: spec.type for spec in _SPECS for alias in spec.aliases
}
DOCUMENTED_ACTION_TYPES: Final = frozenset(ACTIONS)


def spec_for(action_type: str) -> ActionSpec | None:
    """The spec of ``action_type`` (documented name or alias), or None when it is not documented."""
    return ACTIONS.get(ACTION_TYPE_ALIASES.get(action_type, action_type))

"""The catalogue holds every action type of the current Flow-language reference, and nothing else."""

from __future__ import annotations

from collections import Counter

from infra.flows.language import (
    ACTIONS,
    DOCUMENTED_ACTION_TYPES,
    FLOW_TYPES,
    allowed_in,
    documented_errors,
    documented_results,
    spec_for,
)

# The topic lists of the four category pages (devguide contact-actions.html, participant-actions.html,
# flow-control-actions.html, interactions.html), copied by hand so a slip in the table shows up here.
CONTACT = {
    "CompleteOutboundCall", "CreateCase", "CreateTask", "CreateWisdomSession",
    "DequeueContactAndTransferToQueue", "EndFlowModuleExecution", "GetCase", "InvokeFlowModule",
    "StartOutboundChatContact", "TagContact", "TransferContactToAgent", "TransferContactToQueue",
    "UnTagContact", "UpdateCase", "UpdateContactAttributes", "UpdateContactCallbackNumber",
    "UpdateContactData", "UpdateContactEventHooks", "UpdateContactMediaProcessing",
    "UpdateContactMediaStreamingBehavior", "UpdateContactRecordingAndAnalyticsBehavior",
    "UpdateContactRecordingBehavior", "ResumeContact", "UpdateContactRoutingBehavior",
    "UpdateContactTargetQueue", "UpdateContactTextToSpeechVoice", "UpdatePreviousContactParticipantState",
}  # fmt: skip
PARTICIPANT = {
    "ConnectParticipantWithLexBot", "DisconnectParticipant", "GetParticipantInput",
    "MessageParticipant", "MessageParticipantIteratively", "ShowView", "TransferParticipantToThirdParty",
}  # fmt: skip
FLOW_CONTROL = {
    "CheckHoursOfOperation", "CheckMetricData", "CheckOutboundCallStatus", "CheckVoiceId", "Compare",
    "DistributeByPercentage", "EndFlowExecution", "GetMetricData", "Loop", "StartVoiceIdStream",
    "TransferToFlow", "UpdateFlowAttributes", "UpdateFlowLoggingBehavior", "UpdateRoutingCriteria", "Wait",
}  # fmt: skip
INTERACTIONS = {
    "AssociateContactToCustomerProfile", "CreateCallbackContact", "CreateCustomerProfile",
    "InvokeLambdaFunction", "GetCustomerProfile", "GetCustomerProfileObject",
    "GetCalculatedAttributesForCustomerProfile", "UpdateCustomerProfile",
}  # fmt: skip


def test_every_documented_action_type_is_in_the_catalogue_under_its_category() -> None:
    assert DOCUMENTED_ACTION_TYPES == CONTACT | PARTICIPANT | FLOW_CONTROL | INTERACTIONS
    assert len(DOCUMENTED_ACTION_TYPES) == 57  # the devguide's 56 + TransferParticipantToThirdParty
    by_category = Counter(spec.category for spec in ACTIONS.values())
    assert by_category == {"contact": 27, "participant": 7, "flow control": 15, "interaction": 8}


def test_every_entry_cites_its_page_and_names_only_real_flow_types() -> None:
    for spec in ACTIONS.values():
        # the devguide page, or the admin guide page where only it documents the action
        assert spec.page.startswith("https://docs.aws.amazon.com/connect/latest/"), spec.type
        assert spec.flow_types and spec.flow_types <= set(FLOW_TYPES), spec.type


def test_the_simulator_can_ask_for_errors_results_and_flow_types() -> None:
    assert documented_errors("TransferContactToQueue") == {"QueueAtCapacity", "NoMatchingError"}
    assert documented_errors("NoSuchAction") == frozenset()
    assert documented_results("CheckHoursOfOperation") == ("True", "False")
    assert documented_results("InvokeLambdaFunction") == ()
    assert documented_results("Compare") is None
    assert not allowed_in("EndFlowExecution", "CONTACT_FLOW")
    assert allowed_in("EndFlowExecution", "CUSTOMER_QUEUE")


def test_the_api_spelling_of_untagcontact_finds_the_documented_entry() -> None:
    spec = spec_for("UntagContact")
    assert spec is not None and spec.type == "UnTagContact"

"""One handler per Flow-language action type, in one table: ``HANDLERS[action["Type"]]``.

Every documented action type (``infra.flows.language.DOCUMENTED_ACTION_TYPES``) has a row; a
test keeps it that way. Handlers live in small modules by area; each module's docstring names
the documentation pages it follows and what it does locally in place of the AWS service.
"""

from __future__ import annotations

from collections.abc import Mapping

from local.connect_simulator.actions import (
    attributes,
    branching,
    callbacks,
    cases,
    contact_data,
    contact_settings,
    created_contacts,
    customer_profiles,
    endings,
    flow_attributes,
    flow_logging,
    flow_transfers,
    lambda_functions,
    lex_bot,
    media,
    metrics,
    prompts,
    recording,
    routing,
    third_party,
    views,
    voice_id,
)
from local.connect_simulator.runtime import Handler

HANDLERS: Mapping[str, Handler] = {
    # participant actions
    "ConnectParticipantWithLexBot": lex_bot.connect_participant_with_lex_bot,
    "DisconnectParticipant": endings.disconnect_participant,
    "GetParticipantInput": prompts.get_participant_input,
    "MessageParticipant": prompts.message_participant,
    "MessageParticipantIteratively": prompts.message_participant_iteratively,
    "ShowView": views.show_view,
    # documented in the adminguide's participant actions, absent from the current devguide list
    "TransferParticipantToThirdParty": third_party.transfer_participant_to_third_party,
    # flow control actions
    "CheckHoursOfOperation": branching.check_hours_of_operation,
    "CheckMetricData": metrics.check_metric_data,
    "CheckOutboundCallStatus": branching.check_outbound_call_status,
    "CheckVoiceId": voice_id.check_voice_id,
    "Compare": branching.compare,
    "DistributeByPercentage": branching.distribute_by_percentage,
    "EndFlowExecution": endings.end_flow_execution,
    "GetMetricData": metrics.get_metric_data,
    "Loop": branching.loop,
    "StartVoiceIdStream": voice_id.start_voice_id_stream,
    "TransferToFlow": flow_transfers.transfer_to_flow,
    "UpdateFlowAttributes": flow_attributes.update_flow_attributes,
    "UpdateFlowLoggingBehavior": flow_logging.update_flow_logging_behavior,
    "UpdateRoutingCriteria": routing.update_routing_criteria,
    "Wait": branching.wait,
    # interactions
    "AssociateContactToCustomerProfile": customer_profiles.associate_contact_to_customer_profile,
    "CreateCallbackContact": callbacks.create_callback_contact,
    "CreateCustomerProfile": customer_profiles.create_customer_profile,
    "GetCalculatedAttributesForCustomerProfile": customer_profiles.get_calculated_attributes_for_customer_profile,
    "GetCustomerProfile": customer_profiles.get_customer_profile,
    "GetCustomerProfileObject": customer_profiles.get_customer_profile_object,
    "InvokeLambdaFunction": lambda_functions.invoke_lambda_function,
    "UpdateCustomerProfile": customer_profiles.update_customer_profile,
    # contact actions
    "CompleteOutboundCall": created_contacts.complete_outbound_call,
    "CreateCase": cases.create_case,
    "CreateTask": created_contacts.create_task,
    "CreateWisdomSession": contact_data.create_wisdom_session,
    "DequeueContactAndTransferToQueue": routing.dequeue_contact_and_transfer_to_queue,
    "EndFlowModuleExecution": flow_transfers.end_flow_module_execution,
    "GetCase": cases.get_case,
    "InvokeFlowModule": flow_transfers.invoke_flow_module,
    "ResumeContact": contact_data.resume_contact,
    "StartOutboundChatContact": created_contacts.start_outbound_chat_contact,
    "TagContact": contact_data.tag_contact,
    "TransferContactToAgent": routing.transfer_contact_to_agent,
    "TransferContactToQueue": routing.transfer_contact_to_queue,
    "UnTagContact": contact_data.untag_contact,
    "UntagContact": contact_data.untag_contact,  # the API's spelling, which console exports use
    "UpdateCase": cases.update_case,
    "UpdateContactAttributes": attributes.update_contact_attributes,
    "UpdateContactCallbackNumber": callbacks.update_contact_callback_number,
    "UpdateContactData": contact_data.update_contact_data,
    "UpdateContactEventHooks": contact_settings.update_contact_event_hooks,
    "UpdateContactMediaProcessing": media.update_contact_media_processing,
    "UpdateContactMediaStreamingBehavior": media.update_contact_media_streaming_behavior,
    "UpdateContactRecordingAndAnalyticsBehavior": recording.update_contact_recording_and_analytics_behavior,
    "UpdateContactRecordingBehavior": recording.update_contact_recording_behavior,
    "UpdateContactRoutingBehavior": routing.update_contact_routing_behavior,
    "UpdateContactTargetQueue": routing.update_contact_target_queue,
    "UpdateContactTextToSpeechVoice": contact_settings.update_contact_text_to_speech_voice,
    "UpdatePreviousContactParticipantState": contact_data.update_previous_contact_participant_state,
}

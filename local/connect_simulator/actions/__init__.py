"""One handler per Flow-language action type, in one table: ``HANDLERS[action["Type"]]``."""

from __future__ import annotations

from collections.abc import Mapping

from local.connect_simulator.actions import (
    attributes,
    branching,
    contact_settings,
    endings,
    flow_logging,
    lambda_functions,
    prompts,
    recording,
    routing,
)
from local.connect_simulator.runtime import Handler

HANDLERS: Mapping[str, Handler] = {
    "CheckHoursOfOperation": branching.check_hours_of_operation,
    "Compare": branching.compare,
    "CreateCallbackContact": routing.create_callback_contact,
    "DisconnectParticipant": endings.disconnect_participant,
    "EndFlowExecution": endings.end_flow_execution,
    "GetParticipantInput": prompts.get_participant_input,
    "InvokeLambdaFunction": lambda_functions.invoke_lambda_function,
    "Loop": branching.loop,
    "MessageParticipant": prompts.message_participant,
    "TransferContactToQueue": routing.transfer_contact_to_queue,
    "UpdateContactAttributes": attributes.update_contact_attributes,
    "UpdateContactEventHooks": contact_settings.update_contact_event_hooks,
    "UpdateContactRoutingBehavior": routing.update_contact_routing_behavior,
    "UpdateContactTargetQueue": routing.update_contact_target_queue,
    "UpdateContactRecordingBehavior": recording.update_contact_recording_behavior,
    "UpdateContactTextToSpeechVoice": contact_settings.update_contact_text_to_speech_voice,
    "UpdateFlowLoggingBehavior": flow_logging.update_flow_logging_behavior,
}

"""Every path of the outbound reminder flow: what the callee did becomes contact attributes."""

from __future__ import annotations

from local.connect_simulator import Party, Press
from tests.simulator.conftest import ContactCentre


def test_a_callee_who_presses_1_is_recorded_with_key_1_after_hearing_the_message(
    dialler_centre: ContactCentre,
) -> None:
    call = dialler_centre.remind(Party.answers(presses=["1"]))
    attributes = call.contact.attributes
    assert (attributes["pressedKey"], attributes["menuResult"], attributes["messageHeard"]) == (
        "1",
        "key",
        "true",
    )
    assert attributes["transferredToAgent"] == "false"
    assert call.said()[0] == "Your parcel is waiting in locker 12."
    assert call.contact.disconnect_reason == "CONTACT_FLOW_DISCONNECT"


def test_a_callee_who_presses_2_is_recorded_with_key_2(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=["2"]))
    assert (call.contact.attributes["pressedKey"], call.contact.attributes["menuResult"]) == ("2", "key")


def test_pressing_the_agent_key_queues_the_callee_for_an_agent(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=["0"]))
    assert call.contact.attributes["transferredToAgent"] == "true"
    assert call.contact.queue_name == "outbound"
    assert call.contact.disconnect_reason == "AGENT_DISCONNECT"


def test_the_agent_key_uses_the_campaigns_queue_when_it_names_one(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(
        Party.answers(presses=["0"]), agentQueueArn=dialler_centre.sim.queue_arn("general")
    )
    assert call.contact.queue_name == "general"


def test_a_callee_who_presses_nothing_is_asked_twice_and_recorded_as_no_key(
    dialler_centre: ContactCentre,
) -> None:
    call = dialler_centre.remind(Party.answers())
    assert call.contact.attributes["menuResult"] == "no_key"
    assert call.contact.attributes["pressedKey"] == ""
    assert call.contact.attributes["messageHeard"] == "true"
    assert sum("Press 1" in said for said in call.said()) == 2


def test_a_key_outside_the_campaigns_menu_is_refused_then_the_valid_one_counts(
    dialler_centre: ContactCentre,
) -> None:
    call = dialler_centre.remind(Party.answers(presses=["7", "2"]))
    assert any("not one of the options" in said for said in call.said())
    assert (call.contact.attributes["pressedKey"], call.contact.attributes["menuResult"]) == ("2", "key")


def test_only_invalid_keys_are_recorded_as_invalid(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=["7", "8"]))
    assert call.contact.attributes["menuResult"] == "invalid_key"


def test_a_callee_who_hangs_up_mid_message_has_not_heard_it(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.hangs_up(after_s=1))
    assert call.contact.attributes["messageHeard"] == "false"
    assert call.contact.attributes["menuResult"] == ""
    assert call.contact.disconnect_reason == "CUSTOMER_DISCONNECT"


def test_a_key_pressed_while_the_message_plays_answers_the_menu(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=[Press("2", at_s=0.5)]))
    attributes = call.contact.attributes
    assert (attributes["pressedKey"], attributes["menuResult"], attributes["messageHeard"]) == (
        "2",
        "key",
        "true",
    )
    assert call.said()[0] == "Your parcel is waiting in locker 12."
    assert not any("Press 1" in said for said in call.said())  # nobody asked again: the key was the answer


def test_the_repeat_key_plays_the_message_again_then_the_answer_counts(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=["9", "2"]), menuKeys="1209", repeatKey="9")
    assert call.said().count("Your parcel is waiting in locker 12.") == 2
    assert (call.contact.attributes["pressedKey"], call.contact.attributes["menuResult"]) == ("2", "key")


def test_the_repeat_key_is_an_ordinary_answer_when_the_campaign_gives_it_no_repeat(
    dialler_centre: ContactCentre,
) -> None:
    call = dialler_centre.remind(Party.answers(presses=["9"]), menuKeys="1209", repeatKey="none")
    assert call.said().count("Your parcel is waiting in locker 12.") == 1
    assert (call.contact.attributes["pressedKey"], call.contact.attributes["menuResult"]) == ("9", "key")


def test_an_ssml_message_is_spoken_as_ssml(dialler_centre: ContactCentre) -> None:
    ssml = '<speak>Your parcel is in locker <say-as interpret-as="digits">12</say-as>.</speak>'
    call = dialler_centre.remind(Party.answers(presses=["2"]), messageText=ssml, messageType="ssml")
    spoken = [entry for entry in call.contact.flow_log if entry["Identifier"].startswith("message-")]
    assert [entry["Identifier"] for entry in spoken] == ["message-ssml"]
    assert spoken[0]["Parameters"]["SSML"] == "$.Attributes.messageText"
    assert "Text" not in spoken[0]["Parameters"]
    assert "<" not in call.said()[0] and call.said()[0].startswith("Your parcel is in locker 12")
    assert call.contact.attributes["pressedKey"] == "2"
    # The same document sent as plain text would be read out tag by tag.
    as_text = dialler_centre.remind(Party.answers(presses=["2"]), messageText=ssml, messageType="text")
    assert as_text.said()[0].startswith("<speak>")


def test_a_plain_message_is_spoken_as_text(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=["2"]), messageType="text")
    spoken = [entry for entry in call.contact.flow_log if entry["Identifier"].startswith("message-")]
    assert [entry["Identifier"] for entry in spoken] == ["message-text"]
    assert spoken[0]["Parameters"]["Text"] == "$.Attributes.messageText"


def test_the_agent_key_transfers_to_the_campaigns_named_queue_by_id(dialler_centre: ContactCentre) -> None:
    courier = dialler_centre.sim.add_queue("courier").rsplit("/", 1)[-1]
    call = dialler_centre.remind(
        Party.answers(presses=["3"]), menuKeys="1239", agentKey="3", agentQueueArn=courier
    )
    assert call.contact.queue_name == "courier"
    assert call.contact.attributes["transferredToAgent"] == "true"


def test_a_queue_the_instance_does_not_know_falls_back_to_the_outbound_queue(
    dialler_centre: ContactCentre,
) -> None:
    call = dialler_centre.remind(Party.answers(presses=["0"]), agentQueueArn="no-such-queue")
    assert call.contact.queue_name == "outbound"


def test_every_reminder_call_writes_flow_logs_from_its_first_action(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=["2"]))
    assert call.contact.flow_log[0]["Identifier"] == "init"  # the action right after logging turned on
    assert call.contact.flow_log[-1]["ContactFlowModuleType"] == "DisconnectParticipant"
    assert not call.contact.recording.on  # nobody told the callee the call is recorded


def test_an_unanswered_call_never_runs_the_flow(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.no_answer())
    assert call.contact.disconnect_reason == "TELECOM_TIMEOUT"
    assert "messageHeard" not in call.contact.attributes
    assert call.said() == []


def test_a_busy_line_ends_as_busy(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.busy_line())
    assert call.contact.disconnect_reason == "TELECOM_BUSY"


def test_a_voicemail_hears_the_message_but_never_presses(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.voicemail_box())
    assert call.contact.attributes["messageHeard"] == "true"
    assert call.contact.attributes["menuResult"] == "no_key"


def test_the_campaigns_voice_speaks_the_message(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=["1"]), voice="Matthew")
    assert call.contact.voice == "Matthew"


def test_a_campaign_without_a_menu_only_speaks_the_message(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(), menuKeys="", menuPrompt="")
    assert call.contact.attributes["messageHeard"] == "true"
    assert not any("Press 1" in said for said in call.said())

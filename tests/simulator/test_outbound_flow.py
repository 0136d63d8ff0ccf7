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


def test_a_key_pressed_during_the_message_is_lost_like_on_a_real_call(dialler_centre: ContactCentre) -> None:
    call = dialler_centre.remind(Party.answers(presses=[Press("1", at_s=0.5)]))
    assert call.contact.attributes["menuResult"] == "no_key"


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

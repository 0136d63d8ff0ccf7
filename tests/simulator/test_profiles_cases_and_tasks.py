"""Customer Profiles, Cases, tasks and outbound chats against the simulator's own stores."""

from __future__ import annotations

from local.connect_simulator import ConnectSimulator
from tests.simulator.flow_support import action, call, flow, on_error

PROFILE_ERRORS = [
    on_error("NoneFoundError", "unknown"),
    on_error("MultipleFoundError", "bye"),
    on_error("NoMatchingError", "bye"),
]


def test_a_profile_found_by_phone_number_greets_the_caller_by_name() -> None:
    sim = ConnectSimulator()
    sim.customer_profiles["p-1"] = {"PhoneNumber": "+15555550142", "FirstName": "Ada"}
    content = flow(
        action(
            "find",
            "GetCustomerProfile",
            {
                "ProfileRequestData": {
                    "IdentifierName": "PhoneNumber",
                    "IdentifierValue": "$.CustomerEndpoint.Address",
                }
            },
            NextAction="hello",
            Errors=PROFILE_ERRORS,
        ),
        action("hello", "MessageParticipant", {"Text": "Hello $.Customer.FirstName."}, NextAction="bye"),
        action(
            "unknown",
            "CreateCustomerProfile",
            {"ProfileRequestData": {"PhoneNumber": "$.CustomerEndpoint.Address"}},
            NextAction="new",
            Errors=[on_error("NoMatchingError", "bye")],
        ),
        action("new", "MessageParticipant", {"Text": "Welcome, new customer."}, NextAction="bye"),
    )
    assert call(content, sim=sim).transcript.said() == ["Hello Ada."]
    sim.customer_profiles.clear()
    assert call(content, sim=sim).transcript.said() == ["Welcome, new customer."]
    assert list(sim.customer_profiles.values()) == [{"PhoneNumber": "+15555550142"}]


def test_a_case_and_a_task_are_created_for_the_contact() -> None:
    sim = ConnectSimulator()
    contact = call(
        flow(
            action(
                "case",
                "CreateCase",
                {
                    "CaseTemplateId": "template-1",
                    "LinkContactToCase": "True",
                    "CaseRequestFields": {"title": "Parcel lost"},
                },
                NextAction="task",
                Errors=[on_error("ContactNotLinked", "bye"), on_error("NoMatchingError", "bye")],
            ),
            action(
                "task",
                "CreateTask",
                {"Name": "Call back about $.Case.CaseId", "ContactFlowId": "task-flow", "DelaySeconds": "60"},
                NextAction="bye",
                Errors=[on_error("NoMatchingError", "bye")],
            ),
        ),
        sim=sim,
    )
    [case_id] = sim.cases
    assert sim.cases[case_id]["title"] == "Parcel lost"
    assert contact.created_contacts[0]["name"] == f"Call back about {case_id}"


def test_a_case_is_found_and_updated_by_its_fields() -> None:
    sim = ConnectSimulator()
    sim.cases["c-1"] = {"customer": "+15555550142", "status": "open"}
    contact = call(
        flow(
            action(
                "find",
                "GetCase",
                {"CaseRequestFields": {"customer": "$.CustomerEndpoint.Address"}},
                NextAction="update",
                Errors=[
                    on_error("NoneFoundError", "bye"),
                    on_error("MultipleFoundError", "bye"),
                    on_error("NoMatchingError", "bye"),
                ],
            ),
            action(
                "update",
                "UpdateCase",
                {"CaseId": "$.Case.CaseId", "CaseRequestFields": {"status": "called"}},
                NextAction="say",
                Errors=[on_error("ContactNotLinked", "bye"), on_error("NoMatchingError", "bye")],
            ),
            action(
                "say",
                "MessageParticipant",
                {"Text": "Case $.Case.CaseId is $.Case.status."},
                NextAction="bye",
            ),
        ),
        sim=sim,
    )
    assert contact.transcript.said() == ["Case c-1 is called."]
    assert sim.cases["c-1"]["status"] == "called"

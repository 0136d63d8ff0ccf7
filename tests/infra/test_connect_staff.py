"""Agents and routing as code: staff/<stage>.yaml becomes Connect users, routing profiles, security
profiles, quick connects and the agent hierarchy, and seeds the agent directory."""

from __future__ import annotations

from infra.staff import load_staff
from tests.infra.templates import template
from tests.infra.test_function_roles import _actions


def _ref_of(stage, construct) -> str:
    return str(stage.stacks.contact_centre.get_logical_id(construct))


def _queue(stage, name: str) -> dict:
    return {"Fn::GetAtt": [_ref_of(stage, stage.stacks.contact_centre.queues[name]), "QueueArn"]}


def _staff(stage):
    return stage.stacks.contact_centre.staff


def test_the_service_desk_takes_fault_calls_only_after_30_s_and_at_a_lower_priority(dev):
    from aws_cdk.assertions import Match

    contact_centre = template(dev, "ContactCentre")
    fault = _queue(dev, "fault")
    contact_centre.has_resource_properties(
        "AWS::Connect::RoutingProfile",
        {
            "Name": "contact-centre-dev-service-desk",
            "QueueConfigs": Match.array_with(
                [
                    {"Delay": 30, "Priority": 4, "QueueReference": {"Channel": "VOICE", "QueueArn": fault}},
                    # web chats wait in the same queues, for the same agents, on the same terms
                    {"Delay": 30, "Priority": 4, "QueueReference": {"Channel": "CHAT", "QueueArn": fault}},
                ]
            ),
            "MediaConcurrencies": [
                {"Channel": "VOICE", "Concurrency": 1},
                {"Channel": "CHAT", "Concurrency": 1},
            ],
        },
    )
    contact_centre.has_resource_properties(
        "AWS::Connect::RoutingProfile",
        {
            "Name": "contact-centre-dev-fault-desk",
            "QueueConfigs": Match.array_with(
                [{"Delay": 0, "Priority": 1, "QueueReference": {"Channel": "VOICE", "QueueArn": fault}}]
            ),
        },
    )


def test_there_is_one_routing_profile_per_entry_of_the_staff_file(dev, prod):
    for stage in (dev, prod):
        contact_centre = template(stage, "ContactCentre")
        expected = load_staff(stage.stacks.settings.stage).routing_profiles
        contact_centre.resource_count_is("AWS::Connect::RoutingProfile", len(expected))
        for name in expected:
            contact_centre.has_resource_properties(
                "AWS::Connect::RoutingProfile",
                {"Name": f"contact-centre-{stage.stacks.settings.stage}-{name}"},
            )


def test_every_agent_is_a_user_in_their_team_with_their_profiles_skills_and_after_call_work(dev):
    staff = _staff(dev)
    template(dev, "ContactCentre").has_resource_properties(
        "AWS::Connect::User",
        {
            "Username": "li.na",
            "IdentityInfo": {"FirstName": "Na", "LastName": "Li", "Email": "li.na@example.com"},
            "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 20},
            "RoutingProfileArn": {
                "Fn::GetAtt": [_ref_of(dev, staff.routing_profiles["fault-desk"]), "RoutingProfileArn"]
            },
            "SecurityProfileArns": [
                {"Fn::GetAtt": [_ref_of(dev, staff.security_profiles["agent"]), "SecurityProfileArn"]}
            ],
            "HierarchyGroupArn": {
                "Fn::GetAtt": [_ref_of(dev, staff.hierarchy_groups["faults"]), "UserHierarchyGroupArn"]
            },
            "UserProficiencies": [
                {"AttributeName": "CallCategory", "AttributeValue": "emergency", "Level": 4},
                {"AttributeName": "CallCategory", "AttributeValue": "fault", "Level": 5},
            ],
        },
    )
    agents = load_staff("dev").agents
    template(dev, "ContactCentre").resource_count_is("AWS::Connect::User", len(agents))
    for username in agents:
        template(dev, "ContactCentre").has_resource_properties("AWS::Connect::User", {"Username": username})


def test_passwords_reach_cloudformation_only_as_secrets_manager_references(dev):
    from aws_cdk.assertions import Match

    contact_centre = template(dev, "ContactCentre")
    secret_reference = {
        "Fn::Join": ["", Match.array_with([Match.string_like_regexp("resolve:secretsmanager")])]
    }
    contact_centre.all_resources_properties(
        "AWS::Connect::User", {"Password": secret_reference, "SecretString": Match.absent()}
    )
    contact_centre.all_resources_properties(
        "AWS::SecretsManager::Secret", {"GenerateSecretString": {"RequireEachIncludedType": True}}
    )


def test_teams_are_hierarchy_groups_under_their_parent_in_the_files_levels(dev):
    contact_centre = template(dev, "ContactCentre")
    staff = _staff(dev)
    contact_centre.has_resource_properties(
        "AWS::Connect::UserHierarchyStructure",
        {"UserHierarchyStructure": {"LevelOne": {"Name": "Centre"}, "LevelTwo": {"Name": "Team"}}},
    )
    contact_centre.has_resource_properties(
        "AWS::Connect::UserHierarchyGroup",
        {
            "Name": "Fault desk",
            "ParentGroupArn": {
                "Fn::GetAtt": [_ref_of(dev, staff.hierarchy_groups["centre"]), "UserHierarchyGroupArn"]
            },
        },
    )


def test_security_profiles_carry_the_files_permissions(dev):
    from aws_cdk.assertions import Match

    template(dev, "ContactCentre").has_resource_properties(
        "AWS::Connect::SecurityProfile",
        {
            "SecurityProfileName": "contact-centre-dev-supervisor",
            "Permissions": Match.array_with(["BasicAgentAccess", "AccessMetrics", "ManagerListenIn"]),
        },
    )


def test_quick_connects_transfer_through_flows_of_the_transfer_types(dev):
    contact_centre = template(dev, "ContactCentre")
    staff = _staff(dev)
    queue_flow = staff.transfer_flows["QUEUE_TRANSFER"]
    agent_flow = staff.transfer_flows["AGENT_TRANSFER"]
    contact_centre.has_resource_properties("AWS::Connect::ContactFlow", {"Type": "QUEUE_TRANSFER"})
    contact_centre.has_resource_properties("AWS::Connect::ContactFlow", {"Type": "AGENT_TRANSFER"})
    contact_centre.has_resource_properties(
        "AWS::Connect::QuickConnect",
        {
            "Name": "Fault desk",
            "QuickConnectConfig": {
                "QuickConnectType": "QUEUE",
                "QueueConfig": {
                    "ContactFlowArn": {"Fn::GetAtt": [_ref_of(dev, queue_flow), "ContactFlowArn"]},
                    "QueueArn": _queue(dev, "fault"),
                },
            },
        },
    )
    contact_centre.has_resource_properties(
        "AWS::Connect::QuickConnect",
        {
            "Name": "Fault desk supervisor",
            "QuickConnectConfig": {
                "QuickConnectType": "USER",
                "UserConfig": {
                    "ContactFlowArn": {"Fn::GetAtt": [_ref_of(dev, agent_flow), "ContactFlowArn"]},
                    "UserArn": {"Fn::GetAtt": [_ref_of(dev, staff.users["wang.fang"]), "UserArn"]},
                },
            },
        },
    )


def test_the_directory_seed_keeps_open_ticket_counts_and_names_each_agents_supervisor():
    from infra.agent_directory import seed_actions

    staff = load_staff("dev")
    actions = seed_actions("agents-table", staff, {"li.na": "user-li-na"})
    li_na = next(
        a["Update"] for a in actions if a.get("Update", {}).get("Key", {}).get("agent_id") == {"S": "li.na"}
    )
    values = li_na["ExpressionAttributeValues"]
    assert values[":supervisor"] == {"S": "wang.fang"} and values[":connect_user_id"] == {"S": "user-li-na"}
    assert values[":name"] == {"S": "Na Li"} and values[":team_name"] == {"S": "Fault desk"}
    assert "#open_tickets = if_not_exists(#open_tickets, :zero)" in li_na["UpdateExpression"]
    top = next(
        a["Update"]
        for a in actions
        if a.get("Update", {}).get("Key", {}).get("agent_id") == {"S": "zhou.min"}
    )
    assert "REMOVE" in top["UpdateExpression"] and "#supervisor" in top["UpdateExpression"]  # nobody above
    skills = {
        (a["Put"]["Item"]["agent_id"]["S"], a["Put"]["Item"]["skill"]["S"]) for a in actions if "Put" in a
    }
    assert ("li.na", "fault") in skills and ("sun.li", "order") in skills


def test_the_functions_stack_seeds_the_directory_with_the_users_connect_ids(dev):
    functions = template(dev, "Functions")
    functions.resource_count_is("Custom::AWS", 1)
    (seed,) = functions.find_resources("Custom::AWS").values()
    create = str(seed["Properties"]["Create"])
    assert "transactWriteItems" in create and "wang.fang" in create
    assert (
        "ContactCentre-dev-ContactCentre" in create
    )  # the users' ids, imported from the contact centre stack


def test_the_caller_lookup_may_ask_where_an_agent_is(dev):
    assert "connect:GetCurrentUserData" in _actions(dev, "LookupCustomer")
    assert "connect:GetCurrentUserData" not in _actions(dev, "ScreenCaller")

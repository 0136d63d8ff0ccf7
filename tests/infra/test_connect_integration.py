"""The hook the flows code uses: a flow waits for the Lambda associations and publishes its id."""

from __future__ import annotations

LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:contact-centre-dev-ScreenCaller"


def test_a_flow_added_through_the_hook_is_created_after_the_associations_and_its_id_reaches_the_functions():
    from aws_cdk.assertions import Match, Template

    from tests.infra.connect_fakes import INSTANCE_ARN, connect_integration

    stack, integration, published = connect_integration()
    integration.associate_lambda("screen_caller", LAMBDA_ARN)
    content = {"Version": "2019-10-30", "StartAction": "a", "Actions": [], "Metadata": {}}
    integration.add_flow("inbound", content, id_env_var="INBOUND_FLOW_ID")

    assert integration.references.lambda_arns == {"screen_caller": LAMBDA_ARN}
    assert "INBOUND_FLOW_ID" in published
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::Connect::ContactFlow", 1)
    association_id = template.get_resource_id("AWS::Connect::IntegrationAssociation")
    template.has_resource(
        "AWS::Connect::ContactFlow",
        {
            "Properties": {
                "Content": Match.serialized_json(Match.object_equals(content)),
                "InstanceArn": INSTANCE_ARN,
            },
            "DependsOn": Match.array_with([association_id]),
        },
    )

"""The assistant's Lex V2 bot in the synthesized template: built from bots/assistant.json."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.infra.templates import POLICY, properties, template

if TYPE_CHECKING:
    from tests.infra.conftest import SynthesizedStage

BOT = "AWS::Lex::Bot"


def test_the_bot_has_every_locale_intent_and_utterance_of_the_definition_file(dev: SynthesizedStage) -> None:
    from aws_cdk.assertions import Match

    from infra.assistant_bot import load_definition

    functions = template(dev, "Functions")
    functions.resource_count_is(BOT, 1)
    functions.has_resource_properties(
        BOT, {"AutoBuildBotLocales": True, "DataPrivacy": Match.object_equals({"ChildDirected": False})}
    )
    (bot,) = properties(functions.find_resources(BOT))
    definition = load_definition()
    locales = {locale["LocaleId"]: locale for locale in bot["BotLocales"]}
    assert set(locales) == {"zh_CN", "en_US"}
    for expected in definition["botLocales"]:
        locale = locales[expected["localeId"]]
        assert locale["NluConfidenceThreshold"] == expected["nluIntentConfidenceThreshold"]
        assert locale["VoiceSettings"]["VoiceId"] == expected["voiceSettings"]["voiceId"]
        intents = {intent["Name"]: intent for intent in locale["Intents"]}
        assert list(intents) == [intent["intentName"] for intent in expected["intents"]]
        for intent in expected["intents"]:
            deployed = intents[intent["intentName"]]
            assert [u["Utterance"] for u in deployed.get("SampleUtterances", [])] == [
                u["utterance"] for u in intent.get("sampleUtterances", [])
            ]
            assert deployed["FulfillmentCodeHook"] == {"Enabled": True}
        assert intents["FallbackIntent"]["ParentIntentSignature"] == "AMAZON.FallbackIntent"


def test_the_live_alias_fulfils_with_the_answer_customer_function_which_only_it_may_invoke(
    dev: SynthesizedStage,
) -> None:
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    alias_id = functions.get_resource_id("AWS::Lex::BotAlias")
    version_id = functions.get_resource_id("AWS::Lex::BotVersion")
    functions.has_resource_properties(
        "AWS::Lex::BotAlias",
        {"BotAliasName": "live", "BotVersion": {"Fn::GetAtt": [version_id, "BotVersion"]}},
    )
    (alias,) = properties(functions.find_resources("AWS::Lex::BotAlias"))
    for setting in alias["BotAliasLocaleSettings"]:
        hook = setting["BotAliasLocaleSetting"]["CodeHookSpecification"]["LambdaCodeHook"]
        assert hook["CodeHookInterfaceVersion"] == "1.0"
        assert hook["LambdaArn"] == {"Fn::GetAtt": ["AnswerCustomer", "Arn"]}
    functions.resource_properties_count_is("AWS::Lambda::Permission", {"Principal": "lexv2.amazonaws.com"}, 1)
    functions.has_resource_properties(
        "AWS::Lambda::Permission",
        Match.object_equals(
            {
                "Action": "lambda:InvokeFunction",
                "FunctionName": {"Fn::GetAtt": ["AnswerCustomer", "Arn"]},
                "Principal": "lexv2.amazonaws.com",
                "SourceArn": {"Fn::GetAtt": [alias_id, "Arn"]},
            }
        ),
    )


def test_connect_may_use_the_bot_and_flows_wait_for_it(dev: SynthesizedStage) -> None:
    from aws_cdk.assertions import Match

    functions = template(dev, "Functions")
    alias_id = functions.get_resource_id("AWS::Lex::BotAlias")
    lex_bot = {"Properties": {"IntegrationType": "LEX_BOT"}}
    (association_id,) = functions.find_resources("AWS::Connect::IntegrationAssociation", lex_bot)
    functions.has_resource_properties(
        "AWS::Connect::IntegrationAssociation",
        {"IntegrationType": "LEX_BOT", "IntegrationArn": {"Fn::GetAtt": [alias_id, "Arn"]}},
    )
    functions.all_resources("AWS::Connect::ContactFlow", {"DependsOn": Match.array_with([association_id])})


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_runtime_role_may_only_synthesise_speech(
    stage: str, synthesized: dict[str, SynthesizedStage]
) -> None:
    from aws_cdk.assertions import Match

    functions = template(synthesized[stage], "Functions")
    (bot,) = properties(functions.find_resources(BOT))
    role_id = bot["RoleArn"]["Fn::GetAtt"][0]
    role = functions.find_resources("AWS::IAM::Role")[role_id]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lexv2.amazonaws.com"}
    attached = {"Properties": {"Roles": Match.array_with([{"Ref": role_id}])}}
    policies = [
        policy["PolicyDocument"]["Statement"]
        for policy in properties(functions.find_resources(POLICY, attached))
    ]
    assert policies == [[{"Action": "polly:SynthesizeSpeech", "Effect": "Allow", "Resource": "*"}]]

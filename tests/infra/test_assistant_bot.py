"""The assistant's Lex V2 bot in the synthesized template: built from bots/assistant.json."""

from __future__ import annotations

import pytest

from infra.assistant_bot import load_definition
from tests.infra.conftest import SynthesizedStage, resources_of_type


def _one(raw: dict, resource_type: str) -> tuple[str, dict]:
    (found,) = resources_of_type(raw, resource_type).items()
    return found


def test_the_bot_has_every_locale_intent_and_utterance_of_the_definition_file(dev: SynthesizedStage) -> None:
    _, bot = _one(dev.raw("Functions"), "AWS::Lex::Bot")
    properties = bot["Properties"]
    definition = load_definition()
    assert properties["AutoBuildBotLocales"] is True
    assert properties["DataPrivacy"] == {"ChildDirected": False}
    locales = {locale["LocaleId"]: locale for locale in properties["BotLocales"]}
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
    raw = dev.raw("Functions")
    alias_id, alias = _one(raw, "AWS::Lex::BotAlias")
    version_id, _ = _one(raw, "AWS::Lex::BotVersion")
    properties = alias["Properties"]
    assert properties["BotAliasName"] == "live"
    assert properties["BotVersion"] == {"Fn::GetAtt": [version_id, "BotVersion"]}
    for setting in properties["BotAliasLocaleSettings"]:
        hook = setting["BotAliasLocaleSetting"]["CodeHookSpecification"]["LambdaCodeHook"]
        assert hook["CodeHookInterfaceVersion"] == "1.0"
        assert hook["LambdaArn"] == {"Fn::GetAtt": ["AnswerCustomer", "Arn"]}
    permissions = [
        p["Properties"]
        for p in resources_of_type(raw, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "lexv2.amazonaws.com"
    ]
    assert permissions == [
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": {"Fn::GetAtt": ["AnswerCustomer", "Arn"]},
            "Principal": "lexv2.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": [alias_id, "Arn"]},
        }
    ]


def test_connect_may_use_the_bot_and_flows_wait_for_it(dev: SynthesizedStage) -> None:
    raw = dev.raw("Functions")
    alias_id, _ = _one(raw, "AWS::Lex::BotAlias")
    associations = {
        name: r
        for name, r in resources_of_type(raw, "AWS::Connect::IntegrationAssociation").items()
        if r["Properties"]["IntegrationType"] == "LEX_BOT"
    }
    ((association_id, association),) = associations.items()
    assert association["Properties"]["IntegrationArn"] == {"Fn::GetAtt": [alias_id, "Arn"]}
    for flow in resources_of_type(raw, "AWS::Connect::ContactFlow").values():
        assert association_id in flow.get("DependsOn", [])


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_runtime_role_may_only_synthesise_speech(
    stage: str, synthesized: dict[str, SynthesizedStage]
) -> None:
    raw = synthesized[stage].raw("Functions")
    _, bot = _one(raw, "AWS::Lex::Bot")
    role_id = bot["Properties"]["RoleArn"]["Fn::GetAtt"][0]
    role = raw["Resources"][role_id]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lexv2.amazonaws.com"}
    policies = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in resources_of_type(raw, "AWS::IAM::Policy").values()
        if {"Ref": role_id} in p["Properties"]["Roles"]
    ]
    assert policies == [[{"Action": "polly:SynthesizeSpeech", "Effect": "Allow", "Resource": "*"}]]

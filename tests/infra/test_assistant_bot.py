"""The assistant's Lex V2 bot in the synthesized template: built from bots/assistant.json."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.infra.templates import POLICY, template

if TYPE_CHECKING:
    from tests.infra.conftest import SynthesizedStage

BOT = "AWS::Lex::Bot"
FALLBACK = "FallbackIntent"


def test_the_bot_has_every_locale_intent_and_utterance_of_the_definition_file(dev: SynthesizedStage) -> None:
    from aws_cdk.assertions import Match

    from infra.assistant_bot import load_definition

    def deployed_intent(intent: dict[str, Any]) -> Any:
        utterances = [{"Utterance": u["utterance"]} for u in intent.get("sampleUtterances", [])]
        fallback = (
            {"ParentIntentSignature": "AMAZON.FallbackIntent"} if intent["intentName"] == FALLBACK else {}
        )
        return Match.object_like(
            {
                "Name": intent["intentName"],
                "SampleUtterances": utterances or Match.absent(),
                "FulfillmentCodeHook": Match.exact({"Enabled": True}),
                **fallback,
            }
        )

    definition = load_definition()
    assert {locale["localeId"] for locale in definition["botLocales"]} == {"zh_CN", "en_US"}
    for locale in definition["botLocales"]:
        assert FALLBACK in [intent["intentName"] for intent in locale["intents"]]
    functions = template(dev, "Functions")
    functions.resource_count_is(BOT, 1)
    functions.has_resource_properties(
        BOT,
        {
            "AutoBuildBotLocales": True,
            "DataPrivacy": Match.object_equals({"ChildDirected": False}),
            # exactly the definition's locales, and in each exactly its intents, in its order
            "BotLocales": [
                Match.object_like(
                    {
                        "LocaleId": locale["localeId"],
                        "NluConfidenceThreshold": locale["nluIntentConfidenceThreshold"],
                        "VoiceSettings": {"VoiceId": locale["voiceSettings"]["voiceId"]},
                        "Intents": [deployed_intent(intent) for intent in locale["intents"]],
                    }
                )
                for locale in definition["botLocales"]
            ],
        },
    )


def test_the_live_alias_fulfils_with_the_answer_customer_function_which_only_it_may_invoke(
    dev: SynthesizedStage,
) -> None:
    from aws_cdk.assertions import Match

    from infra.assistant_bot import load_definition

    functions = template(dev, "Functions")
    alias_id = functions.get_resource_id("AWS::Lex::BotAlias")
    version_id = functions.get_resource_id("AWS::Lex::BotVersion")
    functions.has_resource_properties(
        "AWS::Lex::BotAlias",
        {"BotAliasName": "live", "BotVersion": {"Fn::GetAtt": [version_id, "BotVersion"]}},
    )
    answer_customer = Match.exact({"Fn::GetAtt": ["AnswerCustomer", "Arn"]})
    hook = {"LambdaCodeHook": {"CodeHookInterfaceVersion": "1.0", "LambdaArn": answer_customer}}
    functions.has_resource_properties(
        "AWS::Lex::BotAlias",
        {
            "BotAliasLocaleSettings": [
                Match.object_like(
                    {"LocaleId": locale["localeId"], "BotAliasLocaleSetting": {"CodeHookSpecification": hook}}
                )
                for locale in load_definition()["botLocales"]
            ]
        },
    )
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
    from aws_cdk.assertions import Capture, Match

    functions = template(synthesized[stage], "Functions")
    role = Capture()
    functions.resource_count_is(BOT, 1)
    functions.has_resource_properties(BOT, {"RoleArn": {"Fn::GetAtt": [role, "Arn"]}})
    lex_assumes = {
        "Statement": [Match.object_like({"Principal": Match.exact({"Service": "lexv2.amazonaws.com"})})]
    }
    assert role.as_string() in functions.find_resources(
        "AWS::IAM::Role", {"Properties": {"AssumeRolePolicyDocument": lex_assumes}}
    )
    attached = {"Roles": Match.array_with([{"Ref": role.as_string()}])}
    functions.resource_properties_count_is(POLICY, attached, 1)
    only_speech = [{"Action": "polly:SynthesizeSpeech", "Effect": "Allow", "Resource": "*"}]
    functions.has_resource_properties(
        POLICY, {**attached, "PolicyDocument": {"Statement": Match.exact(only_speech)}}
    )

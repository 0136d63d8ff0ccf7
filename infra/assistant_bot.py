"""The assistant as an Amazon Lex V2 bot, built from ``bots/assistant.json`` (the one definition).

The file is in the Lex V2 model API's shape; CloudFormation's ``AWS::Lex::Bot`` spells the same
things differently (``intentName`` -> ``Name``, ``nluIntentConfidenceThreshold`` ->
``NluConfidenceThreshold``). ``bot_locales`` translates every key the file uses and refuses any
other, so a field added to the file cannot be silently left out of the deployed bot.

Resources: the bot (built on deploy), a version of it (a new one whenever the definition
changes: the construct id carries the definition's digest), the ``live`` alias on that version
with the fulfilment Lambda as each locale's code hook, the Lambda permission for that alias
only, and a runtime role that may synthesise speech (what Lex needs for voice).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lex as lex
from constructs import Construct

from infra.nag import acknowledge

BOT_FILE = Path(__file__).resolve().parents[1] / "bots" / "assistant.json"
ALIAS_NAME = "live"
#: The Lex V2 Lambda event format our fulfilment reads (the only version there is).
CODE_HOOK_INTERFACE_VERSION = "1.0"

_INTENT_KEYS = {
    "intentName",
    "description",
    "parentIntentSignature",
    "sampleUtterances",
    "fulfillmentCodeHook",
}
_LOCALE_KEYS = {"localeId", "description", "nluIntentConfidenceThreshold", "voiceSettings", "intents"}
_BOT_KEYS = {"botName", "description", "idleSessionTTLInSeconds", "dataPrivacy", "botLocales"}


def load_definition(path: Path = BOT_FILE) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _only(keys: set[str], found: dict[str, Any], where: str) -> None:
    unknown = sorted(set(found) - keys)
    if unknown:
        raise ValueError(f"{where}: infra/assistant_bot.py does not translate {', '.join(unknown)}")


def _intent(intent: dict[str, Any]) -> lex.CfnBot.IntentProperty:
    _only(_INTENT_KEYS, intent, f"intent {intent.get('intentName')}")
    hook = intent.get("fulfillmentCodeHook")
    return lex.CfnBot.IntentProperty(
        name=intent["intentName"],
        description=intent.get("description"),
        parent_intent_signature=intent.get("parentIntentSignature"),
        sample_utterances=[
            lex.CfnBot.SampleUtteranceProperty(utterance=sample["utterance"])
            for sample in intent.get("sampleUtterances", [])
        ]
        or None,
        fulfillment_code_hook=(
            lex.CfnBot.FulfillmentCodeHookSettingProperty(enabled=bool(hook["enabled"])) if hook else None
        ),
    )


def bot_locales(definition: dict[str, Any]) -> list[lex.CfnBot.BotLocaleProperty]:
    """``AWS::Lex::Bot`` BotLocales from the definition file's ``botLocales``."""
    _only(_BOT_KEYS, definition, "the bot")
    locales = []
    for locale in definition["botLocales"]:
        _only(_LOCALE_KEYS, locale, f"locale {locale.get('localeId')}")
        voice = locale.get("voiceSettings")
        locales.append(
            lex.CfnBot.BotLocaleProperty(
                locale_id=locale["localeId"],
                description=locale.get("description"),
                nlu_confidence_threshold=locale["nluIntentConfidenceThreshold"],
                voice_settings=(
                    lex.CfnBot.VoiceSettingsProperty(voice_id=voice["voiceId"], engine=voice.get("engine"))
                    if voice
                    else None
                ),
                intents=[_intent(intent) for intent in locale["intents"]],
            )
        )
    return locales


class AssistantBot(Construct):
    """The bot, its version and ``live`` alias; ``alias_arn`` is what contact flows name."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        bot_name: str,
        fulfilment_function_arn: str,
        definition: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        definition = definition if definition is not None else load_definition()
        locale_ids = [locale["localeId"] for locale in definition["botLocales"]]
        self.role = iam.Role(
            self,
            "runtime-role",
            description=f"Runs the Lex V2 bot {bot_name}: speech synthesis for voice contacts",
            assumed_by=iam.ServicePrincipal("lexv2.amazonaws.com"),
        )
        self.role.add_to_policy(iam.PolicyStatement(actions=["polly:SynthesizeSpeech"], resources=["*"]))
        acknowledge(
            self.role,
            "AwsSolutions-IAM5[Resource::*]",
            "polly:SynthesizeSpeech has no resource type to scope to (Lex V2's own managed policy, "
            "AmazonLexV2BotPolicy, grants it on *).",
        )
        self.bot = lex.CfnBot(
            self,
            "bot",
            name=bot_name,
            description=str(definition.get("description", ""))[:200] or None,
            role_arn=self.role.role_arn,
            # Typed ``any`` in CDK: a struct would be written camelCase; CloudFormation wants this.
            data_privacy={"ChildDirected": bool(definition["dataPrivacy"]["childDirected"])},
            idle_session_ttl_in_seconds=int(definition["idleSessionTTLInSeconds"]),
            bot_locales=bot_locales(definition),
            auto_build_bot_locales=True,
        )
        digest = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()[:10]
        self.version = lex.CfnBotVersion(
            self,
            f"version-{digest}",
            bot_id=self.bot.attr_id,
            description=f"bots/assistant.json {digest}",
            bot_version_locale_specification=[
                lex.CfnBotVersion.BotVersionLocaleSpecificationProperty(
                    locale_id=locale_id,
                    bot_version_locale_details=lex.CfnBotVersion.BotVersionLocaleDetailsProperty(
                        source_bot_version="DRAFT"
                    ),
                )
                for locale_id in locale_ids
            ],
        )
        self.alias = lex.CfnBotAlias(
            self,
            "alias",
            bot_id=self.bot.attr_id,
            bot_alias_name=ALIAS_NAME,
            bot_version=self.version.attr_bot_version,
            bot_alias_locale_settings=[
                lex.CfnBotAlias.BotAliasLocaleSettingsItemProperty(
                    locale_id=locale_id,
                    bot_alias_locale_setting=lex.CfnBotAlias.BotAliasLocaleSettingsProperty(
                        enabled=True,
                        code_hook_specification=lex.CfnBotAlias.CodeHookSpecificationProperty(
                            lambda_code_hook=lex.CfnBotAlias.LambdaCodeHookProperty(
                                lambda_arn=fulfilment_function_arn,
                                code_hook_interface_version=CODE_HOOK_INTERFACE_VERSION,
                            )
                        ),
                    ),
                )
                for locale_id in locale_ids
            ],
        )
        lambda_.CfnPermission(
            self,
            "fulfilment-invoked-by-alias",
            action="lambda:InvokeFunction",
            function_name=fulfilment_function_arn,
            principal="lexv2.amazonaws.com",
            source_arn=self.alias.attr_arn,
        )

    @property
    def alias_arn(self) -> str:
        return self.alias.attr_arn

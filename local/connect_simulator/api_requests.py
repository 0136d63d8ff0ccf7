"""Refuses the Connect API requests the real service refuses, before the simulator acts on them.

Two layers, both raising ``ConnectError`` with the code (and so the HTTP status) Connect answers:

- the shape, from botocore's own service model for ``connect`` (the data boto3 ships): required
  members, types, enums, lengths, ranges and patterns. botocore checks only required members,
  types and minimums on the client side, so a request built by hand, by another SDK or with
  client-side validation off still meets the rest here;
- the documented rules the model cannot express (API reference, StartOutboundVoiceContact and
  UpdateContactAttributes): answering-machine detection only with ``TrafficType`` CAMPAIGN, a
  source phone number or a queue, attribute keys of letters, digits, dash and underscore and at
  most 32,768 UTF-8 bytes across all keys and values, and a ``ClientToken`` used again only for
  the same request.

    rules = ApiRequestRules()
    rules.check("StartOutboundVoiceContact", body)   # raises ConnectError or returns None
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from local.connect_simulator.simulator import ConnectError

#: "There can be up to 32,768 UTF-8 bytes across all key-value pairs per contact." (API reference,
#: StartOutboundVoiceContact and UpdateContactAttributes, ``Attributes``)
MAX_ATTRIBUTE_BYTES = 32_768
#: "Attribute keys can include only alphanumeric, dash, and underscore characters." (same pages)
ATTRIBUTE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@lru_cache(maxsize=2)
def _service_model(service: str = "connect") -> Any:
    """botocore's model of ``connect`` or ``connectparticipant`` (the chat participant service)."""
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


@lru_cache(maxsize=256)
def _pattern(text: str) -> re.Pattern[str] | None:
    """A model pattern as Python reads it; None for a Java-only construct Python cannot compile.

    The connect model writes some patterns with doubled backslashes (``\\\\+[1-9]\\\\d{1,14}$``):
    they mean one. Smithy patterns are not anchored implicitly, hence ``search``.
    """
    try:
        return re.compile(text.replace("\\\\", "\\"))
    except re.error:
        return None


def _shape_problems(shape: Any, value: Any, path: str) -> list[str]:
    """What botocore's client-side validation leaves unchecked: maximums, enums and patterns."""
    problems: list[str] = []
    meta = shape.metadata
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                problems += _shape_problems(member, value[name], f"{path}.{name}")
    elif kind == "list" and isinstance(value, list):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path} has {len(value)} items, at most {meta['max']} allowed")
        for index, item in enumerate(value):
            problems += _shape_problems(shape.member, item, f"{path}[{index}]")
    elif kind == "map" and isinstance(value, Mapping):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path} has {len(value)} entries, at most {meta['max']} allowed")
        for key, item in value.items():
            problems += _shape_problems(shape.key, key, f"{path} key {key!r}")
            problems += _shape_problems(shape.value, item, f"{path}.{key}")
    elif kind == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path} is longer than {meta['max']} characters")
        if shape.enum and value not in shape.enum:
            problems.append(f"{path} must be one of {', '.join(shape.enum)}, not {value!r}")
        pattern = _pattern(meta["pattern"]) if "pattern" in meta else None
        if pattern is not None and not pattern.search(value):
            problems.append(f"{path} does not match the pattern {meta['pattern']}")
    elif kind in ("integer", "long") and isinstance(value, int) and value > meta.get("max", value):
        problems.append(f"{path} must be at most {meta['max']}")
    return problems


def model_problems(operation: str, params: Mapping[str, Any], service: str = "connect") -> list[str]:
    """Every way ``params`` break the ``service`` model's input shape of ``operation``."""
    from botocore.validate import ParamValidator

    shape = _service_model(service).operation_model(operation).input_shape
    report = ParamValidator().validate(dict(params), shape)
    # A member the model does not know is ignored by the service, as JSON protocols do.
    report._errors = [error for error in report._errors if error[0] != "unknown field"]
    problems = [report.generate_report()] if report.has_errors() else []
    return problems + _shape_problems(shape, params, operation)


def attribute_problems(attributes: Mapping[str, Any]) -> list[str]:
    problems = [
        f"attribute key {key!r} may hold only letters, digits, dash and underscore"
        for key in attributes
        if not ATTRIBUTE_KEY.match(str(key))
    ]
    size = sum(len(str(key).encode()) + len(str(value).encode()) for key, value in attributes.items())
    if size > MAX_ATTRIBUTE_BYTES:
        problems.append(f"attributes take {size} UTF-8 bytes, at most {MAX_ATTRIBUTE_BYTES} allowed")
    return problems


def error_status(code: str, service: str = "connect") -> int:
    """The HTTP status the ``service`` model gives the error ``code`` (botocore maps it back to the class)."""
    from botocore.model import NoShapeFoundError

    try:
        error = _service_model(service).shape_for(code).metadata.get("error") or {}
    except NoShapeFoundError:  # not an error of this service
        return 404 if code == "UnknownOperationException" else 400
    return int(error.get("httpStatusCode", 400))


def _fingerprint(params: Mapping[str, Any]) -> str:
    request = {key: value for key, value in params.items() if key != "ClientToken"}
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


class ApiRequestRules:
    """Validates requests for one simulated instance; remembers the ClientTokens it has seen."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}  # ClientToken -> fingerprint of the request it came with
        self._lock = threading.Lock()

    def check(self, operation: str, params: Mapping[str, Any]) -> None:
        """Raise the ConnectError Connect would answer ``params`` with, if any."""
        if operation == "StartOutboundVoiceContact":
            self._check_outbound_voice_combination(params)
        problems = model_problems(operation, params)
        if problems:
            raise ConnectError("InvalidParameterException", "; ".join(problems))
        self._check_attributes(params.get("Attributes") or {})
        if operation == "StartOutboundVoiceContact":
            self._check_client_token(params)

    def _check_attributes(self, attributes: Mapping[str, Any]) -> None:
        problems = attribute_problems(attributes)
        if problems:
            raise ConnectError("InvalidParameterException", "; ".join(problems))

    def _check_outbound_voice_combination(self, params: Mapping[str, Any]) -> None:
        """The parameters that go together (checked first: they say what the request is for)."""
        detection = params.get("AnswerMachineDetectionConfig") or {}
        if detection.get("EnableAnswerMachineDetection") and params.get("TrafficType") != "CAMPAIGN":
            # API reference, TrafficType: "Use CAMPAIGN if EnableAnswerMachineDetection is set to true."
            raise ConnectError(
                "InvalidRequestException",
                "EnableAnswerMachineDetection true requires TrafficType CAMPAIGN",
            )
        if not params.get("SourcePhoneNumber") and not params.get("QueueId"):
            # SourcePhoneNumber: "If you do not specify a source phone number, you must specify a queue."
            raise ConnectError("InvalidRequestException", "Either SourcePhoneNumber or QueueId is required")

    def _check_client_token(self, params: Mapping[str, Any]) -> None:
        token = params.get("ClientToken")
        if token:
            fingerprint = _fingerprint(params)
            with self._lock:
                seen = self._tokens.setdefault(str(token), fingerprint)
            if seen != fingerprint:
                # Not in this operation's documented error list; IdempotencyException (409) is what
                # the connect model defines for a token reused with other parameters elsewhere.
                raise ConnectError(
                    "IdempotencyException",
                    f"ClientToken {token} was already used for a different request",
                )


def check_participant_request(operation: str, params: Mapping[str, Any]) -> None:
    """Raise the ParticipantError (ValidationException) the participant service answers a request
    that breaks botocore's ``connectparticipant`` model with."""
    from local.connect_simulator.chat import ParticipantError

    problems = model_problems(operation, params, service="connectparticipant")
    if problems:
        raise ParticipantError("ValidationException", "; ".join(problems))

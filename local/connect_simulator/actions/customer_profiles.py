"""Customer Profiles actions against the simulator's profile store (``ConnectSimulator.customer_profiles``).

Docs: interactions-createcustomerprofile, -getcustomerprofile, -updatecustomerprofile,
-associatecontacttocustomerprofile, -getcalculatedattributesforcustomerprofile,
-getcustomerprofileobject. The profile found or created is ``$.Customer`` (its fields, and
``ProfileId``). A search that finds nothing is NoneFoundError, more than one MultipleFoundError;
anything else that fails is NoMatchingError.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def _request(run: FlowRun, parameters: dict[str, Any]) -> dict[str, str]:
    data = parameters.get("ProfileRequestData") or {}
    return {key: run.value(value) for key, value in data.items() if not isinstance(value, (dict, list))}


def _load(run: FlowRun, profile_id: str) -> None:
    run.contact.customer = {"ProfileId": profile_id, **run.sim.customer_profiles[profile_id]}


def create_customer_profile(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    profile_id = uuid.uuid4().hex
    run.sim.customer_profiles[profile_id] = _request(run, parameters)
    _load(run, profile_id)
    run.log("flow", f"customer profile {profile_id} created")
    return run.next(action)


def get_customer_profile(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    request = _request(run, parameters)
    if "IdentifierName" in request:
        wanted = {request["IdentifierName"]: request.get("IdentifierValue", "")}
    else:
        wanted = request
    profiles = run.sim.customer_profiles
    matches = [
        profile_id
        for profile_id, profile in profiles.items()
        if wanted and all(profile.get(key) == value for key, value in wanted.items())
    ]
    if not matches:
        return run.error(action, "NoneFoundError", f"no profile with {wanted}")
    if len(matches) > 1:
        return run.error(action, "MultipleFoundError", f"{len(matches)} profiles with {wanted}")
    _load(run, matches[0])
    return run.next(action)


def update_customer_profile(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    profile_id = run.contact.customer.get("ProfileId")
    if profile_id not in run.sim.customer_profiles:
        return run.error(action, "NoMatchingError", "no profile was created or retrieved earlier in the flow")
    run.sim.customer_profiles[profile_id].update(_request(run, parameters))
    _load(run, profile_id)
    return run.next(action)


def associate_contact_to_customer_profile(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    yield 0.0
    request = _request(run, parameters)
    profile_id = request.get("ProfileId", "")
    if profile_id not in run.sim.customer_profiles:
        return run.error(action, "NoMatchingError", f"unknown profile {profile_id!r}")
    run.sim.customer_profiles[profile_id].setdefault("contacts", "")
    run.contact.settings["customer_profile"] = profile_id
    _load(run, profile_id)
    return run.next(action)


def get_calculated_attributes_for_customer_profile(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    yield 0.0
    profile_id = _request(run, parameters).get("ProfileId", "")
    profile = run.sim.customer_profiles.get(profile_id)
    calculated = {key: value for key, value in (profile or {}).items() if key.startswith("_calculated_")}
    if not calculated:
        return run.error(action, "NoneFoundError", f"no calculated attributes for {profile_id!r}")
    run.contact.customer = {
        **run.contact.customer,
        "CalculatedAttributes": {
            key.removeprefix("_calculated_"): value for key, value in calculated.items()
        },
    }
    return run.next(action)


def get_customer_profile_object(run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]) -> Steps:
    yield 0.0
    request = _request(run, parameters)
    profile_id = request.get("ProfileId") or run.contact.customer.get("ProfileId", "")
    profile = run.sim.customer_profiles.get(str(profile_id))
    object_type = request.get("ObjectType", "")
    found = (profile or {}).get(f"_object_{object_type}")
    if found is None:
        return run.error(action, "NoneFoundError", f"no {object_type or 'object'} for profile {profile_id!r}")
    run.contact.customer = {**run.contact.customer, object_type: found}
    return run.next(action)

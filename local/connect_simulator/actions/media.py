"""Media: UpdateContactMediaStreamingBehavior and UpdateContactMediaProcessing.

- UpdateContactMediaStreamingBehavior (contact-actions-updatecontactmediastreamingbehavior):
  Enabled starts streaming the customer's audio to Kinesis Video Streams, so
  ``$.MediaStreams.Customer.Audio`` holds a stream ARN and start fragment; Disabled stops it
  (the stop time is recorded). Voice only: on chat it is NoMatchingError.
- UpdateContactMediaProcessing (contact-actions-updatecontactmediaprocessing): the processing
  settings are kept on the contact; nothing local processes chat messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local.connect_simulator.lambdas import LOCAL_ACCOUNT, LOCAL_REGION
from local.connect_simulator.runtime import Steps

if TYPE_CHECKING:
    from local.connect_simulator.interpreter import FlowRun


def update_contact_media_streaming_behavior(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    yield 0.0
    if run.chat:
        return run.error(action, "NoMatchingError", "media streaming is voice only")
    state = str(parameters.get("MediaStreamingState", ""))
    contact = run.contact
    if state == "Enabled":
        stream = (
            f"arn:aws:kinesisvideo:{LOCAL_REGION}:{LOCAL_ACCOUNT}:stream/"
            f"connect-contact-{contact.contact_id}/{int(run.sim.clock.time())}"
        )
        contact.media_streams = {
            "Customer": {
                "Audio": {
                    "StreamARN": stream,
                    "StartTimestamp": str(int(run.sim.clock.time() * 1000)),
                    "StartFragmentNumber": "91343852333181432392682062607743920146264440328",
                }
            }
        }
        run.log("flow", "streaming the customer's audio")
    elif state == "Disabled":
        audio = (contact.media_streams.get("Customer") or {}).get("Audio")
        if isinstance(audio, dict):
            audio["StopTimestamp"] = str(int(run.sim.clock.time() * 1000))
        run.log("flow", "audio streaming stopped")
    else:
        return run.error(action, "NoMatchingError", f"MediaStreamingState {state!r}")
    return run.next(action)


def update_contact_media_processing(
    run: FlowRun, action: dict[str, Any], parameters: dict[str, Any]
) -> Steps:
    yield 0.0
    run.contact.settings["media_processing"] = dict(parameters)
    run.log("flow", "media processing set")
    return run.next(action)

"""Where in the recordings bucket Connect writes, without CDK: the local stack reads this too.

``infra.call_recordings`` builds the bucket and the instance's storage configs from these names;
importing that module loads aws_cdk and starts jsii's Node.js process, which the local stack (and
every test worker that starts one) has no use for.
"""

from __future__ import annotations

RESOURCE_TYPE = "CALL_RECORDINGS"
PREFIX = "call-recordings"
#: Web chats' transcripts go to the same bucket and key, kept as long (the instance's
#: CHAT_TRANSCRIPTS storage config; without one Connect keeps no transcript of a chat).
CHAT_TRANSCRIPTS = "CHAT_TRANSCRIPTS"
CHAT_PREFIX = "chat-transcripts"
#: The folder Connect writes call recordings to under the prefix (then YYYY/MM/DD/<contact>_<time>_UTC.wav).
RECORDINGS_FOLDER = "CallRecordings"

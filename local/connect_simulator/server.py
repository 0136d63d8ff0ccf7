"""The simulator's Connect API over HTTP (rest-json, as botocore speaks it).

Point boto3 at it with ``AWS_ENDPOINT_URL_CONNECT=http://127.0.0.1:<port>``; production code
calling ``boto3.client("connect")`` then runs unchanged. Served operations:
StartOutboundVoiceContact, StartChatContact, StopContact, UpdateContactAttributes,
GetContactAttributes, DescribeContact, ListContactFlows, SearchContacts (``search.py``),
PutUserStatus and GetCurrentUserData (agent states, ``agents.py``), GetCurrentMetricData (queues
now, ``current_metrics.py``).

It is also the chat participant service (``AWS_ENDPOINT_URL_CONNECTPARTICIPANT``):
CreateParticipantConnection, SendMessage, SendEvent, GetTranscript and DisconnectParticipant at
the paths of botocore's ``connectparticipant`` model, the token in ``X-Amz-Bearer``, answering
browsers across origins (CORS), and it starts the chats' websocket (``chat_transport``). Every
request is first held to what the real
service accepts (``api_requests.ApiRequestRules``: botocore's model for connect plus the
documented rules). Errors carry the same codes and the HTTP statuses the connect model gives
them, so botocore
raises the same exceptions (``client.exceptions.LimitExceededException`` ...).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from local.connect_simulator.api_requests import ApiRequestRules, check_participant_request, error_status
from local.connect_simulator.chat import ParticipantError
from local.connect_simulator.current_metrics import current_metric_data
from local.connect_simulator.search import search_contacts
from local.connect_simulator.simulator import ConnectError, ConnectSimulator
from local.prompt_shutdown import serve_until_shutdown

#: The participant service's paths (``/participant/<last part>``) and their operations.
PARTICIPANT_PATHS = {
    "connection": "CreateParticipantConnection",
    "message": "SendMessage",
    "event": "SendEvent",
    "transcript": "GetTranscript",
    "disconnect": "DisconnectParticipant",
}


class _ConnectApiHandler(BaseHTTPRequestHandler):
    simulator: ConnectSimulator
    rules: ApiRequestRules
    accepted: list[tuple[str, dict[str, Any]]]

    def _check(self, operation: str, params: dict[str, Any]) -> None:
        self.rules.check(operation, params)
        self.accepted.append((operation, params))

    def log_message(self, format: str, *args: object) -> None:
        return

    def _reply(self, status: int, body: dict[str, Any], error_code: str | None = None) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-amzn-RequestId", "local-connect-simulator")
        self._cors()
        if error_code:
            self.send_header("x-amzn-ErrorType", error_code)
        self.end_headers()
        self.wfile.write(payload)

    def _cors(self) -> None:
        """A chat widget on another origin calls the participant service from the browser."""
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "x-amzn-RequestId, x-amzn-ErrorType")

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS")
        self.send_header(
            "Access-Control-Allow-Headers", self.headers.get("Access-Control-Request-Headers") or "*"
        )
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if not length:
            return {}
        parsed = json.loads(self.rfile.read(length) or b"{}")
        return parsed if isinstance(parsed, dict) else {}

    def _participant(self, operation: str, body: dict[str, Any]) -> None:
        """One participant-service request (botocore ``connectparticipant``): checked, then served."""
        chat = self.simulator.chat
        token = self.headers.get("X-Amz-Bearer") or ""
        try:
            if operation == "CreateParticipantConnection":
                check_participant_request(operation, {**body, "ParticipantToken": token})
                result = chat.create_connection(
                    token, list(body.get("Type") or []), bool(body.get("ConnectParticipant"))
                )
            else:
                check_participant_request(operation, {**body, "ConnectionToken": token})
                if operation == "SendMessage":
                    result = chat.send_message(token, str(body["ContentType"]), str(body["Content"]))
                elif operation == "SendEvent":
                    content = body.get("Content")
                    result = chat.send_event(
                        token, str(body["ContentType"]), None if content is None else str(content)
                    )
                elif operation == "GetTranscript":
                    result = chat.get_transcript(token, body)
                else:
                    chat.disconnect(token)
                    result = {}
        except ParticipantError as exc:
            self._reply(error_status(exc.code, "connectparticipant"), {"message": exc.message}, exc.code)
            return
        self._reply(200, result)

    def _dispatch(self, method: str) -> None:
        url = urlparse(self.path)
        path = [unquote(part) for part in url.path.strip("/").split("/")]
        sim = self.simulator
        try:
            body = self._body() if method in ("PUT", "POST") else {}
            if (
                method == "POST"
                and len(path) == 2
                and path[0] == "participant"
                and path[1] in PARTICIPANT_PATHS
            ):
                self._participant(PARTICIPANT_PATHS[path[1]], body)
                return
            if method == "PUT" and path == ["contact", "chat"]:
                self._check("StartChatContact", body)
                result: dict[str, Any] = sim.start_chat_contact(**body)
            elif method == "GET" and len(path) == 2 and path[0] == "contact-flows-summary":
                query = parse_qs(url.query)
                types = query.get("contactFlowTypes") or []
                self._check("ListContactFlows", {"InstanceId": path[1], "ContactFlowTypes": types})
                result = {"ContactFlowSummaryList": sim.list_contact_flows(path[1], types)}
            elif method == "PUT" and path == ["contact", "outbound-voice"]:
                self._check("StartOutboundVoiceContact", body)
                result = {"ContactId": sim.start_outbound_voice_contact(**body)}
            elif method == "POST" and path == ["contact", "stop"]:
                self._check("StopContact", body)
                reason = (body.get("DisconnectReason") or {}).get("Code")
                sim.stop_contact(str(body["ContactId"]), str(body["InstanceId"]), reason)
                result = {}
            elif method == "POST" and path == ["contact", "attributes"]:
                self._check("UpdateContactAttributes", body)
                sim.update_contact_attributes(
                    str(body["InitialContactId"]), str(body["InstanceId"]), dict(body["Attributes"])
                )
                result = {}
            elif method == "GET" and len(path) == 4 and path[:2] == ["contact", "attributes"]:
                self._check("GetContactAttributes", {"InstanceId": path[2], "InitialContactId": path[3]})
                result = {"Attributes": sim.get_contact_attributes(path[3], path[2])}
            elif method == "POST" and path == ["search-contacts"]:
                self._check("SearchContacts", body)
                result = search_contacts(sim, body)
            elif method == "PUT" and len(path) == 4 and path[0] == "users" and path[3] == "status":
                self._check("PutUserStatus", {"InstanceId": path[1], "UserId": path[2], **body})
                sim.put_user_status(path[2], path[1], str(body["AgentStatusId"]))
                result = {}
            elif method == "POST" and len(path) == 3 and path[:2] == ["metrics", "current"]:
                self._check("GetCurrentMetricData", {"InstanceId": path[2], **body})
                result = current_metric_data(sim, path[2], body)
            elif method == "POST" and len(path) == 3 and path[:2] == ["metrics", "userdata"]:
                self._check("GetCurrentUserData", {"InstanceId": path[2], **body})
                result = sim.get_current_user_data(path[2], dict(body["Filters"]))
            elif method == "GET" and len(path) == 3 and path[0] == "contacts":
                self._check("DescribeContact", {"InstanceId": path[1], "ContactId": path[2]})
                result = {"Contact": sim.describe_contact(path[2], path[1])}
            else:
                raise ConnectError(
                    "UnknownOperationException", f"{method} /{'/'.join(path)} is not simulated"
                )
        except ConnectError as exc:
            self._reply(error_status(exc.code), {"message": exc.message}, exc.code)
            return
        except (ValueError, TypeError) as exc:
            self._reply(400, {"message": str(exc)}, "InvalidRequestException")
            return
        self._reply(200, result)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_POST(self) -> None:
        self._dispatch("POST")


class ConnectApiServer:
    """``simulator`` on http://127.0.0.1:<port> in a daemon thread (port 0 picks a free one).

    ``accepted`` lists every request that passed validation, as ``(operation, parameters)``: what
    the code under test really asked Connect for.
    """

    def __init__(self, simulator: ConnectSimulator, port: int = 0) -> None:
        from local.connect_simulator.chat_transport import ChatTransport

        self.accepted: list[tuple[str, dict[str, Any]]] = []
        self.chat_transport = ChatTransport(simulator.chat)
        handler = type(
            "BoundConnectApiHandler",
            (_ConnectApiHandler,),
            {"simulator": simulator, "rules": ApiRequestRules(), "accepted": self.accepted},
        )
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(
            target=serve_until_shutdown, args=(self.server,), name="connect-simulator-api", daemon=True
        )

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ConnectApiServer:
        self.chat_transport.start()
        self._thread.start()
        return self

    def stop(self) -> None:
        self.chat_transport.stop()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

"""The websocket CreateParticipantConnection hands out: how a chat client hears its chat.

The protocol amazon-connect-chatjs speaks (its websocket manager): the client subscribes with
``{"topic": "aws/subscribe", "content": {"topics": ["aws/chat"]}}`` and is answered
``{"topic": "aws/subscribe", "content": {"status": "success", "topics": [...]}}``; it sends
``aws/heartbeat`` (answered in kind) and ``aws/ping`` (answered with ``statusCode`` 200) every
10 s; every transcript item of its chat arrives as
``{"topic": "aws/chat", "contentType": "application/json", "content": "<the item as JSON>"}``.
chatjs accepts ``ws://127.0.0.1:`` URLs besides ``wss://``, so loopback needs no certificate.

    transport = ChatTransport(sim.chat).start()   # sim.chat.websocket_url now points at it
    ...
    transport.stop()
"""

from __future__ import annotations

import json
import queue
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

if TYPE_CHECKING:
    from local.connect_simulator.chat import ChatService

SUBSCRIBE, HEARTBEAT, PING, CHAT_TOPIC = "aws/subscribe", "aws/heartbeat", "aws/ping", "aws/chat"
POLL_S = 0.05


class ChatTransport:
    """A websocket server on loopback (port 0: a free one) delivering chat items to their chats."""

    def __init__(self, chat: ChatService, port: int = 0) -> None:
        self.chat = chat
        self._outboxes: dict[str, list[queue.SimpleQueue[dict[str, Any]]]] = {}  # contact -> sockets
        self._lock = threading.Lock()
        self._server = serve(self._serve, "127.0.0.1", port, compression=None)
        self.port = int(self._server.socket.getsockname()[1])
        self._thread = threading.Thread(target=self._server.serve_forever, name="chat-websocket", daemon=True)
        chat.on_item(self._deliver)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/connection?token={{token}}"

    def start(self) -> ChatTransport:
        self.chat.websocket_url = self.url
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)

    def _deliver(self, contact_id: str, item: dict[str, Any]) -> None:
        with self._lock:
            outboxes = list(self._outboxes.get(contact_id, ()))
        for outbox in outboxes:
            outbox.put(item)

    def _serve(self, socket: ServerConnection) -> None:
        path = socket.request.path if socket.request is not None else ""
        token = (parse_qs(urlparse(path).query).get("token") or [""])[0]
        participant = self.chat.participant_for_connection(token)
        if participant is None:
            socket.close(4003, "the connection token is not valid")
            return
        outbox: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        with self._lock:
            self._outboxes.setdefault(participant.contact_id, []).append(outbox)
        subscribed = False
        try:
            while True:
                try:
                    raw = socket.recv(timeout=POLL_S)
                except TimeoutError:
                    raw = None
                if raw is not None:
                    subscribed = self._answer(socket, raw) or subscribed
                while subscribed and not outbox.empty():
                    item = outbox.get()
                    socket.send(
                        json.dumps(
                            {
                                "topic": CHAT_TOPIC,
                                "contentType": "application/json",
                                "content": json.dumps(item),
                            }
                        )
                    )
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._outboxes[participant.contact_id].remove(outbox)

    @staticmethod
    def _answer(socket: ServerConnection, raw: str | bytes) -> bool:
        """Answer one client message; True once the client subscribed to the chat topic."""
        try:
            message = json.loads(raw)
        except ValueError:
            return False
        topic = message.get("topic") if isinstance(message, dict) else None
        if topic == SUBSCRIBE:
            topics = [t for t in (message.get("content") or {}).get("topics") or [] if t == CHAT_TOPIC]
            status = "success" if topics else "failure"
            socket.send(json.dumps({"topic": SUBSCRIBE, "content": {"status": status, "topics": topics}}))
            return bool(topics)
        if topic == HEARTBEAT:
            socket.send(json.dumps({"topic": HEARTBEAT}))
        elif topic == PING:
            socket.send(json.dumps({"topic": PING, "statusCode": 200}))
        return False

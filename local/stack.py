"""The whole local stack in one object: start it, use it, stop it (also as a context manager).

With ``connect=True`` it also runs the Connect simulator (its API on loopback, the product's flows,
scripted callees, the dev stage's agents signed in and in the directory) on an accelerated virtual clock, and the local runner that delivers queues,
contact events and due schedules to the handlers, so calls placed through the API really happen.
"""

from __future__ import annotations

import json
import os
import threading
from typing import TYPE_CHECKING, Any

from local.api_server import ApiServer
from local.aws import EmulatedAws, free_port

if TYPE_CHECKING:
    from types import TracebackType

#: Virtual seconds per real second when the simulator runs in the background.
DEFAULT_SPEED = 30.0
#: The local runner's pause between rounds while work keeps coming, and once it has gone quiet.
BUSY_POLL_S = 0.1
IDLE_POLL_S = 0.4
QUIET_ROUNDS_BEFORE_IDLE = 10


class LocalStack:
    """moto + the tables/queues/buckets + the REST API (+ Connect simulator and runner), on 127.0.0.1."""

    def __init__(
        self, api_port: int | None = None, connect: bool = False, speed: float = DEFAULT_SPEED
    ) -> None:
        self.aws = EmulatedAws()
        self.api_port = api_port or free_port()
        self.api: ApiServer | None = None
        self.console: Any = None
        self.with_connect = connect
        self.speed = speed
        self.sim: Any = None
        self.runner: Any = None
        self._connect_server: Any = None
        self._pump: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()  # something to deliver: the runner's next round starts now

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def start(self) -> LocalStack:
        from local.console_site import ConsoleSite

        self.aws.start()
        self.console = ConsoleSite(self.aws.endpoint)
        self.api = ApiServer(self.api_port, console_site=self.console).start()
        if self.with_connect:
            self._start_connect()
        else:
            self._start_state_machines()
        return self

    def _start_state_machines(self) -> None:
        """Run the Step Functions executions the API starts (audience loads, list imports), as
        AWS would, from their deployed definitions (with Connect, the runner does it)."""
        from local.connect_simulator.function_app import load_chalice_app
        from local.state_machines import LocalStateMachines

        app = load_chalice_app()
        machines = LocalStateMachines(call=lambda name, event: app.handler_map[name](event, None))

        def pump() -> None:
            while not self._stop.wait(0.2):
                try:
                    machines.run_pending()
                except Exception as error:  # e.g. moto going away at stop; say so and go on
                    print(f"local state machines: {type(error).__name__}: {error}", flush=True)

        self._pump = threading.Thread(target=pump, name="local-state-machines", daemon=True)
        self._pump.start()

    def _start_connect(self) -> None:
        import boto3

        from chalicelib import clock, messaging, telephony, work_queues
        from chalicelib.resources import CONTACT_EVENTS_QUEUE_ENV
        from local.connect_simulator import ConnectApiServer, ConnectSimulator
        from local.connect_simulator.function_app import load_chalice_app
        from local.connect_simulator.setup import connect_environment
        from local.runner import LocalRunner

        app = load_chalice_app()
        self.sim = ConnectSimulator(
            max_concurrent_calls=int(os.environ.get("DIALLER_MAX_CONCURRENT_CALLS", "10"))
        )
        self._install_staff(app)
        self.sim.recording_storage = provision_recordings_bucket()
        from local.connect_simulator.agent_desk import AgentDesk

        self.console.desk = AgentDesk(self.sim)
        self._connect_server = ConnectApiServer(self.sim).start()
        os.environ.update(connect_environment(self.sim, self._connect_server.endpoint))
        os.environ.setdefault("QUEUE_MAX_DELAY_S", "0")  # due times live on the virtual clock
        for adapter in (telephony, messaging, work_queues):
            adapter.forget_client()
        clock.source = self.sim.clock.time
        self.runner = LocalRunner(app, clock=self.sim.clock)
        sqs = boto3.client("sqs")
        events_queue = os.environ[CONTACT_EVENTS_QUEUE_ENV]

        def route(event: dict[str, Any]) -> None:
            # The two EventBridge rules CDK deploys: Chalice's own (on_cw_event) and the queue's.
            self.runner.publish(event)
            sqs.send_message(QueueUrl=events_queue, MessageBody=json.dumps(event))
            self._wake.set()  # deliver it now, not at the runner's next poll

        self.sim.on_event(route)
        self.sim.run_in_background(speed=self.speed)
        self._pump = threading.Thread(target=self._deliver_forever, name="local-runner", daemon=True)
        self._pump.start()

    @property
    def recordings_bucket(self) -> str | None:
        storage = self.sim.recording_storage if self.sim is not None else None
        return storage.bucket if storage is not None else None

    def _install_staff(self, app: Any) -> None:
        """The dev stage's flows, and its staff (staff/dev.yaml) signed in and in the directory."""
        from chalicelib import agents
        from infra.staff import directory_entries, load_staff
        from local.connect_simulator import install_contact_centre
        from local.connect_simulator.setup import install_staff

        staff = load_staff("dev")
        install_contact_centre(self.sim, app, owner_wait_s=staff.owner_wait_s)
        user_ids = install_staff(self.sim, staff)
        for username, entry in directory_entries(staff, user_ids).items():
            agents.put_agent(username, entry)

    def _deliver_forever(self) -> None:
        """Run the runner's rounds until ``stop``: every ``BUSY_POLL_S`` while work keeps coming,
        every ``IDLE_POLL_S`` once a second has passed without any, and at once on a contact event.

        A round asks moto about mail, queues and schedules (~20 ms of CPU); at the busy pace an
        idle stack spent a fifth of a core on it.
        """
        quiet_rounds = 0
        while not self._stop.is_set():
            self._wake.wait(BUSY_POLL_S if quiet_rounds < QUIET_ROUNDS_BEFORE_IDLE else IDLE_POLL_S)
            self._wake.clear()
            if self._stop.is_set():
                return
            quiet_rounds = 0 if self.runner.run_once() else quiet_rounds + 1

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._pump is not None:
            self._pump.join(timeout=10)
        if self.sim is not None:
            import time

            from chalicelib import clock

            self.sim.stop_background()
            self._connect_server.stop()
            clock.source = time.time
        if self.api is not None:
            self.api.stop()
            self.api = None
        self.aws.stop()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def provision_recordings_bucket() -> Any:
    """The instance's CALL_RECORDINGS storage as CDK declares it (``infra.recording_layout``): a
    bucket and prefix Connect (here the simulator) writes each recorded contact's audio to."""
    import boto3

    from infra.recording_layout import PREFIX
    from local.connect_simulator.recordings import RecordingStorage
    from local.environment import LOCAL_PREFIX

    s3 = boto3.client("s3")
    bucket = f"{LOCAL_PREFIX}call-recordings"
    s3.create_bucket(Bucket=bucket)

    def put(bucket_name: str, key: str, body: bytes) -> None:
        s3.put_object(Bucket=bucket_name, Key=key, Body=body, ContentType="audio/wav")

    return RecordingStorage(bucket, PREFIX, put)

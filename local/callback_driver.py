"""Drives booked callbacks through the local stack: the Connect simulator served over its HTTP API
on a virtual clock, the local runner firing due schedules and delivering the calls' contact events
to the same handlers Lambda would call.

Used by the callback end-to-end tests and ``make demo``::

    with CallbackCentre.open(api_url) as centre:
        centre.sim.script_callee("+12125550161", Party.answers(after_s=3))
        booking = ...                     # booked over the REST API: {"startsAt": ..., ...}
        centre.at_slot(booking)           # the clock jumps to the slot; the call rings and ends
        centre.calls_to("+12125550161")   # the simulator's contacts with that customer
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from local.connect_simulator import ConnectSimulator, Contact
    from local.runner import LocalRunner


@dataclass
class CallbackCentre:
    api: str
    sim: ConnectSimulator
    runner: LocalRunner

    @classmethod
    @contextmanager
    def open(cls, api: str, max_concurrent_calls: int = 10) -> Iterator[CallbackCentre]:
        """A simulator wired like CDK wires Connect (its events to the runner), with the functions'
        Connect settings pointing at it for the block."""
        from chalicelib import telephony
        from local.connect_simulator import (
            ConnectApiServer,
            ConnectSimulator,
            connect_environment,
            install_contact_centre,
        )
        from local.connect_simulator.function_app import load_chalice_app
        from local.environment import temporary_environment
        from local.runner import LocalRunner

        app = load_chalice_app()
        sim = ConnectSimulator(max_concurrent_calls=max_concurrent_calls)
        install_contact_centre(sim, app)
        server = ConnectApiServer(sim).start()
        runner = LocalRunner(app, clock=sim.clock)
        sim.on_event(runner.publish)
        try:
            with temporary_environment(connect_environment(sim, server.endpoint)):
                telephony.forget_client()
                yield cls(api, sim, runner)
        finally:
            server.stop()
            telephony.forget_client()

    def deliver(self, rounds: int = 10) -> None:
        """Due schedules fire, calls run to their end, contact events reach their handlers: until
        a round moves nothing (or ``rounds``)."""
        for _ in range(rounds):
            fired = self.runner.run_due_schedules()
            self.sim.run_until_idle()
            delivered = self.runner.deliver_events()
            if not fired and not delivered:
                return

    def at_slot(self, booking: dict[str, Any]) -> None:
        """Move the virtual clock to the booking's slot (``startsAt`` as the API returns it) and let
        everything due happen."""
        self.sim.clock.set(datetime.fromisoformat(booking["startsAt"]).timestamp())
        self.deliver()

    def calls_to(self, phone: str) -> list[Contact]:
        return [contact for contact in self.sim.contacts.values() if contact.customer_number == phone]

"""Scripted people at the other end of a call: what they do and when, in seconds.

    Party.answers(after_s=2, presses=["2"])      # picks up after 2 s, presses 2 at the menu
    Party.answers(presses=[Press("1", at_s=4)])  # presses 1 four seconds after answering
    Party.no_answer()   Party.busy_line()   Party.voicemail_box()   Party.hangs_up(after_s=3)

A key may be several digits with a terminator (``Press("1234#")``) for stored input. ``says``
holds what the party says to a Lex bot or types on a chat, one entry per question.
A ``Press`` without ``at_s`` is pressed one second after the next key-press prompt finishes
speaking; with ``at_s`` it is pressed at that moment after answering, and is lost if the flow is
not listening for keys then (as on a real call, keys pressed during a plain message are dropped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Press:
    key: str
    at_s: float | None = None


@dataclass(frozen=True)
class Party:
    """One person's (or machine's) behaviour on a call."""

    answer_after_s: float | None = 2.0  # None: never answers
    busy: bool = False
    voicemail: bool = False  # a voicemail box answers: it listens, never presses a key
    presses: Sequence[Press | str] = field(default_factory=tuple)
    hang_up_after_s: float | None = None  # after answering; None: stays until the flow or agent ends
    talk_to_agent_s: float = 30.0  # conversation length once an agent picks up; then the agent hangs up
    voicemail_max_s: float = 90.0
    says: Sequence[str] = field(default_factory=tuple)  # utterances for a Lex bot, or typed chat replies

    def utterances(self) -> list[str]:
        return [] if self.voicemail else [str(text) for text in self.says]

    @classmethod
    def answers(
        cls, after_s: float = 2.0, presses: Sequence[Press | str] = (), hang_up_after_s: float | None = None
    ) -> Party:
        return cls(answer_after_s=after_s, presses=tuple(presses), hang_up_after_s=hang_up_after_s)

    @classmethod
    def no_answer(cls) -> Party:
        return cls(answer_after_s=None)

    @classmethod
    def busy_line(cls) -> Party:
        return cls(busy=True)

    @classmethod
    def voicemail_box(cls, after_s: float = 8.0) -> Party:
        return cls(answer_after_s=after_s, voicemail=True)

    @classmethod
    def hangs_up(cls, after_s: float, answer_after_s: float = 2.0) -> Party:
        return cls(answer_after_s=answer_after_s, hang_up_after_s=after_s)

    def key_presses(self) -> list[Press]:
        if self.voicemail:
            return []
        return [press if isinstance(press, Press) else Press(str(press)) for press in self.presses]

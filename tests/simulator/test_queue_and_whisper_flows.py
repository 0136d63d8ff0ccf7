"""The customer queue flow plays while the contact waits; whisper flows run when the agent connects;
GetMetricData / CheckMetricData read the simulated queues."""

from __future__ import annotations

from local.connect_simulator import ConnectSimulator, Party
from local.connect_simulator.offline import RunOptions, run_flow
from tests.simulator.flow_support import action, call, flow, on_error, to_queue, transfer, waiting_in

HOLD_MUSIC = {"Messages": [{"Text": "All our agents are busy."}, {"Text": "Thank you for waiting."}]}


def _queued_with_hooks(sim: ConnectSimulator, **hooks: str) -> dict:
    queue = sim.add_queue("support")
    steps = [to_queue("queue", queue, "hook-0")]
    for index, (hook, target) in enumerate(hooks.items()):
        steps.append(
            action(
                f"hook-{index}",
                "UpdateContactEventHooks",
                {"EventHooks": {hook: target}},
                NextAction=f"hook-{index + 1}" if index + 1 < len(hooks) else "transfer",
                Errors=[on_error("NoMatchingError", "bye")],
            )
        )
    steps.append(transfer())
    return flow(*steps)


def test_the_queue_flow_loops_its_messages_until_an_agent_answers() -> None:
    sim = ConnectSimulator(agent_answer_s=12.0)
    queue_flow = sim.add_flow(
        "queue-music",
        flow(
            action(
                "music",
                "MessageParticipantIteratively",
                HOLD_MUSIC,
                Errors=[on_error("NoMatchingError", "bye")],
            )
        ),
    )
    contact = call(_queued_with_hooks(sim, CustomerQueue=queue_flow), Party.answers(), sim=sim)
    said = contact.transcript.said()
    assert said[:3] == ["All our agents are busy.", "Thank you for waiting.", "All our agents are busy."]
    assert contact.agent_connected_at is not None and contact.queued_at is not None
    assert contact.agent_connected_at - contact.queued_at == 12.0


def test_messages_are_interrupted_after_the_interrupt_frequency() -> None:
    content = flow(
        action(
            "music",
            "MessageParticipantIteratively",
            {**HOLD_MUSIC, "InterruptFrequencySeconds": "20"},
            Conditions=[
                {
                    "NextAction": "offer",
                    "Condition": {"Operator": "Equals", "Operands": ["MessagesInterrupted"]},
                }
            ],
            Errors=[on_error("NoMatchingError", "bye")],
        ),
        action("offer", "EndFlowExecution"),
    )
    report = run_flow(content, RunOptions(flow_type="CUSTOMER_QUEUE"))
    assert report.path == ["music", "offer"]
    assert report.ended == "flow_ended"
    assert report.duration_s == 20.0


def test_whisper_flows_run_when_the_agent_connects() -> None:
    sim = ConnectSimulator(agent_answer_s=5.0)
    agent_whisper = sim.add_flow(
        "agent-whisper",
        flow(
            action("w", "MessageParticipant", {"Text": "Gold customer."}, NextAction="end"),
            action("end", "EndFlowExecution"),
        ),
    )
    customer_whisper = sim.add_flow(
        "customer-whisper",
        flow(
            action("w", "MessageParticipant", {"Text": "You are now connected."}, NextAction="end"),
            action("end", "EndFlowExecution"),
        ),
    )
    contact = call(
        _queued_with_hooks(sim, AgentWhisper=agent_whisper, CustomerWhisper=customer_whisper), sim=sim
    )
    assert contact.transcript.said() == [
        "You are now connected."
    ]  # the caller does not hear the agent's whisper
    assert [line.text for line in contact.lines if line.who == "whisper"] == ["Gold customer."]


def test_get_metric_data_counts_the_contacts_waiting_in_the_queue() -> None:
    sim = ConnectSimulator(agent_answer_s=600.0)
    queue = sim.add_queue("sales")
    sim.set_staffing("sales", online=3, available=0)
    sim.add_flow("waiting", waiting_in(queue))
    for caller in ("+12125550150", "+12125550151"):
        sim.place_inbound_call(caller, Party.answers(), flow_name="waiting")
    sim.advance(30)
    contact = call(
        flow(
            action(
                "metrics",
                "GetMetricData",
                {"QueueId": queue},
                NextAction="tell",
                Errors=[on_error("NoMatchingError", "bye")],
            ),
            action(
                "tell",
                "MessageParticipant",
                {"Text": "$.Metrics.Queue.Size ahead of you, $.Metrics.Agents.Online.Count agents online."},
                NextAction="busy",
            ),
            action(
                "busy",
                "CheckMetricData",
                {"MetricType": "NumberOfAgentsAvailable", "QueueId": queue},
                Conditions=[
                    {"NextAction": "bye", "Condition": {"Operator": "NumberGreaterThan", "Operands": ["0"]}}
                ],
                Errors=[on_error("NoMatchingCondition", "callback"), on_error("NoMatchingError", "bye")],
            ),
            action(
                "callback",
                "MessageParticipant",
                {"Text": "Nobody is free; we will call you back."},
                NextAction="bye",
            ),
        ),
        sim=sim,
    )
    assert contact.transcript.said() == [
        "2 ahead of you, 3 agents online.",
        "Nobody is free; we will call you back.",
    ]


def test_check_metric_data_compares_the_oldest_contact_age() -> None:
    content = flow(
        action(
            "old",
            "CheckMetricData",
            {"MetricType": "OldestContactInQueueAgeSeconds"},
            Conditions=[
                {"NextAction": "long", "Condition": {"Operator": "NumberGreaterThan", "Operands": ["30"]}}
            ],
            Errors=[on_error("NoMatchingCondition", "short"), on_error("NoMatchingError", "bye")],
        ),
        action("long", "MessageParticipant", {"Text": "long"}, NextAction="bye"),
        action("short", "MessageParticipant", {"Text": "short"}, NextAction="bye"),
    )
    assert run_flow(content, RunOptions(flow_type="CUSTOMER_QUEUE")).said == ["short"]


def test_hours_without_an_id_are_the_target_queues_hours() -> None:
    sim = ConnectSimulator()
    queue = sim.add_queue("night")
    sim.add_hours("night-hours", False)
    sim.set_queue_hours("night", "night-hours")
    contact = call(
        flow(
            to_queue("q", queue, "hours"),
            action(
                "hours",
                "CheckHoursOfOperation",
                {},
                Conditions=[
                    {"NextAction": "bye", "Condition": {"Operator": "Equals", "Operands": ["True"]}},
                    {"NextAction": "closed", "Condition": {"Operator": "Equals", "Operands": ["False"]}},
                ],
                Errors=[on_error("NoMatchingError", "bye")],
            ),
            action("closed", "MessageParticipant", {"Text": "The night queue is closed."}, NextAction="bye"),
        ),
        sim=sim,
    )
    assert contact.transcript.said() == ["The night queue is closed."]


def test_metrics_for_one_channel_count_only_its_contacts() -> None:
    sim = ConnectSimulator(agent_answer_s=600.0)
    queue = sim.add_queue("sales")
    sim.add_flow("waiting", waiting_in(queue))
    sim.place_inbound_call("+12125550150", Party.answers(), flow_name="waiting")
    sim.advance(10)
    ask = flow(
        action(
            "m",
            "GetMetricData",
            {"QueueId": queue, "QueueChannel": "Chat"},
            NextAction="say",
            Errors=[on_error("NoMatchingError", "bye")],
        ),
        action(
            "say", "MessageParticipant", {"Text": "$.Metrics.Queue.Size chats waiting."}, NextAction="bye"
        ),
    )
    assert call(ask, sim=sim).transcript.said() == ["0 chats waiting."]


def test_a_queue_flow_moves_the_waiting_contact_to_another_queue() -> None:
    content = flow(
        action(
            "move",
            "DequeueContactAndTransferToQueue",
            {"QueueId": "arn:aws:connect:us-east-1:111122223333:instance/i/queue/overflow"},
            Errors=[on_error("QueueAtCapacity", "bye"), on_error("NoMatchingError", "bye")],
        ),
    )
    report = run_flow(content, RunOptions(flow_type="CUSTOMER_QUEUE"))
    assert report.ended == "queued" and report.queue == "overflow"

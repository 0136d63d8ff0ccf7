"""Alarms (SNS topic, optional e-mail) and one dashboard for the stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

if TYPE_CHECKING:
    from infra.queues import QueueWithDeadLetters

PERIOD = Duration.minutes(5)
QUALITY_NAMESPACE = "ContactCentre/Quality"  # chalicelib.quality.emf.NAMESPACE (the functions print EMF)
#: Alarm when more than this share of queued calls hang up before an agent answers (15 minutes,
#: at least ``ABANDONMENT_MIN_QUEUED`` queued calls so one hang-up at night does not page anyone).
ABANDONMENT_ALARM_RATE = 0.15
ABANDONMENT_MIN_QUEUED = 10


class Monitoring(Construct):
    """Alarm when a message lands in a dead-letter queue or a function fails; graph the rest."""

    def __init__(
        self, scope: Construct, construct_id: str, *, dashboard_name: str, alarm_email: str | None
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "alarms", enforce_ssl=True)
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        self._action = cloudwatch_actions.SnsAction(self.topic)
        self.dashboard = cloudwatch.Dashboard(self, "dashboard", dashboard_name=dashboard_name)
        self.alarms: list[cloudwatch.Alarm] = []

    def _alarm(self, construct_id: str, metric: cloudwatch.IMetric, description: str) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            self,
            construct_id,
            metric=metric,
            threshold=0,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(self._action)
        self.alarms.append(alarm)
        return alarm

    def watch_queue(self, queue: QueueWithDeadLetters) -> None:
        name = queue.spec.logical_name
        dead = queue.dead_letters.metric_approximate_number_of_messages_visible(
            period=PERIOD, statistic="Maximum"
        )
        self._alarm(
            f"{name}-dead-letters",
            dead,
            f"Messages in the {name} dead-letter queue: they failed {queue.spec.max_receive_count} "
            "times. Inspect, fix, then redrive them to the source queue.",
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title=f"queue {name}",
                left=[
                    queue.queue.metric_approximate_number_of_messages_visible(
                        period=PERIOD, statistic="Maximum"
                    ),
                    queue.queue.metric_approximate_age_of_oldest_message(period=PERIOD, statistic="Maximum"),
                ],
                right=[dead],
                width=12,
            )
        )

    def watch_dead_letters(self, construct_id: str, queue: sqs.IQueue, description: str) -> cloudwatch.Alarm:
        """Alarm as soon as anything lands in ``queue`` (a dead-letter queue of an asynchronous path)."""
        return self._alarm(
            f"{construct_id}-dead-letters",
            queue.metric_approximate_number_of_messages_visible(period=PERIOD, statistic="Maximum"),
            description,
        )

    def watch_function(self, construct_id: str, function_name: str) -> None:
        def metric(metric_name: str, statistic: str) -> cloudwatch.Metric:
            return cloudwatch.Metric(
                namespace="AWS/Lambda",
                metric_name=metric_name,
                dimensions_map={"FunctionName": function_name},
                statistic=statistic,
                period=PERIOD,
            )

        errors = metric("Errors", "Sum")
        self._alarm(f"{construct_id}-errors", errors, f"Lambda function {function_name} raised errors.")
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title=f"function {function_name}",
                left=[metric("Invocations", "Sum"), errors, metric("Throttles", "Sum")],
                right=[metric("Duration", "p99")],
                width=12,
            )
        )

    def watch_quality(self, stage: str, quality_function_name: str | None) -> None:
        """The KPI section of the dashboard (from the EMF metrics the functions print), the
        abandonment alarm, and an alarm when the KPI Lambda drops contact events for good."""

        def kpi(metric_name: str, statistic: str = "Sum", period: Duration = PERIOD) -> cloudwatch.Metric:
            return cloudwatch.Metric(
                namespace=QUALITY_NAMESPACE,
                metric_name=metric_name,
                dimensions_map={"Stage": stage},
                statistic=statistic,
                period=period,
            )

        def ratio(
            label: str, numerator: str, denominator: str, scale: int = 100
        ) -> cloudwatch.MathExpression:
            top, bottom = numerator.lower(), denominator.lower()  # ids: one per metric in a graph
            return cloudwatch.MathExpression(
                expression=f"{scale} * {top} / {bottom}",
                using_metrics={top: kpi(numerator), bottom: kpi(denominator)},
                label=label,
                period=PERIOD,
            )

        window = Duration.minutes(15)
        abandonment = cloudwatch.MathExpression(
            expression=f"IF(queued >= {ABANDONMENT_MIN_QUEUED}, abandoned / queued, 0) - {ABANDONMENT_ALARM_RATE}",
            using_metrics={
                "abandoned": kpi("Abandoned", period=window),
                "queued": kpi("Queued", period=window),
            },
            label=f"abandonment rate above {ABANDONMENT_ALARM_RATE:.0%}",
            period=window,
        )
        watched = [
            self._alarm(
                "abandonment",
                abandonment,
                f"More than {ABANDONMENT_ALARM_RATE:.0%} of queued callers hung up before an agent answered "
                f"in 15 minutes (at least {ABANDONMENT_MIN_QUEUED} queued). Check staffing and queue routing.",
            )
        ]
        if quality_function_name:
            dropped = cloudwatch.Metric(
                namespace="AWS/Lambda",
                metric_name="AsyncEventsDropped",
                dimensions_map={"FunctionName": quality_function_name},
                statistic="Sum",
                period=PERIOD,
            )
            watched.append(
                self._alarm(
                    "quality-events-dropped",
                    dropped,
                    f"{quality_function_name} gave up on contact events after Lambda's retries: the "
                    "KPIs miss them. Fix the error, then replay the events from the function's logs.",
                )
            )
        self.dashboard.add_widgets(
            cloudwatch.TextWidget(markdown="## Service quality (KPIs)", width=24, height=1),
            cloudwatch.GraphWidget(
                title="Queued, answered, abandoned",
                left=[kpi("Queued"), kpi("Answered"), kpi("Abandoned")],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Abandonment and service level (%)",
                left=[
                    ratio("abandoned %", "Abandoned", "Queued"),
                    ratio("answered within 20 s %", "AnsweredWithinServiceLevel", "Queued"),
                ],
                left_y_axis=cloudwatch.YAxisProps(min=0, max=100),
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Average handle time (s) and satisfaction (1-5)",
                left=[ratio("handle time s", "HandleTime", "Handled", scale=1)],
                right=[ratio("satisfaction", "RatingSum", "Ratings", scale=1)],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Callbacks and campaign reach",
                left=[kpi("CallbacksDue"), kpi("CallbacksKept")],
                right=[
                    kpi("CampaignCalls"),
                    kpi("CampaignAnswered"),
                    kpi("CampaignHeard"),
                    kpi("CampaignKeyPressed"),
                    kpi("CampaignSms"),
                ],
                width=12,
            ),
            cloudwatch.AlarmStatusWidget(
                title="Abandonment, dead-letter queues, dropped events",
                alarms=[
                    *watched,
                    *(alarm for alarm in self.alarms if alarm.node.id.endswith("-dead-letters")),
                ],
                width=12,
            ),
        )

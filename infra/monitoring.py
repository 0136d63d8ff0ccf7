"""Alarms (SNS topic, optional e-mail) and one dashboard for the stage."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from infra.nag import acknowledge
from infra.queues import QueueWithDeadLetters

PERIOD = Duration.minutes(5)


class Monitoring(Construct):
    """Alarm when a message lands in a dead-letter queue or a function fails; graph the rest."""

    def __init__(
        self, scope: Construct, construct_id: str, *, dashboard_name: str, alarm_email: str | None
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "alarms", enforce_ssl=True)
        acknowledge(
            self.topic,
            "AwsSolutions-SNS2",
            "Alarm notifications carry metric names only, no personal data; CloudWatch "
            "alarms cannot publish to a topic encrypted with the AWS managed SNS key.",
        )
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

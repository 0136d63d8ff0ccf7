"""The Amazon States Language definition of a CSV batch job: the one definition CDK deploys and
the local stack runs (``local.asl``), so the code path tested is the deployed one.

A job reads one CSV object in S3 with a Distributed Map (ItemReader, first row = header), hands
the rows to a Lambda function ``ROWS_PER_INVOCATION`` at a time (ItemBatcher), each row with its
index in the file (ItemSelector), and retries a failed batch: the function's writes are keyed
by job and row, so a batch delivered twice (or cut short and delivered again) loses and
duplicates nothing. Every Task invokes the same function; the payload's ``step`` says which part
of the job it is::

    prepare  {job_id, bucket, key, options}          -> checks the header, counts rows
    rows     {job_id, options, items: [{index, row}]} -> one batch; returns {"rows": n}
    finish   {job_id, options}                        -> the job is done
    failed   {job_id, options, error: {Error, Cause}}  -> records why the job stopped

    definition = csv_batch_job("${TaskFunctionArn}")   # CDK substitutes the ARN
"""

from __future__ import annotations

from typing import Any

#: Rows per Lambda invocation. ``bench/audience.py`` measures what fits in the functions' timeout
#: and checks this stays at most half of it.
ROWS_PER_INVOCATION = 1000
#: Step Functions passes a batch as the child execution's input: at most 256 KiB.
MAX_BATCH_BYTES = 200_000
#: Parallel batches: DynamoDB on demand absorbs this; the dialler is paced separately.
MAX_CONCURRENCY = 10
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
S3_GET_OBJECT = "arn:aws:states:::s3:getObject"
#: Errors of the Lambda service itself (not of the function): always worth another try.
LAMBDA_SERVICE_ERRORS = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
]


def _invoke(function_arn: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "Type": "Task",
        "Resource": LAMBDA_INVOKE,
        "Parameters": {"FunctionName": function_arn, "Payload": payload},
    }


def _job_fields(source: str = "$") -> dict[str, str]:
    return {"job_id.$": f"{source}.job_id", "options.$": f"{source}.options"}


def csv_batch_job(function_arn: str, *, rows_per_invocation: int = ROWS_PER_INVOCATION) -> dict[str, Any]:
    """The state machine: Prepare -> Rows (Distributed Map) -> Finish; any failure -> Failed."""
    on_failure = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "RecordFailure"}]
    return {
        "Comment": "A CSV object in S3, a bounded batch of rows per Lambda invocation, resumable",
        "StartAt": "Prepare",
        "States": {
            "Prepare": {
                **_invoke(
                    function_arn,
                    {"step": "prepare", **_job_fields(), "bucket.$": "$.bucket", "key.$": "$.key"},
                ),
                "ResultSelector": {"rows.$": "$.Payload.rows"},
                "ResultPath": "$.prepared",
                "Retry": [
                    {
                        "ErrorEquals": LAMBDA_SERVICE_ERRORS,
                        "IntervalSeconds": 2,
                        "MaxAttempts": 3,
                        "BackoffRate": 2,
                    }
                ],
                "Catch": on_failure,
                "Next": "Rows",
            },
            "Rows": {
                "Type": "Map",
                "ItemReader": {
                    "Resource": S3_GET_OBJECT,
                    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                    "Parameters": {"Bucket.$": "$.bucket", "Key.$": "$.key"},
                },
                "ItemSelector": {"index.$": "$$.Map.Item.Index", "row.$": "$$.Map.Item.Value"},
                "ItemBatcher": {
                    "MaxItemsPerBatch": rows_per_invocation,
                    "MaxInputBytesPerBatch": MAX_BATCH_BYTES,
                    "BatchInput": _job_fields(),
                },
                "MaxConcurrency": MAX_CONCURRENCY,
                "ToleratedFailurePercentage": 0,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Batch",
                    "States": {
                        "Batch": {
                            **_invoke(
                                function_arn,
                                {"step": "rows", **_job_fields("$.BatchInput"), "items.$": "$.Items"},
                            ),
                            # A batch cut short (timeout, crash) is delivered again: writes are
                            # keyed by job and row, so nothing is lost or written twice.
                            "ResultSelector": {"rows.$": "$.Payload.rows"},
                            "Retry": [
                                {
                                    "ErrorEquals": ["States.ALL"],
                                    "IntervalSeconds": 2,
                                    "MaxAttempts": 6,
                                    "BackoffRate": 2,
                                }
                            ],
                            "End": True,
                        }
                    },
                },
                "ResultPath": None,
                "Catch": on_failure,
                "Next": "Finish",
            },
            "Finish": {
                **_invoke(function_arn, {"step": "finish", **_job_fields()}),
                "Retry": [
                    {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}
                ],
                "ResultPath": None,
                "End": True,
            },
            "RecordFailure": {
                **_invoke(function_arn, {"step": "failed", **_job_fields(), "error.$": "$.error"}),
                "Retry": [
                    {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}
                ],
                "ResultPath": None,
                "Next": "JobFailed",
            },
            "JobFailed": {
                "Type": "Fail",
                "Error": "BatchJobFailed",
                "Cause": "see the job's recorded failure",
            },
        },
    }

"""``receive_support_email``: Amazon SES's receipt rule calls it for each mail to the support
address, after its S3 action stored the message (``infra.support_mail``)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

blueprint = Blueprint(__name__)


@blueprint.lambda_function(name="receive_support_email")
def receive_support_email(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Raises on failure: Lambda retries SES's asynchronous invocation, then keeps the event in the
    function's dead-letter queue (which alarms); filing a mail twice changes nothing."""
    from chalicelib import clock, settings
    from chalicelib.mail.intake import MAIL_BUCKET_ENV, receive_ses_event

    outcomes = receive_ses_event(event, settings.required(MAIL_BUCKET_ENV), now=clock.utcnow())
    return {"results": [outcome.to_dict() for outcome in outcomes]}

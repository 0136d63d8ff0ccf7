"""Errors a user can cause. The HTTP edge turns each into a 4xx with ``{"error": {code, message}}``."""

from __future__ import annotations


class ContactCentreError(Exception):
    """Base for user-facing errors: ``code`` is stable and machine-readable, the message is for people."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InvalidInput(ContactCentreError):
    status = 400
    code = "invalid_input"


class NotFound(ContactCentreError):
    status = 404
    code = "not_found"


class Conflict(ContactCentreError):
    status = 409
    code = "conflict"


class Forbidden(ContactCentreError):
    status = 403
    code = "forbidden"


class TooManyRequests(ContactCentreError):
    status = 429
    code = "too_many_requests"

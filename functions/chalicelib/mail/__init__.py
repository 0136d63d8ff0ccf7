"""Email to ticket: mail to the stage's support address opens or updates a ticket, replies go out
by Amazon SES with the ticket's reference in the subject.

``message`` reads a MIME message and SES's verdicts (pure), ``intake`` turns a received mail into
ticket changes, ``outbound`` sends a reply once.
"""

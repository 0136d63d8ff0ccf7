"""Quality supervision: KPIs from contact events, ratings and outcomes; QA samples; reports.

Public surface (import the submodules on first use; the contact-event Lambda stays small):

- ``tracking.track_contact_event(event)``: the KPI Lambda's work for one contact event.
- ``tracking.note_campaign_outcome(...)``: campaign reach, called by ``call_outcomes``.
- ``survey_answers.record_sms_rating(phone, text)`` / ``survey_invitations.invite_sms_survey(phone, ...)``.
- ``metrics.metrics_report(dimension, from, to)``: what ``GET /metrics`` returns.
- ``sampling.sample(agent, from, to)`` / ``sampling.record_review(contact_id, body, reviewer=)``.

Facts merge order-independently (``facts``), counters change by deltas once (``aggregates``),
KPIs are ratios of summed counters (``kpis``), CloudWatch gets EMF lines (``emf``).
"""

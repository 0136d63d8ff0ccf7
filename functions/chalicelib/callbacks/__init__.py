"""Callback appointments: bookable slots, SMS-verified bookings, scheduled callback calls.

- ``slots``: free slots from the callback queue's hours, slot length, capacity and closures
- ``verification``: one-time SMS codes (hashed, limited)
- ``bookings``: book / move / cancel, each one DynamoDB transaction that cannot overbook
- ``scheduling``: the EventBridge Scheduler adapter (one ``at(...)`` schedule per call, reminder)
- ``calling``: the callback Lambda (screen, dial through Connect, retry, ticket)
- ``ivr``: the after-hours IVR's offer and key-press booking
- ``settings``: every setting's environment variable, format and default
"""

"""The embedded local stack: moto in server mode, the Chalice app served over HTTP, and (in later
parts) the Connect simulator and the runner that delivers queues, schedules and events."""

from local import paths as _paths  # noqa: F401  (puts functions/ on sys.path first)

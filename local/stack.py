"""The whole local stack in one object: start it, use it, stop it (also as a context manager)."""

from __future__ import annotations

from types import TracebackType

from local.api_server import ApiServer
from local.aws import EmulatedAws, free_port


class LocalStack:
    """moto + the tables/queues/buckets + the REST API, all on 127.0.0.1."""

    def __init__(self, api_port: int | None = None) -> None:
        self.aws = EmulatedAws()
        self.api_port = api_port or free_port()
        self.api: ApiServer | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def start(self) -> LocalStack:
        self.aws.start()
        self.api = ApiServer(self.api_port).start()
        return self

    def stop(self) -> None:
        if self.api is not None:
            self.api.stop()
            self.api = None
        self.aws.stop()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

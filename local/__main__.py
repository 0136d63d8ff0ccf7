"""``python -m local serve`` (make local) and ``python -m local demo`` (make demo)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

import typer

app = typer.Typer(add_completion=False, help="Run the contact centre on this machine (moto + local API).")


@app.command()
def serve(port: int = typer.Option(int(os.environ.get("PORT", "8000")), help="API port")) -> None:
    """Serve the local stack until interrupted (Ctrl-C)."""
    from local.stack import LocalStack

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with LocalStack(api_port=port, connect=True) as stack:
        print(
            f"local stack ready: API {stack.api_url}  AWS (moto) {stack.aws.endpoint}  "
            f"Connect simulator {stack._connect_server.endpoint}",
            flush=True,
        )
        print(f"staff console {stack.api_url}/console/  help centre {stack.api_url}/help-centre/", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    print("local stack stopped")


@app.command()
def demo() -> None:
    """Start the local stack, walk through the product's paths, print what happened, stop."""
    import warnings

    from local.demo import run_demo

    warnings.filterwarnings("ignore", message="CognitoUserPoolAuthorizer is not a supported in local mode")

    raise typer.Exit(run_demo())


if __name__ == "__main__":
    app()

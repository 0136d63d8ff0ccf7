"""The deployed Lambda artefact: its zipped size, and each handler's cold start as deployed.

``lambda.asset_mb``: the largest function asset ``make synth`` produces (the dev stage), zipped:
the Chalice app's, not the AWS CLI layer CDK's BucketDeployment brings for the console.
``lambda.cold_import_ratio_deployed``: for every function, in a fresh interpreter with the
unzipped asset first on ``sys.path`` (as ``/var/task`` on Lambda), the time to import its handler
and every module its first call loads, over a bare ``import boto3`` (the runtime's own,
precompiled); the worst function. No bytecode is written while measuring: Lambda's code directory
is read-only, so what the zip lacks is compiled on every cold start. Interleaved samples, medians
of the interpreter's CPU time (on a shared machine, wall time mostly measures the neighbours).

``BENCH_LAMBDA_ASSET=path.zip`` measures that zip instead of the synthesized one (e.g. an older
build, for before/after figures); the handlers still come from the synthesized template.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from bench.report import BenchReport

_PROBE = Path(__file__).with_name("lambda_first_call.py")
_SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
#: What the Lambda Python runtime has besides the standard library: boto3 and its dependencies.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py")
_TIMER = """
import importlib, sys, time
sys.path[:0] = {asset_path!r}
sys.path.append({site!r})
started = time.process_time()
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except Exception:
        pass  # a lazily made submodule (six.moves...): its parent's import was the cost
print(time.process_time() - started)
"""


def runtime_packages(directory: Path) -> Path:
    """A stand-in for the runtime's own site-packages (the tested versions, precompiled): the
    asset shadows them, as ``/var/task`` does; nothing else of this environment is visible."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_PACKAGES:
        link = directory / name
        if not link.exists():
            link.symlink_to(_SITE_PACKAGES / name)
    return directory


def _synthesize(workdir: Path) -> Path:
    """Synthesize the dev stage exactly as ``make synth`` does; returns the cloud assembly."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "1")
    from aws_cdk import App

    from infra.settings import cdk_json_context
    from infra.stage import build_stage

    outdir = workdir / "cdk.out"
    app = App(outdir=str(outdir), context=cdk_json_context("dev"))
    previous = Path.cwd()
    os.chdir(workdir)  # the Chalice construct packages into ./chalice.out
    try:
        build_stage(app)
        app.synth()
    finally:
        os.chdir(previous)
    return outdir


def _our_functions(assembly: Path) -> dict[str, dict[str, Any]]:
    """``{logical id: properties}`` of the product's functions: the Chalice app's (SAM functions),
    not the helpers CDK adds for itself (a BucketDeployment's handler and its AWS CLI layer)."""
    return {
        lid: resource["Properties"]
        for template in assembly.glob("*.template.json")
        for lid, resource in json.loads(template.read_text())["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }


def _handlers(assembly: Path) -> dict[str, str]:
    """``{logical id: handler}`` of every function of the product in the synthesized templates."""
    return {
        lid: properties["Handler"]
        for lid, properties in _our_functions(assembly).items()
        if properties.get("Handler") and properties.get("Runtime", "").startswith("python")
    }


def _function_assets(assembly: Path) -> list[Path]:
    """The asset zips the product's functions deploy (``CodeUri.Key`` is ``<asset hash>.zip``)."""
    keys = {str(properties["CodeUri"]["Key"]) for properties in _our_functions(assembly).values()}
    return [assembly / f"asset.{key}" for key in sorted(keys)]


def _python(code_or_args: list[str]) -> str:
    """Run this interpreter without site-packages (``-S``) and bytecode writing, as Lambda would."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-S", *code_or_args], capture_output=True, text=True, check=True, env=env
    ).stdout


def first_calls(asset: Path, handlers: dict[str, str], runtime: Path) -> dict[str, dict[str, Any]]:
    """``{logical id: what bench/lambda_first_call.py reports}`` for each handler run from
    ``asset`` (``runtime`` after it), against a moto server holding the product's tables, queues
    and buckets."""
    from local.aws import EmulatedAws

    saved = dict(os.environ)
    emulated = EmulatedAws().start()  # exports the endpoint and every resource name
    try:
        reports = {}
        for lid, handler in sorted(handlers.items()):
            bootstrap = (
                f"import sys; sys.path.append({str(runtime)!r}); "
                f"sys.argv = [{str(_PROBE)!r}, {str(asset)!r}, {handler!r}]; "
                f"import runpy; runpy.run_path({str(_PROBE)!r}, run_name='__main__')"
            )
            reports[lid] = json.loads(_python(["-c", bootstrap]).strip().splitlines()[-1])
        return reports
    finally:
        emulated.stop()
        os.environ.clear()
        os.environ.update(saved)


def _seconds(asset: Path | None, modules: list[str], runtime: Path) -> float:
    """Seconds to import ``modules`` in a fresh interpreter, ``asset`` first on the path if any."""
    asset_path = [str(asset)] if asset else []
    code = _TIMER.format(asset_path=asset_path, site=str(runtime), modules=modules)
    return float(_python(["-c", code]).strip().splitlines()[-1])


def run(report: BenchReport, samples: int = 5) -> None:
    from infra.lambda_package import unpack

    with tempfile.TemporaryDirectory(prefix="bench-lambda-") as scratch:
        workdir = Path(scratch)
        assembly = _synthesize(workdir)
        zips = sorted(_function_assets(assembly), key=lambda p: p.stat().st_size)
        asset_zip = Path(os.environ.get("BENCH_LAMBDA_ASSET") or zips[-1])
        report.figure("lambda.asset_mb", asset_zip.stat().st_size / 1e6, "MB")

        asset = unpack(asset_zip, workdir / "task")
        runtime = runtime_packages(workdir / "runtime")
        cold_starts: dict[str, list[str]] = {}
        for lid, probed in first_calls(asset, _handlers(assembly), runtime).items():
            if probed["missing"]:
                raise SystemExit(f"{lid} needs what the package left out: {probed['missing']}")
            cold_starts[lid] = [str(probed["handler"]).rsplit(".", 1)[0], *probed["modules"]]

        boto3_times: list[float] = []
        handler_times: dict[str, list[float]] = {lid: [] for lid in cold_starts}
        for _ in range(samples):
            for lid, modules in cold_starts.items():
                boto3_times.append(_seconds(None, ["boto3"], runtime))
                handler_times[lid].append(_seconds(asset, modules, runtime))
        baseline = statistics.median(boto3_times)
        ratios = {lid: statistics.median(times) / baseline for lid, times in handler_times.items()}
        worst = max(ratios, key=lambda lid: ratios[lid])
        for lid, ratio in sorted(ratios.items()):
            print(f"  {lid}: {ratio:.2f}x a bare import boto3", flush=True)
        report.figure("lambda.cold_import_ratio_deployed", ratios[worst], "ratio")

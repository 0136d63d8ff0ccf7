"""Synthesize each stage once per test session (Chalice packages the app with pip: slow).

The app is built exactly as ``app.py`` builds it (same stacks, cdk-nag as a validation plugin);
a cdk-nag failure is recorded rather than raised, so the template tests still run and the nag
test reports it.

The CDK tests import aws_cdk, cdk-nag and the stacks inside the tests and fixtures that use them:
every xdist worker collects these modules, and only one runs them
(``tests/architecture/test_collection_imports.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

# jsii prints a banner for the Node version on import; it says nothing about this project.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
os.environ.setdefault("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1")

import pytest

from infra.settings import cdk_json_context

if TYPE_CHECKING:
    from collections.abc import Iterator

    from aws_cdk.assertions import Template

    from infra.stage import StageStacks

STAGES = ("dev", "prod")
#: The stacks of a stage (``infra.stage.build_stage``), by the last part of their names.
PARTS = ("Data", "ContactCentre", "Functions", "Console")


@dataclass
class SynthesizedStage:
    stacks: StageStacks
    outdir: Path
    nag_failure: str | None

    def template_path(self, part: str) -> Path:
        return self.outdir / f"ContactCentre-{self.stacks.settings.stage}-{part}.template.json"

    def metadata_path(self, part: str) -> Path:
        return self.outdir / f"ContactCentre-{self.stacks.settings.stage}-{part}.metadata.json"

    @cached_property
    def acknowledgements(self) -> list[tuple[str, str, str]]:
        """``(construct path, rule, reason)`` of every cdk-nag acknowledgement in the stage.

        Read from the cloud assembly, where synthesis records each construct's metadata under its
        path (``<stack>.metadata.json``): the same entries as the construct tree holds, without
        the thousands of jsii calls (~0.7 s a stage) a walk of that tree takes.
        """
        found: list[tuple[str, str, str]] = []
        for part in PARTS:
            metadata = json.loads(self.metadata_path(part).read_text())
            for path, entries in metadata.items():
                for entry in entries:
                    if entry["type"] == "aws:cdk:acknowledged-rules":
                        found.extend(
                            (path.lstrip("/"), rule, reason) for rule, reason in entry["data"].items()
                        )
        return found

    def template(self, part: str) -> Template:
        """The assertions view of ``part``, loaded into jsii once per session (tests/infra/templates.py)."""
        from tests.infra.templates import template

        return template(self, part)


def _synthesize(stage: str, workdir: Path) -> SynthesizedStage:
    from aws_cdk import App, Validations
    from cdk_nag import AwsSolutionsChecks

    from infra.stage import build_stage
    from local.console_site import ensure_console_bundle

    ensure_console_bundle()  # the console stack uploads it
    outdir = workdir / "cdk.out"
    app = App(outdir=str(outdir), context=cdk_json_context(stage))
    previous = Path.cwd()
    os.chdir(workdir)  # the Chalice construct packages into ./chalice.out
    try:
        stacks = build_stage(app)
        Validations.of(app).add_plugins(AwsSolutionsChecks(app))
        try:
            app.synth()
            failure = None
        except RuntimeError as error:  # cdk-nag findings fail validation after templates are written
            failure = str(error)
    finally:
        os.chdir(previous)
    return SynthesizedStage(stacks=stacks, outdir=outdir, nag_failure=failure)


@contextmanager
def _each_deployment_zip_rebuilt_once() -> Iterator[None]:
    """Every stage packages the same source, so Chalice hands each the same zip: the stages after
    the first take the first one's rebuilt bytes instead of compiling and compressing it again.

    The rebuild gives the same bytes for the same input anyway (``test_the_same_source_gives_the_
    same_asset`` rebuilds a scrambled copy with the real function and compares).
    """
    from infra import lambda_package

    real = lambda_package.rebuild_deployment_zip
    rebuilt: dict[str, bytes] = {}

    def rebuild_once(deployment_zip: Path) -> None:
        key = hashlib.sha256(deployment_zip.read_bytes()).hexdigest()
        if key not in rebuilt:
            real(deployment_zip)
            rebuilt[key] = deployment_zip.read_bytes()
        deployment_zip.write_bytes(rebuilt[key])

    lambda_package.rebuild_deployment_zip = rebuild_once
    try:
        yield
    finally:
        lambda_package.rebuild_deployment_zip = real


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SynthesizedStage]:
    with _each_deployment_zip_rebuilt_once():
        return {stage: _synthesize(stage, tmp_path_factory.mktemp(f"synth-{stage}")) for stage in STAGES}


@pytest.fixture(scope="session")
def dev(synthesized: dict[str, SynthesizedStage]) -> SynthesizedStage:
    return synthesized["dev"]


@pytest.fixture(scope="session")
def prod(synthesized: dict[str, SynthesizedStage]) -> SynthesizedStage:
    return synthesized["prod"]

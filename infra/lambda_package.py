"""The Lambda artefact as deployed: Chalice's zip, trimmed, precompiled and reproducible.

Chalice packages ``functions/`` with the pinned ``functions/requirements.txt`` (the lock). Its zip
then gets three changes before CDK hashes it into an asset:

- **Trimmed.** Only the botocore/boto3 service models of the services the functions call, and no
  phonenumbers geocoding or carrier data (the code reads a number's time zones, never its place
  or carrier). ``tests/infra/test_lambda_package.py`` runs every handler's first call from the
  unzipped asset, so code that starts needing something left out fails there, not in AWS.
- **Precompiled.** Lambda's code directory is read-only: without bytecode in the zip every cold
  start compiles every module it imports. The bytecode is ``unchecked-hash`` (valid whatever the
  files' times after unzipping) and built by this interpreter, which must be the runtime's version.
- **Reproducible.** Entries sorted, fixed times and modes, no stray ``__pycache__`` from the
  source tree, hash seed fixed while compiling: the same source gives the same asset hash, so an
  unchanged app is not redeployed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from chalice.cdk import Chalice

from infra.dependency_cache import dependencies_built_once
from infra.lambda_runtime import LAMBDA_RUNTIME

#: botocore service models the functions need (boto3.client names; PynamoDB uses dynamodb). A
#: service left out fails with UnknownServiceError, which the first-call test catches.
KEPT_AWS_SERVICES = frozenset(
    {
        "connect",
        "connectparticipant",
        "dynamodb",
        "s3",
        "scheduler",
        "secretsmanager",
        "sesv2",
        "sns",
        "sqs",
        "stepfunctions",
    }
)

#: Parts of packages the functions never import: phonenumbers' place names and carriers per
#: number prefix (about 20 MB), Powertools' REST resolver (Chalice routes instead).
DROPPED_PATHS = (
    "phonenumbers/geodata/",
    "phonenumbers/carrierdata/",
    "phonenumbers/geocoder.py",
    "phonenumbers/carrier.py",
    "aws_lambda_powertools/event_handler/",
)

#: Powertools utilities kept: what its Logger imports. The others (batch, idempotency, parser...)
#: are unused: SQS partial failures are reported by chalicelib.sqs_batches.
KEPT_POWERTOOLS_UTILITIES = frozenset({"__init__.py", "jmespath_utils", "serialization.py", "typing"})

#: Modules the code imports that the package deliberately does not carry, with the reason: the
#: command line reads campaign YAML (``chalicelib.campaigns.yaml_source``) and the seed reads the
#: knowledge files (``chalicelib.knowledge.files``); Lambda gets JSON and DynamoDB items.
NOT_PACKAGED_IMPORTS = {
    "yaml": "only the command line and the knowledge seed parse YAML; functions receive JSON"
}

#: Where Lambda unpacks the code: the file name compiled into the bytecode (tracebacks).
LAMBDA_TASK_ROOT = "/var/task"

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_FILE_MODE = 0o100644 << 16  # a regular file, readable by the runtime's user


def is_left_out(path: str) -> bool:
    """Whether the zip entry ``path`` is dropped from the deployed package.

    >>> is_left_out("botocore/data/ec2/2016-11-15/service-2.json.gz"), is_left_out("app.py")
    (True, False)
    """
    parts = PurePosixPath(path).parts
    if "__pycache__" in parts or path.endswith(".pyc"):
        return True  # left by the source tree; the package's bytecode is compiled afresh
    if len(parts) > 3 and parts[0] in {"botocore", "boto3"} and parts[1] == "data":
        return parts[2] not in KEPT_AWS_SERVICES
    if len(parts) > 2 and parts[:2] == ("aws_lambda_powertools", "utilities"):
        return parts[2] not in KEPT_POWERTOOLS_UTILITIES
    return path.startswith(DROPPED_PATHS)


def rebuild_deployment_zip(deployment_zip: Path) -> None:
    """Rewrite Chalice's ``deployment.zip`` in place: trimmed, compiled, reproducible."""
    with tempfile.TemporaryDirectory(prefix="lambda-package-") as scratch:
        root = Path(scratch)
        with zipfile.ZipFile(deployment_zip) as packaged:
            for entry in packaged.infolist():
                if entry.is_dir() or is_left_out(entry.filename):
                    continue
                target = root / entry.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(packaged.read(entry))
        _compile(root)
        _write_reproducibly(root, deployment_zip)


def _compile(root: Path) -> None:
    """Bytecode next to every module, as ``import`` would write it on a writable disk."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            "--invalidation-mode",
            "unchecked-hash",
            "-s",
            str(root),
            "-p",
            LAMBDA_TASK_ROOT,
            str(root),
        ],
        # A fixed seed orders set and frozenset constants the same way in every build.
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _files(root: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), path


def _write_reproducibly(root: Path, destination: Path) -> None:
    partial = destination.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, path in sorted(_files(root)):
            entry = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            entry.external_attr = _FILE_MODE
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, path.read_bytes(), compresslevel=9)
    partial.replace(destination)


class LambdaPackage(Chalice):
    """Chalice's CDK construct, whose zip is rebuilt (``rebuild_deployment_zip``) before CDK
    turns it into an asset. Refuses to package for a runtime other than this interpreter's."""

    def _package_app(self) -> None:
        with dependencies_built_once():  # not again for every change to the app's code
            super()._package_app()
        package_dir = Path(self._sam_package_dir)
        sam = json.loads((package_dir / "sam.json").read_text())
        runtimes = {
            resource["Properties"]["Runtime"]
            for resource in sam["Resources"].values()
            if resource["Type"] == "AWS::Serverless::Function"
        }
        if runtimes - {LAMBDA_RUNTIME}:
            raise RuntimeError(
                f"functions run on {sorted(runtimes)} but the bytecode would be {LAMBDA_RUNTIME}'s: "
                "package with that Python version"
            )
        rebuild_deployment_zip(package_dir / "deployment.zip")


def unpack(asset_zip: Path, destination: Path) -> Path:
    """The asset as Lambda sees it (for tests and benchmarks)."""
    shutil.rmtree(destination, ignore_errors=True)
    with zipfile.ZipFile(asset_zip) as packaged:
        packaged.extractall(destination)
    return destination

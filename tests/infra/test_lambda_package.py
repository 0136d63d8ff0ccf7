"""The deployed artefact: the tested versions, precompiled, trimmed of nothing the code needs, and
the same bytes (so the same asset hash) whenever the source is the same."""

from __future__ import annotations

import ast
import importlib.util
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from bench.lambda_artefact import first_calls, runtime_packages
from infra.dependency_lock import LOCK_FILE, lock_text, pinned
from infra.lambda_runtime import LAMBDA_RUNTIME

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"
CACHE_TAG = sys.implementation.cache_tag  # cpython-311: the runtime's, LambdaPackage checks


def _asset_zip(stage) -> Path:
    functions = stage.template("Functions").find_resources("AWS::Serverless::Function")
    (key,) = {function["Properties"]["CodeUri"]["Key"] for function in functions.values()}
    return stage.outdir / f"asset.{key}"


@pytest.fixture(scope="module")
def asset(dev, tmp_path_factory) -> Path:
    """The dev stage's function asset, unzipped as Lambda would see it."""
    from infra.lambda_package import unpack

    return unpack(_asset_zip(dev), tmp_path_factory.mktemp("task"))


@pytest.fixture(scope="module")
def handlers(dev) -> dict[str, str]:
    functions = dev.template("Functions").find_resources("AWS::Serverless::Function")
    return {lid: function["Properties"]["Handler"] for lid, function in functions.items()}


def test_the_lock_pins_what_the_tests_run_with():
    assert LOCK_FILE.read_text() == lock_text(), "stale lock: python -m infra.dependency_lock"


def test_the_zip_holds_exactly_the_locked_versions(dev):
    with zipfile.ZipFile(_asset_zip(dev)) as packaged:
        distributions = {
            name.split("/")[0] for name in packaged.namelist() if name.split("/")[0].endswith(".dist-info")
        }
    in_zip = {}
    for directory in distributions:
        name, version = directory.removesuffix(".dist-info").rsplit("-", 1)
        in_zip[canonicalize_name(name)] = version
    assert in_zip == pinned(LOCK_FILE.read_text())
    assert in_zip["botocore"] == in_zip["boto3"]  # the pair the tests run with, not the runtime's


def test_every_module_is_precompiled_for_the_runtime_without_source_checks(asset):
    sources = [p for p in asset.rglob("*.py") if "__pycache__" not in p.parts]
    assert len(sources) > 500
    uncompiled = [
        str(source.relative_to(asset))
        for source in sources
        if not (source.parent / "__pycache__" / f"{source.stem}.{CACHE_TAG}.pyc").exists()
    ]
    assert uncompiled == []
    assert f"python{sys.version_info.major}.{sys.version_info.minor}" == LAMBDA_RUNTIME
    compiled = asset / "chalicelib" / "__pycache__" / f"phone.{CACHE_TAG}.pyc"
    header = compiled.read_bytes()[:8]
    assert header[:4] == importlib.util.MAGIC_NUMBER
    # PEP 552 flags: hash-based (bit 0), source not checked (bit 1 clear): valid after any unzip
    assert int.from_bytes(header[4:8], "little") == 0b01


def test_only_the_service_models_the_code_uses_are_packaged(asset):
    from infra.lambda_package import KEPT_AWS_SERVICES

    packaged = {p.name for p in (asset / "botocore" / "data").iterdir() if p.is_dir()}
    assert packaged == set(KEPT_AWS_SERVICES)
    assert not (asset / "phonenumbers" / "geodata").exists()
    assert not (asset / "phonenumbers" / "carrierdata").exists()
    assert (asset / "phonenumbers" / "tzdata").is_dir()  # calling windows use the callee's zones


def _aws_services_named_in_code() -> set[str]:
    """Every literal service name given to boto3.client/resource in functions/ (and PynamoDB's)."""
    services = {"dynamodb"}
    for source in FUNCTIONS_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"client", "resource"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                services.add(node.args[0].value)
    return services


def test_the_code_calls_no_aws_service_whose_model_was_left_out():
    from infra.lambda_package import KEPT_AWS_SERVICES

    missing = _aws_services_named_in_code() - KEPT_AWS_SERVICES
    assert missing == set(), f"add {sorted(missing)} to infra.lambda_package.KEPT_AWS_SERVICES"


def _modules_imported_by_code() -> set[str]:
    """Every module an import statement in functions/ names, deferred imports included."""
    from infra.lambda_package import NOT_PACKAGED_IMPORTS

    modules = set()
    for source in FUNCTIONS_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module)
    return {m for m in modules if m.split(".")[0] not in NOT_PACKAGED_IMPORTS}


def test_every_module_the_code_imports_anywhere_is_in_the_package(asset):
    """Deferred imports included: a handler that only imports a left-out module on some path
    fails here rather than on that path in AWS."""
    modules = sorted(_modules_imported_by_code())
    script = (
        "import importlib, json, sys\n"
        f"sys.path[:] = [{str(asset)!r}] + [p for p in sys.path if 'site-packages' not in p]\n"
        "missing = []\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as error:\n"
        "        missing.append(f'{name}: {error}')\n"
        "print(json.dumps(missing))\n"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", script], capture_output=True, text=True, check=True, cwd=asset
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_every_handler_makes_its_first_call_from_the_unzipped_asset(asset, handlers, tmp_path):
    """Each handler imported and called once from the asset (moto server behind it): a module,
    service model or data file the trimmed package lacks fails here."""
    reports = first_calls(asset, handlers, runtime_packages(tmp_path / "runtime"))
    assert {lid: report["missing"] for lid, report in reports.items() if report["missing"]} == {}
    assert len(reports) == len(handlers)
    screen_caller = reports["ScreenCaller"]["modules"]
    assert "pynamodb.models" in screen_caller and "phonenumbers" in screen_caller


def test_the_same_source_gives_the_same_asset(dev, prod, tmp_path):
    """Two syntheses (the stages) agree, and neither stray bytecode, entry order nor file times
    change the bytes CDK hashes."""
    from infra.lambda_package import rebuild_deployment_zip

    assert _asset_zip(dev).name == _asset_zip(prod).name
    original = _asset_zip(dev).read_bytes()
    scrambled = tmp_path / "deployment.zip"
    with zipfile.ZipFile(_asset_zip(dev)) as packaged, zipfile.ZipFile(scrambled, "w") as out:
        entries = packaged.infolist()
        random.Random(7).shuffle(entries)
        stale = f"chalicelib/__pycache__/phone.{CACHE_TAG}.pyc"
        for entry in entries:
            moved = zipfile.ZipInfo(entry.filename, date_time=(2026, 11, 30, 12, 0, 0))
            out.writestr(moved, b"stale bytecode" if entry.filename == stale else packaged.read(entry))
        out.writestr(f"chalicelib/__pycache__/stray.{CACHE_TAG}.pyc", b"left by a developer's run")
    rebuild_deployment_zip(scrambled)
    assert scrambled.read_bytes() == original

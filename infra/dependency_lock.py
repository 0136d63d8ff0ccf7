"""``functions/requirements.txt`` is a lock: every package the Lambda zip carries, pinned to the
version the tests run with.

``functions/requirements.in`` names what the functions import; this module writes the lock from
the versions installed in the tests' environment, following each package's dependencies as they
resolve on the Lambda runtime (Linux, x86_64, ``LAMBDA_RUNTIME``'s Python). Chalice packages the
lock (it reads only ``requirements.txt``) and ``requirements.txt`` at the root installs it, so
the zip holds exactly the versions tested. ``python -m infra.dependency_lock`` rewrites it after
``requirements.in`` or an installed version changes; a test fails while it is stale.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from infra.lambda_runtime import LAMBDA_RUNTIME

FUNCTIONS_DIR = Path(__file__).resolve().parent.parent / "functions"
DIRECT_REQUIREMENTS = FUNCTIONS_DIR / "requirements.in"
LOCK_FILE = FUNCTIONS_DIR / "requirements.txt"

_HEADER = (
    "# The lock: every package the Lambda zip carries, at the version the tests run with.\n"
    "# Generated from requirements.in by `python -m infra.dependency_lock`; do not edit by hand.\n"
)


def _lambda_environment() -> dict[str, str]:
    version = LAMBDA_RUNTIME.removeprefix("python")
    env: dict[str, str] = {key: str(value) for key, value in default_environment().items()}
    env.update(
        sys_platform="linux",
        platform_system="Linux",
        platform_machine="x86_64",
        os_name="posix",
        python_version=version,
        python_full_version=f"{version}.0",
        implementation_name="cpython",
        platform_python_implementation="CPython",
    )
    return env


def direct_requirements(path: Path = DIRECT_REQUIREMENTS) -> list[Requirement]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line]


def locked_versions(requirements: list[Requirement]) -> dict[str, tuple[str, set[str]]]:
    """``{name: (installed version, names of the packages that need it)}`` for the closure."""
    environment = _lambda_environment()
    locked: dict[str, tuple[str, set[str]]] = {}
    pending: list[tuple[Requirement, str]] = [
        (requirement, "requirements.in") for requirement in requirements
    ]
    while pending:
        requirement, needed_by = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError as missing:
            raise SystemExit(f"{name} (needed by {needed_by}) is not installed: make setup") from missing
        if not requirement.specifier.contains(version, prereleases=True):
            raise SystemExit(f"{name}=={version} does not satisfy {requirement} (needed by {needed_by})")
        if name in locked:
            locked[name][1].add(needed_by)
            continue
        locked[name] = (version, {needed_by})
        for dependency in importlib.metadata.requires(name) or []:
            pending.append((Requirement(dependency), name))
    return locked


def lock_text() -> str:
    lines = [_HEADER]
    for name, (version, needed_by) in sorted(locked_versions(direct_requirements()).items()):
        lines.append(f"{name}=={version}  # via {', '.join(sorted(needed_by))}\n")
    return "".join(lines)


def pinned(lock: str) -> dict[str, str]:
    """``{canonical name: version}`` of a lock file's text."""
    pins: dict[str, str] = {}
    for line in lock.splitlines():
        requirement = line.split("#", 1)[0].strip()
        if requirement:
            name, version = requirement.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def main() -> None:
    text = lock_text()
    if "--check" in sys.argv[1:]:
        if LOCK_FILE.read_text() != text:
            raise SystemExit(f"{LOCK_FILE} is stale: python -m infra.dependency_lock")
        return
    LOCK_FILE.write_text(text)
    print(f"wrote {LOCK_FILE}")


if __name__ == "__main__":
    main()

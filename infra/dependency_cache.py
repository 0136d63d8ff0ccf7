"""The Lambda package's third-party dependencies, built once per lock file and runtime.

Chalice names its cached deployment package after a hash of the requirements *and of every app
file*, so each change to the code made it download and build the pinned dependencies for the
Lambda platform again (``pip download``, about 20 s, mostly the network) on every synth and in
every fresh test run. The dependencies depend only on the lock (``functions/requirements.txt``)
and the runtime: they are built once into ``.cache/lambda-dependencies/<lock hash>-<runtime>`` and
copied from there; Chalice still adds the app's files and caches its zip as before.

    python -m infra.dependency_cache    # make setup: build them before anything packages the app
"""

from __future__ import annotations

import hashlib
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infra.dependency_lock import LOCK_FILE
from infra.lambda_runtime import LAMBDA_RUNTIME

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: Outside ``functions/``: the code walks of the tests read every ``.py`` file there.
CACHE_ROOT = LOCK_FILE.parent.parent / ".cache" / "lambda-dependencies"


def cached_dependencies(requirements: Path, runtime: str) -> Path:
    """Where the dependencies of this lock for this runtime are kept."""
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:20]
    return CACHE_ROOT / f"{digest}-{runtime}"


def ensure_built(requirements: Path, runtime: str, build: Callable[[str, str, str], None]) -> Path:
    """The cached dependencies, built by ``build`` first if missing (safe against a parallel build:
    each builds in its own folder and the first to finish is kept)."""
    cached = cached_dependencies(requirements, runtime)
    if cached.is_dir():
        return cached
    partial = cached.with_name(f"{cached.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    build(runtime, str(requirements), str(partial))
    try:
        partial.rename(cached)
    except OSError:  # another process kept its build first; both are the same lock's
        shutil.rmtree(partial, ignore_errors=True)
    return cached


@contextmanager
def dependencies_built_once() -> Iterator[None]:
    """While it lasts, Chalice's packager copies the dependencies from the cache."""
    from chalice.deploy.packager import BaseLambdaDeploymentPackager

    original: Any = BaseLambdaDeploymentPackager._build_python_dependencies

    def from_cache(
        self: BaseLambdaDeploymentPackager,
        python_version: str,
        requirements_filepath: str,
        site_packages_dir: str,
    ) -> None:
        def build(runtime: str, requirements: str, target: str) -> None:
            original(self, runtime, requirements, target)

        cached = ensure_built(Path(requirements_filepath), python_version, build)
        shutil.copytree(cached, site_packages_dir, dirs_exist_ok=True)

    BaseLambdaDeploymentPackager._build_python_dependencies = from_cache  # type: ignore[method-assign]
    try:
        yield
    finally:
        BaseLambdaDeploymentPackager._build_python_dependencies = original  # type: ignore[method-assign]


def _build_with_chalice(runtime: str, requirements: str, target: str) -> None:
    from chalice.deploy.packager import BaseLambdaDeploymentPackager, DependencyBuilder
    from chalice.utils import OSUtils

    abi = BaseLambdaDeploymentPackager._RUNTIME_TO_ABI[runtime]
    DependencyBuilder(OSUtils()).build_site_packages(abi, requirements, target)


if __name__ == "__main__":
    print(ensure_built(LOCK_FILE, LAMBDA_RUNTIME, _build_with_chalice).relative_to(LOCK_FILE.parent.parent))

"""The console's bundle, built when missing or older than its sources (what ``make setup`` does).

The infra tests upload it (BucketDeployment) and the browser tests load it; a worktree whose
bundle predates a change to ``web/`` would otherwise test the old console.
"""

from __future__ import annotations

import subprocess
import threading

from local.paths import REPO_ROOT

WEB = REPO_ROOT / "web"
BUNDLE_INDEX = WEB / "dist" / "console" / "index.html"
_lock = threading.Lock()


def _stale() -> bool:
    if not BUNDLE_INDEX.is_file():
        return True
    built = BUNDLE_INDEX.stat().st_mtime
    sources = [WEB / "build.mjs", *(WEB / "src").rglob("*"), *(WEB / "static").rglob("*")]
    return any(source.is_file() and source.stat().st_mtime > built for source in sources)


def ensure_console_bundle() -> None:
    with _lock:
        if _stale():
            subprocess.run(["node", "web/build.mjs"], cwd=REPO_ROOT, check=True, timeout=120)

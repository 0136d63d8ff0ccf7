"""The console's files on the local stack's port: the bundle, its config, and nothing else."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from local.console_site import ConsoleSite

if TYPE_CHECKING:
    from pathlib import Path


def _site(tmp_path: Path) -> ConsoleSite:
    bundle = tmp_path / "console"
    bundle.mkdir()
    (bundle / "index.html").write_text("<!doctype html><title>console</title>")
    (bundle / "main.js").write_text("export {};")
    (tmp_path / "secret.txt").write_text("not for the browser")
    return ConsoleSite("http://127.0.0.1:1", console_dir=bundle)


def test_the_bundle_is_served_under_console_with_its_media_types(tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = site.answer("GET", "/console/", {}, b"")
    assert (page.status, page.headers["Content-Type"]) == (200, "text/html")
    script = site.answer("GET", "/console/main.js", {}, b"")
    assert script.status == 200 and "javascript" in script.headers["Content-Type"]
    assert site.answer("GET", "/console", {}, b"").headers == {"Location": "/console/"}


def test_nothing_outside_the_bundle_is_served(tmp_path: Path) -> None:
    site = _site(tmp_path)
    for path in ("/console/../secret.txt", "/console/%2e%2e/secret.txt", "/console/missing.js"):
        answer = site.answer("GET", path, {}, b"")
        assert answer.status == 404, path
        assert b"not for the browser" not in answer.body
    assert site.answer("POST", "/console/index.html", {}, b"").status == 405


def test_the_config_points_the_console_at_this_stack(tmp_path: Path) -> None:
    config = json.loads(_site(tmp_path).answer("GET", "/console/config.json", {}, b"").body)
    assert config["softphone"] == "simulator" and config["simulatorUrl"] == "/local-softphone"
    assert config["apiUrl"] == "" and config["cognito"]["endpoint"] == "/local-cognito/"


def test_the_softphone_says_so_when_no_simulator_runs(tmp_path: Path) -> None:
    answer = _site(tmp_path).answer("GET", "/local-softphone/agents/agent1/contacts?since=-1", {}, b"")
    assert answer.status == 503
    assert json.loads(answer.body)["error"]["code"] == "no_simulator"


def test_only_the_console_paths_are_the_sites(tmp_path: Path) -> None:
    assert ConsoleSite.handles("/console/") and ConsoleSite.handles("/local-softphone/quick-connects")
    assert not ConsoleSite.handles("/customers/%2B12125550123") and not ConsoleSite.handles("/consoles")


def _help_site(tmp_path: Path) -> ConsoleSite:
    console, help_centre = tmp_path / "console", tmp_path / "help"
    for bundle in (console, help_centre):
        bundle.mkdir()
        (bundle / "index.html").write_text(f"<!doctype html><title>{bundle.name}</title>")
    (tmp_path / "secret.txt").write_text("not for the browser")
    return ConsoleSite("http://127.0.0.1:1", console_dir=console, help_dir=help_centre)


def test_the_help_centre_is_served_under_its_own_path_next_to_the_api(tmp_path: Path) -> None:
    site = _help_site(tmp_path)
    page = site.answer("GET", "/help-centre/", {}, b"")
    assert page.status == 200 and b"<title>help</title>" in page.body
    assert site.answer("GET", "/help-centre", {}, b"").headers == {"Location": "/help-centre/"}
    assert json.loads(site.answer("GET", "/help-centre/config.json", {}, b"").body) == {"apiUrl": ""}
    assert site.answer("GET", "/help-centre/../secret.txt", {}, b"").status == 404
    # the help centre's public API routes (/help/articles, /help/announcements) stay the API's
    assert ConsoleSite.handles("/help-centre/main.js") and not ConsoleSite.handles("/help/articles")

"""The deployed functions read their SMS texts from prompts/; Chalice zips only app.py and chalicelib/,
so the synthesized code asset must carry the prompts where ``chalicelib.prompts`` looks for them."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zipfile import ZipFile

from chalicelib.prompts import LANGUAGES, PACKAGED_DIR, REPOSITORY_DIR
from tests.unit.test_sms_prompts import sms_prompts_the_functions_send

if TYPE_CHECKING:
    from pathlib import Path

    from tests.infra.conftest import SynthesizedStage


def _code_asset(stage: SynthesizedStage) -> Path:
    """The deployment zip every function of the stage runs (the Chalice construct's file asset)."""
    asset = stage.stacks.functions.chalice.node.find_child("ChaliceAppCode")
    return stage.outdir / str(asset.asset_path)


def test_the_deployed_functions_carry_every_sms_prompt_they_send_in_every_language(dev) -> None:
    from infra.functions_stack import FUNCTIONS_DIR

    packaged = PACKAGED_DIR.relative_to(FUNCTIONS_DIR).as_posix()
    with ZipFile(_code_asset(dev)) as code:
        assert "chalicelib/prompts.py" in code.namelist()
        for name in sorted(sms_prompts_the_functions_send()):
            for language in LANGUAGES:
                relative = f"{language}/{name}.txt"
                assert code.read(f"{packaged}/{relative}") == (REPOSITORY_DIR / relative).read_bytes()

"""The console offers exactly the disposition codes the API accepts."""

from __future__ import annotations

import re

from chalicelib.tickets.rules import DISPOSITIONS
from local.paths import REPO_ROOT


def test_the_console_lists_the_api_disposition_codes_in_order() -> None:
    source = (REPO_ROOT / "web" / "src" / "dispositions.ts").read_text()
    listed = re.findall(r'^\s*"([a-z_]+)",$', source, flags=re.MULTILINE)
    assert tuple(listed) == DISPOSITIONS

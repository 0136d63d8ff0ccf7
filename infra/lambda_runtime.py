"""The Lambda runtime the functions are packaged for.

Chalice picks the runtime from the packaging interpreter, and bytecode is only valid for the
Python version that wrote it, so the one fact is this interpreter's version.
"""

from __future__ import annotations

import sys

LAMBDA_RUNTIME = f"python{sys.version_info.major}.{sys.version_info.minor}"

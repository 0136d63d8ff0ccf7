"""callctl: the command line for marketers, supervisors and operators."""

import sys
from pathlib import Path

# The domain (functions/chalicelib) is shared with the Lambdas; make it importable when callctl
# runs as the installed console script, without PYTHONPATH.
_FUNCTIONS_DIR = str(Path(__file__).resolve().parent.parent / "functions")
if _FUNCTIONS_DIR not in sys.path:
    sys.path.append(_FUNCTIONS_DIR)

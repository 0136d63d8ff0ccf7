"""Make starting moto's in-process mock register its URL callbacks without building them anew.

Each ``mock_aws()`` start registered one ``responses`` callback per AWS URL pattern and HTTP
method (about 1,300 objects, each compiling its URL matcher), to route ``requests``-library calls
to moto: a third of the ``aws`` fixture's cost, on every test. The callbacks hold no state a test
can see (every one calls moto's single stubber); here they are built once per process and the
same objects are registered at each start, after moto's reset cleared the registry as before.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_MARK = "_contact_centre_callbacks_built_once"


def build_url_callbacks_once() -> None:
    """Idempotent: install in this process's moto (``MockAWS._enable_patching``, moto 5.x)."""
    from moto.core import models

    if getattr(models.MockAWS, _MARK, False):
        return

    @functools.cache
    def callbacks() -> tuple[Any, ...]:
        """The registrations moto's ``_enable_patching`` makes, in its order."""
        from moto import backend_index

        built = []
        for method in models.RESPONSES_METHODS:
            for _, pattern in backend_index.backend_url_patterns:
                built.append(
                    models.CallbackResponse(
                        method=method, url=pattern, callback=models.botocore_stubber.process_prepared_request
                    )
                )
            built.append(
                models.CallbackResponse(
                    method=method,
                    url=re.compile(r"https?://.+\.amazonaws.com/.*"),
                    callback=models.not_implemented_callback,
                )
            )
        return tuple(built)

    def enable_patching(self: Any, reset: bool = True) -> None:
        models.botocore_stubber.enabled = True
        if reset:
            self.reset()  # also empties the registry the callbacks are added to again
        models.responses_mock.start()
        for callback in callbacks():
            models.responses_mock.add(callback)

    models.MockAWS._enable_patching = enable_patching  # type: ignore[method-assign]
    setattr(models.MockAWS, _MARK, True)

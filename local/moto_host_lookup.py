"""moto's server finds a request's service without listing its own package on every request.

``DomainDispatcherApplication.get_backend_for_host`` asks ``moto.backends.list_of_moto_modules()``
for every request, which lists moto's package folder and stats its ~150 entries: about 4% of the
local stack's CPU in the test suite. The folder does not change while the process runs, so one
listing serves them all. Only ``local/`` calls this; deployed code never runs moto.
"""

from __future__ import annotations

import functools


def cache_moto_module_list() -> None:
    """Idempotent: the list of moto's service modules is read from disk once per process."""
    from moto import backends

    if isinstance(backends.list_of_moto_modules, functools._lru_cache_wrapper):
        return
    listing = backends.list_of_moto_modules
    backends.list_of_moto_modules = functools.cache(lambda: tuple(listing()))

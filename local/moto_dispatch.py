"""Make in-process moto find a request's handler method without inspecting its class each time.

moto's ``BaseResponse.call_action`` lists every function of the handler's class with
``inspect.getmembers`` on every request, to check the action is one: about a twentieth of a
DynamoDB GetItem's cost, the same answer each time. Here the list is made once per class (a
frozenset: the same membership test). Handler classes are not changed while requests are served
(the patches of ``local/`` replace methods that exist before the first request).
"""

from __future__ import annotations

import functools
import inspect

_MARK = "_contact_centre_cached_method_names"


def look_up_handler_methods_once() -> None:
    """Idempotent: install the cache in this process's moto."""
    from moto.core import responses

    if getattr(responses, _MARK, False):
        return

    @functools.cache
    def method_names_from_class(handler_class: type) -> frozenset[str]:
        return frozenset(name for name, _ in inspect.getmembers(handler_class, predicate=inspect.isfunction))

    responses.method_names_from_class = method_names_from_class  # type: ignore[assignment]
    setattr(responses, _MARK, True)

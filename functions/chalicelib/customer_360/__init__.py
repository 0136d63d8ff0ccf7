"""The customer 360 (screen pop): who is calling and why, for the agent the contact is offered to.

customer_360(phone, attributes=None) -> dict    # by number (attributes: the contact's)
contact_360(contact_id) -> dict                 # by Amazon Connect contact id
contact_context(attributes) -> dict             # the flows' attributes, read back (pure)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.lazy_exports import lazy_exports

# The public names, each from where it lives, loaded on first use (``chalicelib.lazy_exports``)
# so that the flows' attribute reader does not load the composition and its queries.
if TYPE_CHECKING:
    from chalicelib.customer_360.by_contact import contact_360 as contact_360
    from chalicelib.customer_360.compose import customer_360 as customer_360
    from chalicelib.customer_360.contact_context import contact_context as contact_context

__getattr__ = lazy_exports(__name__)

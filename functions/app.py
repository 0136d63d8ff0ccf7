"""Every Lambda function and the REST API. Thin: wiring only; the domain lives in chalicelib.

Keep module-level imports light: every function (including the ones Amazon Connect invokes
mid-call) loads this module at cold start.
"""

from __future__ import annotations

from chalice import Chalice

from chalicelib.api import register

# configure_logs=False: Chalice would otherwise add a plain handler to the logger the masking
# Powertools logger shares (both are named "contact-centre") and print numbers in clear.
app = Chalice(app_name="contact-centre", configure_logs=False)
register(app)

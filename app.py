#!/usr/bin/env python3
"""CDK entry point: builds the stacks of one stage (``-c stage=dev|prod``), checked by cdk-nag."""

from __future__ import annotations

import sys
from pathlib import Path

# The table models and resource declarations live in the Chalice project (functions/chalicelib).
sys.path.insert(0, str(Path(__file__).resolve().parent / "functions"))

from aws_cdk import App, Validations
from cdk_nag import AwsSolutionsChecks

from infra.stage import build_stage

app = App()
build_stage(app)
Validations.of(app).add_plugins(AwsSolutionsChecks(app))
app.synth()

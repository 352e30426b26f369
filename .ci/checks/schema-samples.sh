#!/usr/bin/env bash
# The sample payloads in Schemas/samples against Schemas/ with an independent validator.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 Schemas/check_samples.py

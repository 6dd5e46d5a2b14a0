#!/usr/bin/env bash
# Run the tests.
#   bash scripts/test.sh            every test: unit, build, determinism and real-browser tests (CI)
#   bash scripts/test.sh --fast     the fast tier: no browser, no subprocess build (under a minute)
#   bash scripts/test.sh [--fast] [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--fast" ]; then
  shift
  bash scripts/setup.sh --dev
  exec .venv/bin/python -m pytest -m "not slow and not browser" -n auto "$@"
fi
bash scripts/setup.sh --browser
exec .venv/bin/python -m pytest "$@"

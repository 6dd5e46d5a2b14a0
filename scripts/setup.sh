#!/usr/bin/env bash
# Set up everything the portal needs, on a fresh Debian machine with Python 3.11.
#   bash scripts/setup.sh            # Python packages into .venv (build and serve), the editor's npm packages
#   bash scripts/setup.sh --dev      # + test tools
#   bash scripts/setup.sh --browser  # + test tools + Debian's chromium, node and axe-core for browser tests
#   bash scripts/setup.sh --lighthouse  # + Lighthouse (npm, 185 MB) for scripts/dev/lighthouse.py
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

want_dev=0
want_browser=0
want_lighthouse=0
for arg in "$@"; do
  case "$arg" in
    --dev) want_dev=1 ;;
    --browser) want_dev=1; want_browser=1 ;;
    --lighthouse) want_dev=1; want_browser=1; want_lighthouse=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup.sh: need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian ships venv separately from python3.
    rm -rf .venv
    apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi

reqs=requirements.txt
[ "$want_dev" = 1 ] && reqs=requirements-dev.txt
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs" -c constraints.txt
# The project itself, editable (pyproject.toml): `portal`, `portal_mkdocs` and `scripts` import from
# this checkout wherever a command runs. Skipped when this checkout is already the one installed.
if [ "$(.venv/bin/python -c 'import portal, os; print(os.path.dirname(os.path.dirname(portal.__file__)))' 2>/dev/null)" != "$PWD/hooks" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  rm -rf hooks/*.egg-info
fi

# npm packages at the versions in package-lock.json: the staff editor (/admin/: Decap CMS,
# its local backend, js-yaml) and axe-core (injected into pages by the browser tests);
# Lighthouse (devDependencies, 185 MB) only with --lighthouse. Node.js from Debian when
# missing (bookworm's 18 runs them).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
npm_args=(--no-audit --no-fund --loglevel=error)
stamp=node_modules/.portal-lock-prod
if [ "$want_lighthouse" = 1 ]; then stamp=node_modules/.portal-lock-all; else npm_args+=(--omit=dev); fi
# A full install (with Lighthouse) also serves everything else.
if ! cmp -s package-lock.json "$stamp" 2>/dev/null && ! cmp -s package-lock.json node_modules/.portal-lock-all 2>/dev/null; then
  rm -f node_modules/.portal-lock*
  npm ci "${npm_args[@]}"
  cp package-lock.json "$stamp"
fi

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  # Debian's chromium; Playwright drives it, so no browser is downloaded.
  apt_install chromium fonts-noto-core
fi
echo "setup.sh: ready (.venv, editor$( [ "$want_dev" = 1 ] && echo ', test tools')$( [ "$want_browser" = 1 ] && echo ', chromium'))"

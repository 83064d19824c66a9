#!/usr/bin/env bash
# One entry point for developers and CI, on a fresh Debian machine with Python 3.11:
#   bash dev.sh app     set everything up and open the desktop app
#   bash dev.sh test    set everything up and run the whole test suite (lint, types,
#                       import contracts, unit, UI offscreen, PostgreSQL integration)
#   bash dev.sh setup   set everything up for both, and nothing else
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}
PY=${PYTHON:-$(command -v python3.11 || command -v python3)}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

system_packages() {
  # Libraries Qt needs even offscreen, Xvfb for screenshots, PostgreSQL for the team tests.
  local want=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
              libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
              libxcb-render-util0 libxcb-image0 libxcb-xinerama0 fonts-dejavu-core "$@")
  local missing=()
  for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || echo "warning: could not install ${missing[*]} (no root?)" >&2
  fi
}

venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV" || { as_root apt-get install -y -qq python3-venv && "$PY" -m venv "$VENV"; }
  fi
  local stamp="$VENV/.installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/pip" install -q --upgrade pip >/dev/null
    "$VENV/bin/pip" install -q -e ".[dev]"
    touch "$stamp"
  fi
}

case "${1:-}" in
  app)
    system_packages
    venv
    shift
    exec "$VENV/bin/reviewer" "$@"
    ;;
  setup)
    system_packages postgresql xvfb
    venv
    ;;
  test)
    system_packages postgresql xvfb
    venv
    if [ -z "${REVIEWER_TEST_POSTGRES_URL:-}" ]; then
      if url=$(bash scripts/start-postgres.sh); then
        export REVIEWER_TEST_POSTGRES_URL="$url"
      else
        echo "warning: PostgreSQL could not be started; its tests will be skipped" >&2
      fi
    fi
    shift
    "$VENV/bin/ruff" check src tests benchmarks
    "$VENV/bin/mypy" src/reviewer
    "$VENV/bin/lint-imports"
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: bash dev.sh app|test|setup" >&2
    exit 2
    ;;
esac

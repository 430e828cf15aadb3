#!/usr/bin/env bash
# Create .venv with Python 3.11 if it is missing or broken, and install requirements.txt (the pinned lock,
# dev tools included) only when its content changed since the last successful install.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
VENV=.venv
STAMP=$VENV/.requirements.sha256

if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        echo "venv: $PYTHON not found on PATH (Python 3.11 is required)" >&2
        exit 1
    fi
    echo "venv: creating $VENV with $("$PYTHON" --version 2>&1)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" ]]; then
    echo "venv: requirements.txt unchanged since the last install"
    exit 0
fi

echo "venv: installing requirements.txt"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r requirements.txt
echo "$wanted" >"$STAMP"

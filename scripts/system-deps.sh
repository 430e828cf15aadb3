#!/usr/bin/env bash
# Install the Debian packages the project needs, only when one of them is missing.
#   fonts-liberation2          Liberation Serif: the metric-compatible Times New Roman of the minutes PDF
#   libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
#                              WeasyPrint's native libraries (layout, fonts, font subsetting)
#   chromium                   the browser the Playwright tests drive (Playwright's own download is not used)
#   postgresql-client gettext  pg_dump/pg_restore for `manage.py backup`/`restore`; msgfmt for compilemessages
# Fast when everything is there (one dpkg-query). Skips apt with a warning when not root or not on Debian.
set -euo pipefail

PACKAGES=(
    fonts-liberation2
    fontconfig
    libfontconfig1
    libpango-1.0-0
    libpangoft2-1.0-0
    libharfbuzz0b
    libharfbuzz-subset0
    chromium
    postgresql-client
    gettext
)

# Debian's own python3.11 creates virtualenvs only with python3.11-venv (a pyenv or python.org build has ensurepip).
PYTHON=${PYTHON:-python3.11}
if command -v "$PYTHON" >/dev/null 2>&1 && ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
    PACKAGES+=("$(basename "$PYTHON")-venv")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: no dpkg-query (not Debian?): install these by hand: ${PACKAGES[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "system-deps: all ${#PACKAGES[@]} Debian packages present"
    exit 0
fi

if [[ "$(id -u)" != "0" ]]; then
    echo "system-deps: WARNING: missing Debian packages and not root, skipping apt: ${missing[*]}" >&2
    echo "system-deps: run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 0
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null

#!/usr/bin/env bash
# Compile the locks in requirements/ from pyproject.toml with uv, in the order that layers them:
#   base.txt   [project] dependencies: what production installs
#   dev.txt    base + the dev extra (make test), with base.txt as constraints: the same pins as base
#   bench.txt  base + the bench extra (make bench), with dev.txt as constraints: one .venv can hold all three
# A pin already in a lock is kept (uv prefers the versions of the file it rewrites): adding a dependency adds
# its pins and changes nothing else. Arguments go to each of the three commands, e.g. to upgrade one package:
#   make lock ARGS="--upgrade-package django"      (or: bash scripts/lock.sh --upgrade-package django)
# The locks are universal (markers for other platforms and Python 3.11.x patch releases), so any machine writes
# the same files.
set -euo pipefail
cd "$(dirname "$0")/.."

UV=${UV:-.venv/bin/uv}
extra=("$@")

compile() {
    local output=$1
    shift
    local command=(uv pip compile pyproject.toml --universal --python-version 3.11 "$@" -o "$output")
    echo "lock: ${command[*]}"
    # The header names the command without the extra arguments: it is the one that writes this file again.
    "$UV" "${command[@]:1}" "${extra[@]}" --quiet --custom-compile-command "${command[*]}"
}

compile requirements/base.txt
compile requirements/dev.txt --extra dev -c requirements/base.txt
compile requirements/bench.txt --extra bench -c requirements/dev.txt

#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` (not `npm ci`): npm 11 as configured here writes lock files without the optional
  # packages of other platforms, which `npm ci` then rejects as out of sync. The lock file still pins
  # every version that is installed.
  echo "[install] npm install"
  npm install --no-audit --no-fund --loglevel=error
fi

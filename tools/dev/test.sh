#!/usr/bin/env bash
# `npm test`: installs what is missing, brings up the local stack (Redis, Redis Cluster, PostgreSQL),
# then lints, type-checks, builds and tests every project against those real servers.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/dev/install.sh
bash tools/stack/up.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
NX_DAEMON=false npx nx run-many -t lint typecheck build test --outputStyle=static --parallel=2 2>&1 | tee "$log" || status=$?
# The bundles, started as production starts them.
[ "$status" -ne 0 ] || node tools/dev/smoke.mjs || status=$?

# One closing line over every Jest project: "tests: N passed, N failed".
counts=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/^Tests: / {
  for (i = 2; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) }
} END { print p+0, f+0 }')
read -r passed failed <<<"$counts"
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"

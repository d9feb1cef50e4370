#!/usr/bin/env bash
# `npm start`: installs what is missing, brings up the local stack, applies the migrations, builds
# the three services and runs them until Ctrl-C. Logs go to tmp/logs/<service>.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/dev/install.sh
bash tools/stack/up.sh
npm run --silent migrate
NX_DAEMON=false npx nx run-many -t build -p cache-service performance-service optimization-worker --outputStyle=static

mkdir -p tmp/logs
# A development key, made once and kept in tmp/ (git-ignored); never used when NODE_ENV=production.
if [ -z "${HOTPATH_DEV_API_KEY:-}" ]; then
  [ -s tmp/dev-api-key ] || node -e "process.stdout.write('hp_dev_' + require('crypto').randomBytes(24).toString('base64url'))" > tmp/dev-api-key
  HOTPATH_DEV_API_KEY=$(cat tmp/dev-api-key)
fi
export HOTPATH_DEV_API_KEY DB_MIGRATE_ON_START=false

declare -A ports=([cache-service]="${CACHE_SERVICE_PORT:-3001}" [performance-service]="${PERFORMANCE_SERVICE_PORT:-3002}" [optimization-worker]="${WORKER_HEALTH_PORT:-3003}")
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
trap stop EXIT INT TERM

for service in cache-service performance-service optimization-worker; do
  node "dist/apps/$service/main.js" >"tmp/logs/$service.log" 2>&1 &
  pids+=($!)
done

for service in cache-service performance-service optimization-worker; do
  port=${ports[$service]}
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    sleep 0.5
  done
  if ! curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; then
    echo "$service did not become ready; its log (tmp/logs/$service.log) ends with:" >&2
    tail -n 20 "tmp/logs/$service.log" >&2
    exit 1
  fi
done

cat <<MSG

Hotpath is running:
  cache-service        http://127.0.0.1:${ports[cache-service]}/api/v2/cache   (health: /health/ready, metrics: /metrics)
  performance-service  http://127.0.0.1:${ports[performance-service]}/api/v2/performance
  optimization-worker  http://127.0.0.1:${ports[optimization-worker]}/health/ready
Dev API key (every scope): ${HOTPATH_DEV_API_KEY}
Try: curl -H "Authorization: Bearer ${HOTPATH_DEV_API_KEY}" http://127.0.0.1:${ports[cache-service]}/api/v2/cache/status
Logs: tmp/logs/*.log. Ctrl-C stops the three services.
MSG
wait -n "${pids[@]}"
echo "a service exited; stopping the others" >&2
exit 1

#!/usr/bin/env bash
# Hotpath local stack: stop the Redis Cluster nodes (7000-7002) that up.sh
# started. The machine's standard Redis (6379) and PostgreSQL (5432) are left
# running unless --all is given. Cluster state (nodes.conf) is kept, so the
# next up.sh brings the same cluster back; pass --wipe to delete it too.
#
# Usage: tools/stack/down.sh [--all] [--wipe]
set -Eeuo pipefail
export LC_ALL=C

readonly CLUSTER_PORTS=(7000 7001 7002)
readonly REDIS_PORT=6379
readonly STATE_DIR="${HOTPATH_STACK_DIR:-/var/tmp/hotpath-stack}"

all=0 wipe=0
for arg in "$@"; do
  case $arg in
    --all) all=1 ;;
    --wipe) wipe=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--all] [--wipe]" >&2; exit 2 ;;
  esac
done

rcli() { local port=$1; shift; redis-cli -h 127.0.0.1 -p "$port" "$@" </dev/null 2>/dev/null; }
redis_up() { [[ $(rcli "$1" ping) == PONG ]]; }

# stop_redis PORT : SHUTDOWN NOSAVE and wait (bounded) until it is gone.
stop_redis() {
  local port=$1 i
  rcli "$port" shutdown nosave >/dev/null || true
  for ((i = 0; i < 50; i++)); do
    redis_up "$port" || { echo "redis 127.0.0.1:$port stopped"; return 0; }
    sleep 0.2
  done
  echo "redis 127.0.0.1:$port did not stop" >&2
  return 1
}

rc=0
for port in "${CLUSTER_PORTS[@]}"; do
  if ! redis_up "$port"; then
    echo "redis 127.0.0.1:$port not running"
    continue
  fi
  # Only stop nodes that up.sh started: cluster-enabled, data dir in our state dir.
  dir=$(rcli "$port" config get dir | sed -n 2p)
  if [[ $dir != "$STATE_DIR/redis-$port" ]]; then
    echo "redis 127.0.0.1:$port not started by up.sh (dir=$dir); left running" >&2
    continue
  fi
  stop_redis "$port" || rc=1
done

if [[ $wipe -eq 1 ]]; then
  for port in "${CLUSTER_PORTS[@]}"; do rm -rf "${STATE_DIR:?}/redis-$port"; done
  echo "cluster state in $STATE_DIR wiped"
fi

if [[ $all -eq 1 ]]; then
  if redis_up "$REDIS_PORT"; then stop_redis "$REDIS_PORT" || rc=1; fi
  if command -v pg_lsclusters >/dev/null 2>&1; then
    while read -r ver name port status _; do
      [[ $port == 5432 && $status == online* ]] || continue
      pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" stop </dev/null \
        && echo "postgres $ver/$name (127.0.0.1:$port) stopped" || rc=1
    done < <(pg_lsclusters -h)
  fi
fi

exit "$rc"

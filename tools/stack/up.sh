#!/usr/bin/env bash
# Hotpath local stack: make Redis (6379), a 3-master Redis Cluster (7000-7002)
# and PostgreSQL (5432, database "hotpath" with pg_stat_statements + hypopg)
# available on this machine.
#
# Idempotent: starts what is installed but stopped, installs from Debian's
# packages what is missing, and does nothing when everything is already up.
# Needs root (or passwordless sudo) for apt-get, pg_ctlcluster and the config
# files. No systemd is assumed. Safe to run with CI=true and no stdin.
#
# Usage: tools/stack/up.sh
# Env:   HOTPATH_STACK_DIR  state dir for the cluster nodes (default /var/tmp/hotpath-stack)
set -Eeuo pipefail

export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C

readonly REDIS_HOST=127.0.0.1
readonly REDIS_PORT=6379
readonly CLUSTER_PORTS=(7000 7001 7002)
readonly PG_HOST=127.0.0.1
readonly PG_PORT=5432
readonly PG_CLUSTER=main   # Debian cluster name (pg_lsclusters)
readonly PG_USER=postgres
readonly PG_DB=hotpath
readonly STATE_DIR="${HOTPATH_STACK_DIR:-/var/tmp/hotpath-stack}"

PG_MAJOR=""      # detected PostgreSQL major version, e.g. 15
APT_UPDATED=0

log()  { printf '[stack] %s\n' "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
ok()   { printf '%s\n' "$*"; }

# Every command that may leave a daemon behind runs with fd 9 (the run lock)
# closed, or the daemon would inherit it and hold the lock forever.
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@" 9>&-
  elif command -v sudo >/dev/null 2>&1; then sudo -n -E "$@" 9>&-
  else die "need root (or passwordless sudo) to run: $*"
  fi
}

# wait_for SECONDS DESCRIPTION CMD... : poll CMD every 0.2s until it succeeds.
wait_for() {
  local secs=$1 what=$2; shift 2
  local tries=$((secs * 5)) i
  for ((i = 0; i < tries; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "timed out after ${secs}s waiting for ${what}"
  return 1
}

# ---------------------------------------------------------------- packages --

apt_install() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    as_root apt-get update -qq </dev/null >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  as_root apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=300 \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "$@" </dev/null >/dev/null || die "apt-get install $* failed"
}

# Major version of the PostgreSQL cluster to use: the one on $PG_PORT if any,
# else the highest installed server version.
detect_pg_major() {
  local v=""
  if command -v pg_lsclusters >/dev/null 2>&1; then
    v=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p { print $1; exit }')
  fi
  if [[ -z $v ]]; then
    v=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null \
          | sed -E 's|/usr/lib/postgresql/([^/]+)/bin/postgres|\1|' | sort -V | tail -n1)
  fi
  printf '%s' "$v"
}

pg_ext_available() { [[ -f /usr/share/postgresql/$PG_MAJOR/extension/$1.control ]]; }

ensure_packages() {
  local need=0
  command -v redis-server >/dev/null 2>&1 || need=1
  command -v redis-cli >/dev/null 2>&1 || need=1
  command -v pg_ctlcluster >/dev/null 2>&1 || need=1
  command -v psql >/dev/null 2>&1 || need=1
  PG_MAJOR=$(detect_pg_major)
  if [[ -z $PG_MAJOR ]] || ! pg_ext_available pg_stat_statements; then need=1; fi

  if [[ $need -eq 1 ]]; then
    command -v apt-get >/dev/null 2>&1 || die "redis/postgresql missing and no apt-get to install them"
    apt_install redis-server redis-tools postgresql postgresql-contrib
    PG_MAJOR=$(detect_pg_major)
  fi
  [[ -n $PG_MAJOR ]] || die "PostgreSQL server not found after install"

  if ! pg_ext_available hypopg; then
    apt_install "postgresql-${PG_MAJOR}-hypopg"
  fi
  pg_ext_available pg_stat_statements || die "pg_stat_statements not available for PostgreSQL $PG_MAJOR (postgresql-contrib)"
  pg_ext_available hypopg || die "hypopg not available for PostgreSQL $PG_MAJOR (postgresql-${PG_MAJOR}-hypopg)"
}

# ------------------------------------------------------------------- redis --

rcli() { local port=$1; shift; redis-cli -h "$REDIS_HOST" -p "$port" "$@" </dev/null 2>/dev/null; }
redis_ping() { [[ $(rcli "$1" ping) == PONG ]]; }
redis_down() { [[ $(rcli "$1" ping) != PONG ]]; }

ensure_redis() {
  if redis_ping "$REDIS_PORT"; then
    ok "redis $REDIS_HOST:$REDIS_PORT ok"
    return
  fi
  log "starting redis on $REDIS_PORT"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
    --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log \
    </dev/null >/dev/null || die "redis-server on $REDIS_PORT failed to start (see /var/log/redis/ci.log)"
  wait_for 10 "redis on $REDIS_PORT" redis_ping "$REDIS_PORT" \
    || die "redis on $REDIS_PORT did not answer PING (see /var/log/redis/ci.log)"
  ok "redis $REDIS_HOST:$REDIS_PORT ok (started)"
}

# --------------------------------------------------------------- cluster --

node_dir() { printf '%s/redis-%s' "$STATE_DIR" "$1"; }

# field NAME from "cluster info" of node PORT
cluster_field() { rcli "$1" cluster info | tr -d '\r' | awk -F: -v k="$2" '$1 == k { print $2 }'; }

start_node() {
  local port=$1 dir
  dir=$(node_dir "$port")
  mkdir -p "$dir"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
    --appendonly no --save "" --dir "$dir" \
    --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" \
    </dev/null >/dev/null 9>&- || die "redis cluster node $port failed to start (see $dir/redis.log)"
}

stop_node() {
  local port=$1
  rcli "$port" shutdown nosave >/dev/null || true
  wait_for 10 "node $port to stop" redis_down "$port" || die "redis cluster node $port did not stop"
}

# Every node sees exactly our three nodes, all masters, state ok, all slots.
cluster_ok() {
  local p
  for p in "${CLUSTER_PORTS[@]}"; do
    [[ $(cluster_field "$p" cluster_state) == ok ]] || return 1
    [[ $(cluster_field "$p" cluster_slots_assigned) == 16384 ]] || return 1
    [[ $(cluster_field "$p" cluster_known_nodes) == "${#CLUSTER_PORTS[@]}" ]] || return 1
  done
}

# Node has never joined a cluster and holds no keys.
node_fresh() {
  [[ $(cluster_field "$1" cluster_known_nodes) == 1 ]] &&
  [[ $(cluster_field "$1" cluster_slots_assigned) == 0 ]] &&
  [[ $(rcli "$1" dbsize) == 0 ]]
}

# The topology seen by the first node is exactly our nodes, all masters,
# none failed/handshaking (it may still be converging after a restart).
cluster_topology_ours() {
  local want got
  want=$(printf '127.0.0.1:%s\n' "${CLUSTER_PORTS[@]}" | sort)
  got=$(rcli "${CLUSTER_PORTS[0]}" cluster nodes | tr -d '\r' | awk '
    $3 ~ /(fail|handshake|noaddr|slave)/ { bad = 1 }
    { split($2, a, "@"); print a[1] }
    END { if (bad) print "BAD" }' | sort)
  [[ $got == "$want" ]]
}

cluster_create() {
  local addrs=() p
  for p in "${CLUSTER_PORTS[@]}"; do addrs+=("127.0.0.1:$p"); done
  log "creating cluster ${addrs[*]}"
  redis-cli --cluster create "${addrs[@]}" --cluster-replicas 0 --cluster-yes \
    </dev/null >"$STATE_DIR/cluster-create.log" 2>&1 \
    || { cat "$STATE_DIR/cluster-create.log" >&2; return 1; }
  wait_for 30 "cluster_state:ok" cluster_ok
}

cluster_reset() {
  local p
  log "resetting cluster state in $STATE_DIR"
  for p in "${CLUSTER_PORTS[@]}"; do redis_down "$p" || stop_node "$p"; done
  for p in "${CLUSTER_PORTS[@]}"; do rm -rf "$(node_dir "$p")"; done
  for p in "${CLUSTER_PORTS[@]}"; do start_node "$p"; done
  for p in "${CLUSTER_PORTS[@]}"; do
    wait_for 10 "cluster node $p" redis_ping "$p" || die "cluster node $p did not answer PING"
  done
}

ensure_cluster() {
  local p started=0 fresh=0 range="127.0.0.1:${CLUSTER_PORTS[0]}-${CLUSTER_PORTS[-1]}"
  mkdir -p "$STATE_DIR"

  for p in "${CLUSTER_PORTS[@]}"; do
    if redis_ping "$p" && [[ $(rcli "$p" info cluster | tr -d '\r') != *cluster_enabled:1* ]]; then
      die "port $p answers but is not a cluster-enabled redis; free it and re-run"
    fi
  done
  for p in "${CLUSTER_PORTS[@]}"; do
    if ! redis_ping "$p"; then
      log "starting cluster node $p"
      start_node "$p"
      started=1
    fi
  done
  for p in "${CLUSTER_PORTS[@]}"; do
    wait_for 10 "cluster node $p" redis_ping "$p" \
      || die "cluster node $p did not answer PING (see $(node_dir "$p")/redis.log)"
  done

  if cluster_ok; then
    ok "redis-cluster $range ok$([[ $started -eq 1 ]] && echo ' (started)')"
    return
  fi

  for p in "${CLUSTER_PORTS[@]}"; do node_fresh "$p" && fresh=$((fresh + 1)); done
  if [[ $fresh -ne ${#CLUSTER_PORTS[@]} ]]; then
    # Nodes restarted from their nodes.conf converge within a few seconds;
    # anything else (stale/foreign nodes.conf, some nodes fresh, partial
    # cluster) is reset.
    if [[ $fresh -eq 0 ]] && cluster_topology_ours && wait_for 15 "cluster to converge" cluster_ok; then
      ok "redis-cluster $range ok (started)"
      return
    fi
    cluster_reset
  fi

  if ! cluster_create; then
    # One more try from a clean slate before giving up.
    cluster_reset
    cluster_create || die "could not form the redis cluster on $range (see $STATE_DIR/cluster-create.log)"
  fi
  ok "redis-cluster $range ok (created)"
}

# -------------------------------------------------------------- postgres --

psql_q() { # psql_q DB SQL : run SQL, unaligned tuples only, no prompts
  local db=$1; shift
  psql -X -q -At -w -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" -c "$1" </dev/null
}
pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
pg_trust_ok() {
  psql_q postgres 'select 1' >/dev/null 2>&1 &&
  psql -X -q -At -w -p "$PG_PORT" -U "$PG_USER" -d postgres -c 'select 1' </dev/null >/dev/null 2>&1
}
pg_status() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_MAJOR" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $4 }'; }
pg_log()    { printf '/var/log/postgresql/postgresql-%s-%s.log' "$PG_MAJOR" "$PG_CLUSTER"; }

pg_cluster_ctl() { # pg_cluster_ctl ACTION
  as_root pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" "$PG_CLUSTER" "$1" </dev/null >/dev/null \
    || { tail -n 20 "$(pg_log)" >&2 2>/dev/null || true; die "pg_ctlcluster $PG_MAJOR $PG_CLUSTER $1 failed"; }
}

# Bare-machine configuration (both return 0 when they changed something).
pg_fix_listen() {
  local listen
  # unset (pg_conftool exits 1) means the default, 'localhost'
  listen=$(pg_conftool -s "$PG_MAJOR" "$PG_CLUSTER" show listen_addresses 2>/dev/null) || return 1
  [[ $listen =~ (localhost|127\.0\.0\.1|\*|0\.0\.0\.0) ]] && return 1
  log "setting listen_addresses='localhost' (was '$listen')"
  as_root pg_conftool "$PG_MAJOR" "$PG_CLUSTER" set listen_addresses localhost </dev/null
}

pg_fix_hba() {
  local hba tmp
  hba=$(pg_conftool -s "$PG_MAJOR" "$PG_CLUSTER" show hba_file 2>/dev/null || echo "/etc/postgresql/$PG_MAJOR/$PG_CLUSTER/pg_hba.conf")
  grep -q '^# hotpath-stack trust' "$hba" 2>/dev/null && return 1
  log "prepending trust rules for local, 127.0.0.1/32 and ::1/128 to $hba"
  tmp=$(mktemp)
  {
    echo '# hotpath-stack trust (tools/stack/up.sh): local dev/CI machine only'
    echo 'local   all  all                 trust'
    echo 'host    all  all  127.0.0.1/32   trust'
    echo 'host    all  all  ::1/128        trust'
    echo '# hotpath-stack end'
    cat "$hba"
  } >"$tmp"
  as_root cp "$tmp" "$hba"
  rm -f "$tmp"
}

ensure_postgres() {
  local notes=() current new list item has=0 cport sq="'"
  local -a items=()

  command -v pg_lsclusters >/dev/null 2>&1 || die "pg_lsclusters missing (postgresql-common)"
  if [[ -z $(pg_status) ]]; then
    log "creating PostgreSQL $PG_MAJOR cluster '$PG_CLUSTER' on port $PG_PORT"
    as_root pg_createcluster "$PG_MAJOR" "$PG_CLUSTER" --port "$PG_PORT" </dev/null >/dev/null \
      || die "pg_createcluster $PG_MAJOR $PG_CLUSTER failed"
  fi
  cport=$(pg_lsclusters -h | awk -v v="$PG_MAJOR" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $3 }')
  [[ $cport == "$PG_PORT" ]] || die "PostgreSQL $PG_MAJOR/$PG_CLUSTER is configured for port $cport, expected $PG_PORT"

  if [[ $(pg_status) != online* ]]; then
    pg_fix_listen || true
    log "starting PostgreSQL $PG_MAJOR/$PG_CLUSTER"
    pg_cluster_ctl start
    notes+=(started)
  elif ! pg_ready && pg_fix_listen; then
    pg_cluster_ctl restart
    notes+=(restarted)
  fi
  wait_for 30 "PostgreSQL on $PG_HOST:$PG_PORT" pg_ready \
    || { tail -n 20 "$(pg_log)" >&2 2>/dev/null || true; die "PostgreSQL not accepting connections on $PG_HOST:$PG_PORT"; }

  if ! pg_trust_ok; then
    pg_fix_hba && pg_cluster_ctl reload
    wait_for 10 "trust auth" pg_trust_ok \
      || die "cannot connect as $PG_USER to $PG_HOST:$PG_PORT (and local socket) without a password; check pg_hba.conf"
  fi

  # shared_preload_libraries must contain pg_stat_statements (keep other entries).
  current=$(psql_q postgres 'show shared_preload_libraries')
  IFS=',' read -r -a items <<<"$current"
  list=""
  for item in "${items[@]}"; do
    item=$(printf '%s' "$item" | sed -E 's/^[[:space:]]+|[[:space:]]+$//g; s/^"(.*)"$/\1/')
    [[ -z $item ]] && continue
    [[ $item == pg_stat_statements ]] && has=1
    list+="${list:+, }'${item//$sq/$sq$sq}'"
  done
  if [[ $has -eq 0 ]]; then
    new="${list:+$list, }'pg_stat_statements'"
    log "ALTER SYSTEM SET shared_preload_libraries = $new; restarting PostgreSQL $PG_MAJOR/$PG_CLUSTER"
    psql_q postgres "ALTER SYSTEM SET shared_preload_libraries = $new" >/dev/null
    pg_cluster_ctl restart
    wait_for 30 "PostgreSQL restart" pg_ready \
      || { tail -n 20 "$(pg_log)" >&2 2>/dev/null || true; die "PostgreSQL did not come back after restart"; }
    [[ $(psql_q postgres 'show shared_preload_libraries') == *pg_stat_statements* ]] \
      || die "pg_stat_statements still not in shared_preload_libraries after restart"
    notes+=(restarted)
  fi

  if [[ $(psql_q postgres "select current_setting('pg_stat_statements.track', true)") != all ]]; then
    psql_q postgres "ALTER SYSTEM SET pg_stat_statements.track = 'all'" >/dev/null
    psql_q postgres 'select pg_reload_conf()' >/dev/null
  fi

  if [[ -z $(psql_q postgres "select 1 from pg_database where datname = '$PG_DB'") ]]; then
    log "creating database $PG_DB"
    psql_q postgres "CREATE DATABASE $PG_DB" >/dev/null
    notes+=("db created")
  fi
  psql_q "$PG_DB" 'SET client_min_messages = warning;
    CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
    CREATE EXTENSION IF NOT EXISTS hypopg;' >/dev/null \
    || die "could not create extensions pg_stat_statements/hypopg in $PG_DB"
  psql_q "$PG_DB" 'select 1 from pg_stat_statements limit 1' >/dev/null \
    || die "pg_stat_statements not usable in $PG_DB"

  ok "postgres $PG_HOST:$PG_PORT/$PG_DB ok (pg_stat_statements, hypopg)${notes:+ [${notes[*]}]}"
}

# ------------------------------------------------------------------- main --

main() {
  mkdir -p "$STATE_DIR"
  # Serialize concurrent runs (e.g. parallel test jobs calling up.sh).
  exec 9>"$STATE_DIR/up.lock"
  flock -w 300 9 || die "another up.sh holds $STATE_DIR/up.lock"

  ensure_packages
  ensure_redis
  ensure_cluster
  ensure_postgres
}

main "$@"

# shellcheck shell=bash
# Two-node cluster (HA tests): PostgreSQL from Debian and two Keycloak nodes in production mode,
# sharing a replicated Redis found through Sentinel (scripts/redis-sentinel.sh, started here) and
# the stack's OPA (the stack must be running), behind one KAS origin (nginx, upstream both nodes,
# DIVE_CLUSTER_KAS_PORT): the broker realm's dive.kas.url on both. State in $DIVE_CLUSTER_DIR; the
# database password is made there (0600) and reaches psql and Keycloak through their environment.

pg_ready() { pg_isready -h "$DIVE_BIND" -p "$DIVE_PG_PORT" -q; }

# Debian installs the server binaries under /usr/lib/postgresql/<major>/bin, not on PATH.
pg_bin() {
  local found
  found="$(command -v initdb 2>/dev/null || true)"
  if [[ -n "$found" ]]; then dirname "$(readlink -f "$found")"; return 0; fi
  found="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$found" && -x "$found/initdb" ]] && printf '%s' "$found"
}

postgres_password_file() { printf '%s/postgres.password' "$DIVE_STATE_DIR"; }

# PostgreSQL refuses to run as root, so as root it runs as Debian's postgres account, which must
# pass through (never list) the private folders above its data folder: group postgres, mode 0710.
postgres_passage() { # data folder
  local dir blocked=()
  dir="$(dirname "$1")"
  while ! runuser -u postgres -- test -x "$dir"; do
    blocked+=("$dir")
    dir="$(dirname "$dir")"
  done
  for dir in "${blocked[@]}"; do
    # Only the folders ./dive made for its state; anything else is the operator's to open.
    [[ "$dir" == "$DIVE_CLUSTER_DIR" || "$dir/" == "$DIVE_DIR/"* ]] \
      || die "PostgreSQL runs as the postgres account, which cannot pass through $dir; set DIVE_CLUSTER_DIR to a folder it can reach"
    chgrp postgres "$dir" && chmod g=x "$dir"
  done
}

postgres_init() { # server binaries, data folder, command prefix to run as postgres...
  local bin="$1" data="$2"; shift 2
  local password_file initdb_password
  password_file="$(postgres_password_file)"
  random_secret >"$password_file"
  # initdb runs as the postgres account: it reads a copy it owns, deleted right after.
  initdb_password="$data.initdb-password"
  cp "$password_file" "$initdb_password"
  mkdir -p "$data"
  if (( EUID == 0 )); then chown postgres "$data" "$initdb_password"; fi
  "$@" "$bin/initdb" -D "$data" --auth=scram-sha-256 -U postgres --pwfile="$initdb_password" --no-instructions >/dev/null \
    || { rm -f "$initdb_password"; die "initdb failed for $data"; }
  rm -f "$initdb_password"
}

postgres_start() {
  [[ -n "$(pg_bin)" ]] || apt_install postgresql
  local bin
  bin="$(pg_bin)"
  [[ -n "$bin" ]] || die "PostgreSQL server binaries (initdb, postgres) not found even after apt-get install postgresql"
  command -v pg_isready >/dev/null 2>&1 || apt_install postgresql-client
  already_running postgres && return 0
  ensure_port_free DIVE_PG_PORT
  local data="$DIVE_STATE_DIR/postgres" run_as=()
  if (( EUID == 0 )); then
    run_as=(runuser -u postgres --)
    postgres_passage "$data"
  fi
  [[ -f "$data/PG_VERSION" ]] || postgres_init "$bin" "$data" "${run_as[@]}"
  [[ -s "$(postgres_password_file)" ]] \
    || die "$data was initialised by an older ./dive without a database password; run ./dive cluster-reset"
  launch postgres "${run_as[@]}" "$bin/postgres" -D "$data" -p "$DIVE_PG_PORT" -k "$data" -c "listen_addresses=$DIVE_BIND"
  wait_until postgres "accepting connections" pg_ready
  local -x PGPASSWORD
  PGPASSWORD="$(<"$(postgres_password_file)")"
  psql -h "$DIVE_BIND" -p "$DIVE_PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='keycloak'" \
    | grep -q 1 || psql -h "$DIVE_BIND" -p "$DIVE_PG_PORT" -U postgres -qc "CREATE DATABASE keycloak" \
    || die "could not create the keycloak database"
}

cluster_node_start() { # name, http port, management port, jgroups port, import (0/1)
  local name="$1" http="$2" management="$3" jgroups="$4" import="$5"
  already_running "keycloak-$name" && return 0
  local home="$DIVE_STATE_DIR/keycloak-$name"
  # Only node A imports the realms; node B finds them in the shared database.
  keycloak_install "$home" "$import"
  mkdir -p "$DIVE_STATE_DIR/logs"
  info "building Keycloak node $name for PostgreSQL (kc.sh build)"
  "$home/bin/kc.sh" build --db=postgres "${KEYCLOAK_BUILD_OPTIONS[@]}" >"$(log_file "keycloak-$name")" 2>&1 \
    || { tail -n 30 "$(log_file "keycloak-$name")" >&2; die "kc.sh build failed for node $name"; }
  local extra=()
  if [[ "$import" == "1" ]]; then extra=(--import-realm); fi
  mapfile -t -O "${#extra[@]}" extra < <(redis_sentinel_keycloak_options)
  # Both nodes name the cluster's KAS origin (the realm file's ${DIVE_KAS_URL}), not the stack's.
  DIVE_KAS_PORT="$DIVE_CLUSTER_KAS_PORT" KC_DB_PASSWORD="$(<"$(postgres_password_file)")" \
    KC_SPI_DIVE_REDIS__JEDIS__SENTINEL_PASSWORD="$(redis_password "$REDIS_DIVE_USER")" \
    keycloak_launch "keycloak-$name" "$home" "$http" "$management" start --optimized \
    --db-url="jdbc:postgresql://$DIVE_BIND:$DIVE_PG_PORT/keycloak" --db-username=postgres \
    --http-enabled=true --hostname-strict=false \
    --cache-embedded-network-bind-address="$DIVE_BIND" --cache-embedded-network-bind-port="$jgroups" \
    --spi-dive-kas-keys--software--keystore="$DIVE_STATE_DIR/kas/kas-keys.p12" \
    "${extra[@]}"
}

cmd_cluster_start() {
  ensure_tools
  ensure_distribution
  redis_healthy || die "the cluster uses the stack's OPA and Redis passwords: run ./dive start first"
  local a_http a_mgmt a_jg b_http b_mgmt b_jg
  read -r a_http a_mgmt a_jg b_http b_mgmt b_jg <<<"$DIVE_CLUSTER_PORTS"
  [[ -n "$b_jg" ]] || die "DIVE_CLUSTER_PORTS=\"$DIVE_CLUSTER_PORTS\" must hold six ports (HTTP, management, cluster of node A, then B)"
  private_state "$DIVE_CLUSTER_DIR"
  DIVE_CLUSTER_DIR="$(cd "$DIVE_CLUSTER_DIR" && pwd)"
  DIVE_STATE_DIR="$DIVE_CLUSTER_DIR"
  running_pid nginx >/dev/null || ensure_port_free DIVE_CLUSTER_KAS_PORT
  info "starting a two-node Keycloak cluster on PostgreSQL (state in $DIVE_STATE_DIR)"
  postgres_start
  redis_sentinel_start
  cluster_node_start a "$a_http" "$a_mgmt" "$a_jg" 1
  cluster_node_start b "$b_http" "$b_mgmt" "$b_jg" 0
  already_running nginx || nginx_launch "$DIVE_CLUSTER_KAS_PORT" "$BROKER_REALM=$DIVE_CLUSTER_KAS_PORT" \
    "$DIVE_BIND:$a_http" "$DIVE_BIND:$b_http"
  printf '\n%sCluster running:%s node A http://%s:%s, node B http://%s:%s, KAS origin of %s http://%s:%s/ (PostgreSQL %s, Redis Sentinels %s)\n' \
    "$BOLD" "$RESET" "$DIVE_BIND" "$a_http" "$DIVE_BIND" "$b_http" "$BROKER_REALM" "$DIVE_BIND" "$DIVE_CLUSTER_KAS_PORT" \
    "$DIVE_PG_PORT" "$(redis_sentinel_addresses)"
}

cmd_cluster_stop() {
  DIVE_STATE_DIR="$DIVE_CLUSTER_DIR"
  info "stopping the cluster in $DIVE_STATE_DIR"
  stop_component nginx
  stop_component keycloak-b
  stop_component keycloak-a
  redis_sentinel_stop
  stop_component postgres
}

cmd_cluster_reset() {
  cmd_cluster_stop
  rm -rf "$DIVE_CLUSTER_DIR"
}

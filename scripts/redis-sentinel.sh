# shellcheck shell=bash
# A replicated Redis for the HA tests and ./dive cluster-start: one master, one replica and three
# Sentinels on loopback (Debian redis-server and redis-sentinel), master name $REDIS_MASTER_NAME.
# Same ACL users and passwords as the stack's Redis ($REDIS_DIR). The replica and the Sentinels log
# in to the data nodes as `default`, so their configuration files (0600, rewritten by Redis at a
# failover) hold that password in clear; Keycloak logs in to the Sentinels as `dive`, which may only
# ask where the master is and hear of a new one. State and PID files under $DIVE_STATE_DIR (the
# cluster's folder when ./dive cluster-start runs it): redis-ha-a (the first master), redis-ha-b
# (its replica), sentinel-1..3.

REDIS_MASTER_NAME="dive"
# What Jedis sends a Sentinel: where the master is, and a subscription to hear of a failover.
REDIS_SENTINEL_DIVE_COMMANDS="+ping +hello +client|setname +sentinel|get-master-addr-by-name +subscribe"

redis_sentinel_install() {
  redis_install
  command -v redis-sentinel >/dev/null 2>&1 || apt_install redis-sentinel
}

# DIVE_REDIS_SENTINEL_PORTS: master, replica, then the three Sentinels.
redis_sentinel_port() { # index 0-4
  local ports
  read -r -a ports <<<"$DIVE_REDIS_SENTINEL_PORTS"
  (( ${#ports[@]} == 5 )) || die "DIVE_REDIS_SENTINEL_PORTS=\"$DIVE_REDIS_SENTINEL_PORTS\" must hold five ports (master, replica, three Sentinels)"
  printf '%s' "${ports[$1]}"
}

# host:port of the three Sentinels, as Keycloak's sentinels setting takes them.
redis_sentinel_addresses() {
  printf '%s:%s,%s:%s,%s:%s' "$DIVE_BIND" "$(redis_sentinel_port 2)" "$DIVE_BIND" "$(redis_sentinel_port 3)" \
    "$DIVE_BIND" "$(redis_sentinel_port 4)"
}

sentinel_cli() { # port, arguments...
  local port="$1"; shift
  REDISCLI_AUTH="$(redis_password default)" redis-cli -h "$DIVE_BIND" -p "$port" "$@"
}

# The master's port as the first Sentinel that answers sees it.
redis_sentinel_master_port() {
  local index
  for index in 2 3 4; do
    sentinel_cli "$(redis_sentinel_port "$index")" sentinel get-master-addr-by-name "$REDIS_MASTER_NAME" 2>/dev/null \
      | sed -n 2p | grep -E '^[0-9]+$' && return 0
  done
  return 1
}

redis_sentinel_synced() { sentinel_cli "$(redis_sentinel_port 1)" info replication | grep -q 'master_link_status:up'; }

# Each Sentinel sees the replica and the two other Sentinels: a failover can be agreed on.
redis_sentinel_quorum() {
  local index
  for index in 2 3 4; do
    sentinel_cli "$(redis_sentinel_port "$index")" sentinel master "$REDIS_MASTER_NAME" 2>/dev/null \
      | grep -A1 -x 'num-other-sentinels' | tail -n1 | grep -qx 2 || return 1
    sentinel_cli "$(redis_sentinel_port "$index")" sentinel master "$REDIS_MASTER_NAME" 2>/dev/null \
      | grep -A1 -x 'num-slaves' | tail -n1 | grep -qx 1 || return 1
  done
}

redis_sentinel_node() { # component, port, extra configuration lines...
  local name="$1" port="$2"; shift 2
  already_running "$name" && return 0
  redis_server_start "$name" "$DIVE_STATE_DIR/redis-ha/$name" "$port" \
    "masteruser default" "masterauth $(redis_password default)" "repl-diskless-sync-delay 0" "$@"
  wait_until "$name" "answering PING" redis_port_healthy "$port"
}

redis_sentinel_start() {
  redis_sentinel_install
  redis_passwords
  local port
  for port in $DIVE_REDIS_SENTINEL_PORTS; do require_port_number DIVE_REDIS_SENTINEL_PORTS "$port"; done
  info "starting a replicated Redis: master, replica, three Sentinels (ports $DIVE_REDIS_SENTINEL_PORTS)"
  local master replica
  master="$(redis_sentinel_port 0)"
  replica="$(redis_sentinel_port 1)"
  redis_sentinel_node redis-ha-a "$master"
  redis_sentinel_node redis-ha-b "$replica" "replicaof $DIVE_BIND $master"
  wait_until redis-ha-b "replicating" redis_sentinel_synced
  local index name dir
  for index in 1 2 3; do
    name="sentinel-$index"
    already_running "$name" && continue
    port="$(redis_sentinel_port $((index + 1)))"
    dir="$DIVE_STATE_DIR/redis-ha/$name"
    private_state "$dir"
    cat >"$dir/sentinel.conf" <<CONF
bind $DIVE_BIND
port $port
dir "$dir"
daemonize no
protected-mode yes
sentinel announce-ip $DIVE_BIND
sentinel resolve-hostnames no
sentinel monitor $REDIS_MASTER_NAME $DIVE_BIND $master 2
sentinel auth-user $REDIS_MASTER_NAME default
sentinel auth-pass $REDIS_MASTER_NAME $(redis_password default)
sentinel sentinel-user default
sentinel sentinel-pass $(redis_password default)
sentinel down-after-milliseconds $REDIS_MASTER_NAME 2000
sentinel failover-timeout $REDIS_MASTER_NAME 10000
sentinel parallel-syncs $REDIS_MASTER_NAME 1
user default on #$(sha256_hex "$(redis_password default)") ~* &* +@all
user $REDIS_DIVE_USER on #$(sha256_hex "$(redis_password "$REDIS_DIVE_USER")") resetchannels &+switch-master -@all $REDIS_SENTINEL_DIVE_COMMANDS
CONF
    launch "$name" redis-sentinel "$dir/sentinel.conf"
    wait_until "$name" "answering PING" redis_port_healthy "$port"
  done
  wait_until sentinel-3 "agreed on the master (quorum 2 of 3)" redis_sentinel_quorum
}

redis_sentinel_stop() {
  local name
  for name in sentinel-3 sentinel-2 sentinel-1 redis-ha-b redis-ha-a; do stop_component "$name"; done
}

# Keycloak's dive-redis options for this set (the password of `dive` comes through the environment).
redis_sentinel_keycloak_options() {
  printf '%s\n' --spi-dive-redis--jedis--topology=sentinel \
    "--spi-dive-redis--jedis--master-name=$REDIS_MASTER_NAME" \
    "--spi-dive-redis--jedis--sentinels=$(redis_sentinel_addresses)" \
    "--spi-dive-redis--jedis--sentinel-user=$REDIS_DIVE_USER"
}

cmd_sentinel_start() {
  private_state "$DIVE_STATE_DIR"
  redis_sentinel_start
  printf '%sReplicated Redis running:%s master %s, Sentinels %s (master name %s)\n' "$BOLD" "$RESET" \
    "$(redis_sentinel_master_port)" "$(redis_sentinel_addresses)" "$REDIS_MASTER_NAME"
}

cmd_sentinel_stop() { redis_sentinel_stop; }

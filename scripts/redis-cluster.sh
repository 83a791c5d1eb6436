# shellcheck shell=bash
# A Redis Cluster of three masters on loopback (redis-server --cluster-enabled yes, joined by
# redis-cli --cluster create) for the cluster-topology tests. Same ACL users and passwords as the
# stack's Redis; each node's cluster bus is its port + 10000. Nothing persisted but the nodes'
# cluster configuration (nodes.conf), kept until ./dive redis-cluster-stop deletes it.

redis_cluster_ports_checked() {
  local port count=0
  for port in $DIVE_REDIS_CLUSTER_PORTS; do require_port_number DIVE_REDIS_CLUSTER_PORTS "$port"; count=$((count + 1)); done
  (( count == 3 )) || die "DIVE_REDIS_CLUSTER_PORTS=\"$DIVE_REDIS_CLUSTER_PORTS\" must hold three ports"
}

redis_cluster_seeds() { # host:port,host:port,host:port
  local port seeds=()
  for port in $DIVE_REDIS_CLUSTER_PORTS; do seeds+=("$DIVE_BIND:$port"); done
  (IFS=,; printf '%s' "${seeds[*]}")
}

redis_cluster_ok() {
  local port
  for port in $DIVE_REDIS_CLUSTER_PORTS; do
    REDISCLI_AUTH="$(redis_password default)" redis-cli -h "$DIVE_BIND" -p "$port" cluster info 2>/dev/null \
      | grep -q 'cluster_state:ok' || return 1
  done
}

cmd_redis_cluster_start() {
  redis_install
  redis_cluster_ports_checked
  private_state "$DIVE_STATE_DIR"
  redis_passwords
  info "starting a Redis Cluster of three masters (ports $DIVE_REDIS_CLUSTER_PORTS)"
  local port name
  for port in $DIVE_REDIS_CLUSTER_PORTS; do
    name="redis-cluster-$port"
    already_running "$name" && continue
    redis_server_start "$name" "$DIVE_STATE_DIR/redis-cluster/$port" "$port" \
      "cluster-enabled yes" "cluster-config-file nodes.conf" "cluster-node-timeout 5000" \
      "cluster-port $((port + 10000))" "masteruser default" "masterauth $(redis_password default)"
    wait_until "$name" "answering PING" redis_port_healthy "$port"
  done
  if ! redis_cluster_ok; then
    local addresses=()
    for port in $DIVE_REDIS_CLUSTER_PORTS; do addresses+=("$DIVE_BIND:$port"); done
    REDISCLI_AUTH="$(redis_password default)" redis-cli --cluster create "${addresses[@]}" --cluster-replicas 0 \
      --cluster-yes >>"$(log_file redis-cluster-create)" 2>&1 \
      || { tail -n 20 "$(log_file redis-cluster-create)" >&2; die "redis-cli --cluster create failed"; }
  fi
  wait_until "redis-cluster-${DIVE_REDIS_CLUSTER_PORTS##* }" "a cluster (cluster_state:ok)" redis_cluster_ok
  printf '%sRedis Cluster running:%s seeds %s\n' "$BOLD" "$RESET" "$(redis_cluster_seeds)"
}

cmd_redis_cluster_stop() {
  local port
  for port in $DIVE_REDIS_CLUSTER_PORTS; do stop_component "redis-cluster-$port"; done
  rm -rf "$DIVE_STATE_DIR/redis-cluster"
}

# shellcheck shell=bash
# Redis: the OTP enrollment state the Keycloak nodes share. From Debian; nothing persisted.

redis_install() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
}

redis_ports() { echo DIVE_REDIS_PORT; }

redis_healthy() { redis-cli -h "$DIVE_BIND" -p "$DIVE_REDIS_PORT" ping | grep -q PONG; }

redis_start() {
  mkdir -p "$DIVE_STATE_DIR/redis"
  launch redis redis-server --bind "$DIVE_BIND" --port "$DIVE_REDIS_PORT" --dir "$DIVE_STATE_DIR/redis" \
    --save "" --appendonly no --protected-mode yes --daemonize no
  wait_until redis "answering PING" redis_healthy
}

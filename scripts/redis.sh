# shellcheck shell=bash
# Redis: the OTP enrollment state the Keycloak nodes share. From Debian; nothing persisted.
#
# Nobody talks to it without a password. Two ACL users, their passwords generated once per stack
# state folder into 0600 files under $REDIS_DIR: `dive`, the one Keycloak uses, may run only the
# commands the DIVE stores send and only on keys under `dive:`; `default` (operator: ./dive itself
# and the integration tests that read keys and TTLs) may run everything. redis-server reads both
# from its 0600 configuration file, Keycloak gets its password through the environment and
# redis-cli through REDISCLI_AUTH: none of them is on a command line.

# The stack's Redis folder, fixed when this file is sourced: the cluster commands later point
# DIVE_STATE_DIR at the cluster's folder, and the cluster nodes use the stack's Redis.
REDIS_DIR="$DIVE_STATE_DIR/redis"
REDIS_DIVE_USER="dive"
# What the DIVE stores (provider-support, authenticators/otp/store) and the Jedis pool send.
REDIS_DIVE_COMMANDS="+get +set +del +incr +pexpire +ping +select +hello +client|setname"

redis_install() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
}

redis_ports() { echo DIVE_REDIS_PORT; }

redis_password_file() { printf '%s/%s.password' "$REDIS_DIR" "$1"; } # user: dive or default

# user: its password; empty while this state folder has never started Redis
redis_password() { cat "$(redis_password_file "$1")" 2>/dev/null || true; }

redis_cli() { REDISCLI_AUTH="$(redis_password default)" redis-cli -h "$DIVE_BIND" -p "$DIVE_REDIS_PORT" "$@"; }

redis_healthy() { redis_cli ping | grep -q PONG; }

redis_start() {
  private_state "$REDIS_DIR"
  local user
  for user in default "$REDIS_DIVE_USER"; do
    [[ -s "$(redis_password_file "$user")" ]] || random_secret >"$(redis_password_file "$user")"
  done
  # Redis keeps the passwords' SHA-256 (#...), so the configuration holds no password either.
  cat >"$REDIS_DIR/redis.conf" <<CONF
bind $DIVE_BIND
port $DIVE_REDIS_PORT
dir "$REDIS_DIR"
save ""
appendonly no
protected-mode yes
daemonize no
user default on #$(sha256_hex "$(redis_password default)") ~* &* +@all
user $REDIS_DIVE_USER on #$(sha256_hex "$(redis_password "$REDIS_DIVE_USER")") resetkeys ~dive:* resetchannels -@all $REDIS_DIVE_COMMANDS
CONF
  launch redis redis-server "$REDIS_DIR/redis.conf"
  wait_until redis "answering PING" redis_healthy
}

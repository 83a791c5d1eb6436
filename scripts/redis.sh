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
# With topology=cluster, Jedis also reads the slot map and follows ASK redirections.
REDIS_DIVE_COMMANDS="+get +set +del +incr +pexpire +ping +select +hello +client|setname +cluster|slots +cluster|shards +asking"

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

# The two ACL users every DIVE Redis server has (the stack's, the replicated set's, the cluster's nodes).
redis_acl() {
  printf 'user default on #%s ~* &* +@all\n' "$(sha256_hex "$(redis_password default)")"
  printf 'user %s on #%s resetkeys ~dive:* resetchannels -@all %s\n' "$REDIS_DIVE_USER" \
    "$(sha256_hex "$(redis_password "$REDIS_DIVE_USER")")" "$REDIS_DIVE_COMMANDS"
}

redis_passwords() { # made once per stack state folder, kept until ./dive reset
  private_state "$REDIS_DIR"
  local user
  for user in default "$REDIS_DIVE_USER"; do
    [[ -s "$(redis_password_file "$user")" ]] || random_secret >"$(redis_password_file "$user")"
  done
}

# One redis-server: its configuration (0600, in its own folder), started detached and tracked by PID.
redis_server_start() { # component, folder, port, extra configuration lines...
  local name="$1" dir="$2" port="$3"; shift 3
  private_state "$dir"
  # Redis keeps the passwords' SHA-256 (#...), so the configuration holds no password either.
  {
    printf 'bind %s\nport %s\ndir "%s"\nsave ""\nappendonly no\nprotected-mode yes\ndaemonize no\n' "$DIVE_BIND" "$port" "$dir"
    redis_acl
    local line
    for line in "$@"; do printf '%s\n' "$line"; done
  } >"$dir/redis.conf"
  launch "$name" redis-server "$dir/redis.conf"
}

redis_port_healthy() { REDISCLI_AUTH="$(redis_password default)" redis-cli -h "$DIVE_BIND" -p "$1" ping 2>/dev/null | grep -q PONG; }

redis_start() {
  redis_passwords
  redis_server_start redis "$REDIS_DIR" "$DIVE_REDIS_PORT"
  wait_until redis "answering PING" redis_healthy
}

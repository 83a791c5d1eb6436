# shellcheck shell=bash
# Settings, output, process bookkeeping and private state, shared by every component of the stack.
# Sourced by ./dive before the component files; it defines variables and functions only.

# ---------------------------------------------------------------------------------------------
# Private state. A stack's folder holds Keycloak's database (realm signing keys, OTP seeds), the
# SoftHSM2 token and keystores: everything ./dive writes is for this account only. Builds (Maven,
# the ZTDF tool's output) keep the caller's umask.
# ---------------------------------------------------------------------------------------------
DIVE_USER_UMASK="$(umask)"
umask 077

private_state() { # folder: create it, and take group and other access from everything in it
  mkdir -p "$1"
  chmod -R go= "$1" # also what an older ./dive wrote with the caller's umask
}

# ---------------------------------------------------------------------------------------------
# Settings: environment variables, with defaults chosen not to collide with common services.
# ---------------------------------------------------------------------------------------------
DIVE_DIR="${DIVE_DIR:-$DIVE_ROOT/.dive}"                          # the stacks' state (git-ignored)
DIVE_STATE_DIR="${DIVE_STATE_DIR:-$DIVE_DIR/stack}"               # one stack's processes, data and logs
DIVE_CLUSTER_DIR="${DIVE_CLUSTER_DIR:-$DIVE_DIR/cluster}"         # the two-node cluster's
# Downloads and builds, shared by every stack and checkout; in the user's cache so that they survive a
# fresh clone (CI). scripts/bin/go-tool has the same default.
DIVE_TOOLS_DIR="${DIVE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dive/tools}"
DIVE_BIND="${DIVE_BIND:-127.0.0.1}"
DIVE_KEYCLOAK_PORT="${DIVE_KEYCLOAK_PORT:-18080}"
DIVE_KEYCLOAK_MANAGEMENT_PORT="${DIVE_KEYCLOAK_MANAGEMENT_PORT:-19000}"
DIVE_REDIS_PORT="${DIVE_REDIS_PORT:-16379}"
DIVE_OPA_PORT="${DIVE_OPA_PORT:-18181}"
DIVE_OPA_DIAGNOSTIC_PORT="${DIVE_OPA_DIAGNOSTIC_PORT:-18182}"     # OPA's diagnostic /health and /metrics (Prometheus)
DIVE_FERRETDB_PORT="${DIVE_FERRETDB_PORT:-17027}"                 # the audit trail's MongoDB-wire server
DIVE_FERRETDB_DEBUG_PORT="${DIVE_FERRETDB_DEBUG_PORT:-17028}"     # its health endpoint
DIVE_KAS_PORT="${DIVE_KAS_PORT:-18480}"                           # the broker realm's KAS origin (nginx)
# realm=port for each KAS-enabled realm the reverse proxy gives an origin (scripts/nginx.sh).
DIVE_KAS_ORIGINS="${DIVE_KAS_ORIGINS:-dive-broker=$DIVE_KAS_PORT}"
DIVE_OPA_LOG_LEVEL="${DIVE_OPA_LOG_LEVEL:-info}"                  # debug also logs every request
# The OPA sidecar's Go GOGC. A decision allocates ~130 KiB (policy and authorizer) on a live heap of
# ~8 MiB: at Go's default 100 the collector runs every few decisions and sets the p99; 1600 lets
# the heap grow to ~140 MiB between collections (issue 16: +8-11 % decisions/s against 400).
DIVE_OPA_GOGC="${DIVE_OPA_GOGC:-1600}"
DIVE_ADMIN_USER="${DIVE_ADMIN_USER:-admin}"
DIVE_ADMIN_PASSWORD="${DIVE_ADMIN_PASSWORD:-admin}"
DIVE_START_TIMEOUT="${DIVE_START_TIMEOUT:-240}"                   # seconds to wait for each component
DIVE_SKIP_BUILD="${DIVE_SKIP_BUILD:-0}"                           # 1: use the distribution already built
DIVE_DIST_DIR="${DIVE_DIST_DIR:-}"                                # default: distribution/target/dive-<version>
DIVE_KEYCLOAK_JAVA_OPTS="${DIVE_KEYCLOAK_JAVA_OPTS:--Xms256m -Xmx1g}"
DIVE_KAS_SERVER_TIMING="${DIVE_KAS_SERVER_TIMING:-false}"         # true: Server-Timing on rewrap
# OTLP/HTTP (protobuf) collector, e.g. http://127.0.0.1:4318: Keycloak's and OPA's traces go there.
# Unset (the default): tracing is off in both, no span is made and nothing is exported.
DIVE_TRACING_ENDPOINT="${DIVE_TRACING_ENDPOINT:-}"
# Share of new traces sampled (0.0-1.0), in Keycloak and OPA alike. Parent-based: a request that
# carries a traceparent follows its caller's choice, so a sampled login's rewrap and OPA decision stay
# in one trace. 0.1: a tenth of the traces, enough to see where time goes under load (see README).
DIVE_TRACING_SAMPLER_RATIO="${DIVE_TRACING_SAMPLER_RATIO:-0.1}"
DIVE_METRICS="${DIVE_METRICS:-true}"                              # false: no /metrics, the DIVE meters record nothing
DIVE_AUDIT_SWEEP_SECONDS="${DIVE_AUDIT_SWEEP_SECONDS:-3600}"      # the audit retention sweeper's interval
DIVE_AUDIT_SINK="${DIVE_AUDIT_SINK:-mongodb}"                     # mongodb (FerretDB), file (JSON lines) or none (audit off)
DIVE_HSM_PIN="${DIVE_HSM_PIN:-dive-hsm-pin}"                      # the SoftHSM2 token's user PIN (demo)
DIVE_HSM_MODULE="${DIVE_HSM_MODULE:-/usr/lib/softhsm/libsofthsm2.so}"
DIVE_PG_PORT="${DIVE_PG_PORT:-25432}"
DIVE_CLUSTER_PORTS="${DIVE_CLUSTER_PORTS:-24080 24900 24800 24081 24901 24801}" # http/mgmt/jgroups of A, then B; below 32768: Linux hands out 32768-60999 to outgoing connections
DIVE_CLUSTER_KAS_PORT="${DIVE_CLUSTER_KAS_PORT:-24480}"           # the cluster's KAS origin (nginx, both nodes)
DIVE_REDIS_SENTINEL_PORTS="${DIVE_REDIS_SENTINEL_PORTS:-16380 16381 16390 16391 16392}" # master, replica, 3 Sentinels
DIVE_REDIS_CLUSTER_PORTS="${DIVE_REDIS_CLUSTER_PORTS:-17001 17002 17003}" # Redis Cluster masters (bus: +10000)
DIVE_MVN="${DIVE_MVN:-mvn}"
# Read where used, unset by default: DIVE_KMS_ENDPOINT, DIVE_KMS_CRYPTO_KEY, DIVE_KMS_PLAINTEXT,
# DIVE_KMS_VERSION_REFRESH_SECONDS (the KAS gcp-kms key provider), DIVE_ZTDF_JAVA_OPTS.

settings_help() {
  cat <<HELP
Settings (environment variables):
  DIVE_KEYCLOAK_PORT=$DIVE_KEYCLOAK_PORT  DIVE_KEYCLOAK_MANAGEMENT_PORT=$DIVE_KEYCLOAK_MANAGEMENT_PORT
  DIVE_REDIS_PORT=$DIVE_REDIS_PORT  DIVE_OPA_PORT=$DIVE_OPA_PORT  DIVE_OPA_DIAGNOSTIC_PORT=$DIVE_OPA_DIAGNOSTIC_PORT  DIVE_BIND=$DIVE_BIND
  DIVE_FERRETDB_PORT=$DIVE_FERRETDB_PORT  DIVE_FERRETDB_DEBUG_PORT=$DIVE_FERRETDB_DEBUG_PORT
  DIVE_KAS_PORT=$DIVE_KAS_PORT  DIVE_KAS_ORIGINS="$DIVE_KAS_ORIGINS"   the KAS origins (nginx), realm=port
  DIVE_ADMIN_USER / DIVE_ADMIN_PASSWORD   Keycloak bootstrap admin (default admin/admin)
  DIVE_STATE_DIR=$DIVE_STATE_DIR
  DIVE_CLUSTER_DIR=$DIVE_CLUSTER_DIR  DIVE_PG_PORT=$DIVE_PG_PORT  DIVE_CLUSTER_PORTS="$DIVE_CLUSTER_PORTS"
  DIVE_CLUSTER_KAS_PORT=$DIVE_CLUSTER_KAS_PORT   the cluster's KAS origin of the broker realm (nginx, both nodes)
  DIVE_REDIS_SENTINEL_PORTS="$DIVE_REDIS_SENTINEL_PORTS"   replicated Redis (master, replica, 3 Sentinels)
  DIVE_REDIS_CLUSTER_PORTS="$DIVE_REDIS_CLUSTER_PORTS"   Redis Cluster (three masters)
  DIVE_TOOLS_DIR=$DIVE_TOOLS_DIR
  DIVE_START_TIMEOUT=$DIVE_START_TIMEOUT  DIVE_SKIP_BUILD=$DIVE_SKIP_BUILD  DIVE_KEYCLOAK_JAVA_OPTS="$DIVE_KEYCLOAK_JAVA_OPTS"
  DIVE_HSM_PIN / DIVE_HSM_MODULE=$DIVE_HSM_MODULE   SoftHSM2 token of the KAS pkcs11 key provider
  DIVE_KMS_ENDPOINT / DIVE_KMS_CRYPTO_KEY / DIVE_KMS_PLAINTEXT   KAS gcp-kms key provider (unset: not configured)
  DIVE_TRACING_ENDPOINT="$DIVE_TRACING_ENDPOINT"   OTLP/HTTP collector of Keycloak's and OPA's traces (unset: tracing off)
  DIVE_TRACING_SAMPLER_RATIO=$DIVE_TRACING_SAMPLER_RATIO   share of new traces sampled, parent-based (Keycloak and OPA)
  DIVE_METRICS=$DIVE_METRICS   false: Keycloak without /metrics
HELP
}

# ---------------------------------------------------------------------------------------------
# Output.
# ---------------------------------------------------------------------------------------------
if [[ -t 1 ]]; then BOLD=$'\e[1m'; RED=$'\e[31m'; GREEN=$'\e[32m'; YELLOW=$'\e[33m'; RESET=$'\e[0m'
else BOLD=""; RED=""; GREEN=""; YELLOW=""; RESET=""; fi

# Progress: one line rewritten in place on a terminal, a line every 15 s in a log.
if [[ -t 1 ]]; then PROGRESS_EVERY=1; PROGRESS_FORMAT=$'\r  %-9s waiting to be %s ... %ss'; PROGRESS_START=$'\r'; PROGRESS_CLEAR=$'\e[K'
else PROGRESS_EVERY=15; PROGRESS_FORMAT=$'  %-9s waiting to be %s ... %ss\n'; PROGRESS_START=""; PROGRESS_CLEAR=""; fi

info() { printf '%s==>%s %s\n' "$BOLD" "$RESET" "$*"; }
warn() { printf '%swarning:%s %s\n' "$YELLOW" "$RESET" "$*" >&2; }
die() { printf '%serror:%s %s\n' "$RED" "$RESET" "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Versions: pinned in the parent pom, the single source of truth for every version.
# ---------------------------------------------------------------------------------------------
pom_property() {
  local value
  value="$(sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$DIVE_ROOT/pom.xml" | head -n1)"
  [[ -n "$value" ]] || die "property <$1> not found in $DIVE_ROOT/pom.xml"
  printf '%s' "$value"
}

KEYCLOAK_VERSION="$(pom_property keycloak.version)"
OPA_VERSION="$(pom_property opa.version)"
REGAL_VERSION="$(pom_property regal.version)"
FERRETDB_VERSION="$(pom_property ferretdb.version)"
OPENTDF_SDK_VERSION="$(pom_property opentdf-sdk.version)"
PROJECT_VERSION="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$DIVE_ROOT/pom.xml")"

require_port_number() {
  [[ "$2" =~ ^[0-9]+$ ]] && (( $2 > 0 && $2 < 65536 )) || die "$1=$2 is not a TCP port number (1-65535)"
}
for setting in DIVE_KEYCLOAK_PORT DIVE_KEYCLOAK_MANAGEMENT_PORT DIVE_REDIS_PORT DIVE_OPA_PORT DIVE_OPA_DIAGNOSTIC_PORT DIVE_KAS_PORT DIVE_PG_PORT DIVE_CLUSTER_KAS_PORT; do
  require_port_number "$setting" "${!setting}"
done
for port in $DIVE_CLUSTER_PORTS; do require_port_number DIVE_CLUSTER_PORTS "$port"; done
unset setting port
[[ "$DIVE_START_TIMEOUT" =~ ^[0-9]+$ ]] || die "DIVE_START_TIMEOUT=$DIVE_START_TIMEOUT must be a number of seconds"
# OPA takes a whole percentage: two decimals at most.
[[ "$DIVE_TRACING_SAMPLER_RATIO" =~ ^(0(\.[0-9]{1,2})?|1(\.0{1,2})?)$ ]] ||
  die "DIVE_TRACING_SAMPLER_RATIO=$DIVE_TRACING_SAMPLER_RATIO must be a ratio from 0 to 1 with two decimals at most (e.g. 0.1)"

# ---------------------------------------------------------------------------------------------
# Process bookkeeping: every process we start is a session leader whose PID is in a PID file, so
# stop kills exactly that process group and nothing else. $DIVE_STATE_DIR is the stack's folder
# (the cluster commands point it at $DIVE_CLUSTER_DIR).
# ---------------------------------------------------------------------------------------------
pid_file() { printf '%s/run/%s.pid' "$DIVE_STATE_DIR" "$1"; }
log_file() { printf '%s/logs/%s.log' "$DIVE_STATE_DIR" "$1"; }

running_pid() { # prints the PID if the component's recorded process is alive
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  printf '%s' "$pid"
}

already_running() { # component: true, and says so, when its recorded process is alive
  local pid
  pid="$(running_pid "$1")" || return 1
  printf '  %-9s already running (pid %s)\n' "$1" "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/$DIVE_BIND/$1") 2>/dev/null; }

ensure_port_free() { # the setting naming the port
  local port="${!1}"
  if port_in_use "$port"; then
    die "port $port ($1) is already in use by a process this stack did not start. Stop that process, or choose another port, e.g. $1=$(( port + 1 )) ./dive start"
  fi
}

# Starts a command detached in its own session and records its PID. The environment of the call
# reaches the command: secrets go there (readable by this account only), never into arguments,
# which every account can read.
launch() { # component, command...
  local name="$1"; shift
  mkdir -p "$DIVE_STATE_DIR/run" "$DIVE_STATE_DIR/logs"
  setsid "$@" >>"$(log_file "$name")" 2>&1 < /dev/null &
  echo $! >"$(pid_file "$name")"
}

stop_component() {
  local name="$1" pid waited=0
  if ! pid="$(running_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    printf '  %-9s not running\n' "$name"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && (( waited < 300 )); do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name (pid $pid) did not stop within 30 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  # Children that outlived the leader (the JVM under kc.sh) are in the same process group.
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$(pid_file "$name")"
  printf '  %-9s stopped (pid %s)\n' "$name" "$pid"
}

wait_until() { # component, description, check command...
  local name="$1" what="$2"; shift 2
  local start=$SECONDS last=-1
  while ! "$@" >/dev/null 2>&1; do
    if ! running_pid "$name" >/dev/null; then
      printf '\n' >&2
      tail -n 40 "$(log_file "$name")" >&2 || true
      die "$name exited while starting; the lines above are from $(log_file "$name")"
    fi
    if (( SECONDS - start >= DIVE_START_TIMEOUT )); then
      printf '\n' >&2
      tail -n 40 "$(log_file "$name")" >&2 || true
      die "$name was not $what after ${DIVE_START_TIMEOUT}s (raise DIVE_START_TIMEOUT); log: $(log_file "$name")"
    fi
    if (( (SECONDS - start) / PROGRESS_EVERY != last )); then
      last=$(( (SECONDS - start) / PROGRESS_EVERY ))
      # shellcheck disable=SC2059 # the format is one of the two defined above
      printf "$PROGRESS_FORMAT" "$name" "$what" "$((SECONDS - start))"
    fi
    sleep 0.5
  done
  printf '%s  %-9s %s%s%s after %ss%s\n' "$PROGRESS_START" "$name" "$GREEN" "$what" "$RESET" "$((SECONDS - start))" "$PROGRESS_CLEAR"
}

http_ok() { curl -fsS --max-time 3 -o /dev/null "$1"; }

# A secret made on this machine for one use (the SoftHSM2 SO PIN, the cluster's database password).
random_secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
# What Redis and OPA are given instead of a secret: its SHA-256, hex.
sha256_hex() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

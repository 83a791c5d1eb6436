#!/usr/bin/env bash
# The OPA sidecar through the Java client against the floor it cannot go below (issue 16 goal 2),
# all in one run: OpaClientBenchmark (1 and 16 callers, no cache) against
#   policy/shipped  the DIVE bundle with the sidecar's flags (scripts/opa.sh: bearer tokens, the
#                   bundle's system.authz on every request, DIVE_OPA_GOGC, DIVE_OPA_LOG_LEVEL with
#                   request logs at debug; decision logs off, as no Keycloak runs to receive them);
#   policy/lean     the DIVE bundle, no authentication or authorization;
#   floor/shipped   a constant decision (same document, same answer shape) with the shipped flags;
#   floor/lean      the constant decision, no authentication or authorization.
# The floor rows are OPA's HTTP server, JSON decoding of the same input and encoding of the answer,
# and the Java callers on the same cores: what is left when the policy costs nothing. Each row
# prints CPU per decision of the callers' process and of OPA (from /proc), and the ratios to
# `opa bench` of the DIVE bundle run before and after each row (2 cores ÷ its mean).
#
#   scripts/bench/opa-sidecar.sh [SECONDS] [ROW...]     ROW: policy/shipped, floor/lean, ... (default: all four)
#
# DIVE_OPA_GOGC, DIVE_BENCH_BUNDLE (the bundle the policy rows serve) and DIVE_OPA_BENCH_INPUT=trimmed
# (OpaClientBenchmark) measure levers. DIVE_BENCH_PERF=1 also records OPA with `perf` while 16
# callers are measured and prints the inclusive CPU share of what OPA's authorizer does per request
# (BENCHMARKS.md, issue 16 fifth stop).
# Needs policies/target/dive-policy-bundle.tar.gz and the compiled benchmark with its classpath in
# DIVE_BENCH_CLASSPATH (mvn -pl integration-tests -am test-compile; see BENCHMARKS.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-5}"
shift || true
rows=("$@")
[[ ${#rows[@]} -gt 0 ]] || rows=(policy/shipped floor/shipped policy/lean floor/lean)
opa="${DIVE_OPA_BIN:-$("$here/dive" opa-path)}"
bundle="${DIVE_BENCH_BUNDLE:-$here/policies/target/dive-policy-bundle.tar.gz}" # another bundle: a lever's variant
port="${DIVE_BENCH_OPA_PORT:-28181}"
[[ -f "$bundle" ]] || { echo "error: $bundle is missing; run: mvn -q -pl policies -am package" >&2; exit 1; }
: "${DIVE_BENCH_CLASSPATH:?the benchmark classpath (target/test-classes, target/classes and dependencies)}"

work="$(mktemp -d)"
pid=""
stop_opa() { [[ -z "$pid" ]] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }; }
trap 'stop_opa; rm -rf "$work"' EXIT

# The floor bundle: the same system.authz, and dive.authz.decision a constant allow.
mkdir -p "$work/floor/dive/authz" "$work/floor/system/authz"
cp "$here/policies/src/system/authz/authz.rego" "$work/floor/system/authz/"
printf 'package dive.authz\n\ndecision := {"allow": true, "reasons": [], "obligations": []}\n' >"$work/floor/dive/authz/floor.rego"
"$opa" build -b "$work/floor" -o "$work/floor.tar.gz"

# The sidecar's settings as ./dive starts it (scripts/common.sh; the environment overrides them).
read -r gogc log_level < <(DIVE_ROOT="$here" bash -c 'source "$0"; echo "$DIVE_OPA_GOGC $DIVE_OPA_LOG_LEVEL"' "$here/scripts/common.sh")

token="$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
hash="$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)"

start_opa() { # bundle, shipped|lean
  local flags=()
  [[ "$2" == lean ]] || flags=(--authentication=token --authorization=basic)
  env -i PATH="$PATH" GOGC="$gogc" DIVE_OPA_CLIENT_TOKENS_SHA256="{\"resource-server\":\"$hash\"}" \
    "$opa" run --server --addr "127.0.0.1:$port" --log-level "$log_level" --log-level-request debug --log-format json \
    "${flags[@]}" --bundle "$1" >"$work/opa.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/health?bundles" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "error: OPA did not start:" >&2; cat "$work/opa.log" >&2; exit 1
}

# Inclusive shares of OPA's CPU samples: the authorizer's own work is (*Rego).Eval (the authorizer
# is its only caller; the data API evaluates a prepared query) plus makeInput.
perf_shares() {
  perf report -i "$1" --stdio --children --sort symbol 2>/dev/null | awk '$1 ~ /%$/ { print $1, $4 }' | sed 's#github.com/open-policy-agent/opa/v1/##' |
    grep -E ' (server/authorizer\.makeInput|rego\.\(\*Rego\)\.(Eval|parseRawInput|parseQuery|compileAndCacheQuery)|ast\.CapabilitiesForThisVersion|rego\.PreparedEvalQuery\.Eval|server\.readInputPostV1|runtime\.\(\*LoggingHandler\)\.ServeHTTP|runtime\.gcBgMarkWorker)$' |
    paste -sd' ' | sed 's/^/  perf, share of OPA CPU at 16 callers: /'
}

# Profiles OPA from the benchmark's "measuring callers=16" line on, for the measured seconds.
profile_sixteen() {
  local line
  while IFS= read -r line; do
    echo "$line" >&2
    [[ "$line" == "measuring callers=16" && "${DIVE_BENCH_PERF:-}" == 1 ]] || continue
    perf record -F 499 -g -p "$pid" -o "$work/perf.data" -- sleep "$seconds" >/dev/null 2>&1 || true
  done
}

uptime
for row in "${rows[@]}"; do
  name="${row%/*}" mode="${row#*/}"
  served="$bundle"
  [[ "$name" == policy ]] || served="$work/floor.tar.gz"
  start_opa "$served" "$mode"
  echo "== $name/$mode (OPA pid $pid)"
  rm -f "$work/perf.data"
  { DIVE_OPA_TOKEN="$token" DIVE_OPA_PID="$pid" DIVE_OPA_BENCH_CACHE=off \
      java -cp "$DIVE_BENCH_CLASSPATH" io.dive.bench.OpaClientBenchmark "http://127.0.0.1:$port" "$seconds" "$opa" "$bundle" \
      2>&1 1>&3 | profile_sixteen; } 3>&1 # stdout as is, stderr through the profiler
  [[ ! -s "$work/perf.data" ]] || perf_shares "$work/perf.data"
  stop_opa
done
uptime

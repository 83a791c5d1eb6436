#!/usr/bin/env bash
# Where Keycloak's time goes during the rewrap benchmark (issue 16): records the running stack's
# Keycloak with JFR while io.dive.bench.RewrapBenchmark runs, then prints the samples by step of a
# rewrap (io.dive.bench.KeycloakProfile) and the load average.
#
#   scripts/bench/rewrap-profile.sh [ROUNDS] [REQUESTS_PER_CLIENT] [OUT_DIR]
#
# Needs the stack running, under the stack lock like any benchmark; for whole stacks start it with
# DIVE_KEYCLOAK_JAVA_OPTS="-Xms256m -Xmx1g -XX:FlightRecorderOptions=stackdepth=256" (JFR keeps
# 64 frames by default, fewer than a Keycloak request has) and, so that 32 clients are not shed,
# KC_SPI_REALM_RESTAPI_EXTENSION__KAS__MAX_REWRAPS_IN_FLIGHT=64. Writes keycloak.jfr,
# benchmark.txt and profile.txt to OUT_DIR (default: a new temporary folder). With
# DIVE_BENCH_CLASSPATH set (the integration tests' test classes and classpath, built beforehand)
# the two programs run on it instead of through Maven, which would build inside the measured slot
# and use the io.dive jars of ~/.m2 that other builds overwrite.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-2}" per_client="${2:-40}" out="${3:-$(mktemp -d)}"
state="${DIVE_STATE_DIR:-$here/.dive/stack}"
leader="$(cat "$state/run/keycloak.pid" 2>/dev/null)" || { echo "no running stack under $state (./dive start)" >&2; exit 1; }
pid="$(pgrep -g "$leader" java | head -1)" || { echo "no Keycloak JVM in process group $leader" >&2; exit 1; }
mkdir -p "$out"
bench() { # main class, arguments
  if [[ -n "${DIVE_BENCH_CLASSPATH:-}" ]]; then
    # shellcheck disable=SC2086 # the arguments are words
    (cd "$here" && java -cp "$DIVE_BENCH_CLASSPATH" "$1" $2)
    return
  fi
  (cd "$here" && mvn -q -B -ntp -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass="$1" -Dexec.args="$2")
}
jcmd "$pid" JFR.start name=dive-rewrap settings=profile filename="$out/keycloak.jfr" >/dev/null
trap 'jcmd "$pid" JFR.stop name=dive-rewrap >/dev/null 2>&1 || true' EXIT
uptime | tee "$out/benchmark.txt"
# The benchmark's token-check floor sends refused rewraps, whose samples would count as rewrap steps.
export DIVE_BENCH_TOKEN_FLOOR=0
bench io.dive.bench.RewrapBenchmark "http://127.0.0.1:${DIVE_KEYCLOAK_PORT:-18080} $rounds $per_client" | tee -a "$out/benchmark.txt"
uptime | tee -a "$out/benchmark.txt"
jcmd "$pid" JFR.stop name=dive-rewrap >/dev/null
trap - EXIT
bench io.dive.bench.KeycloakProfile "$out/keycloak.jfr" | tee "$out/profile.txt"
echo "recording, benchmark and profile in $out" >&2

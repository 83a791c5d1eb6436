#!/usr/bin/env bash
# Several KAS asked at once (issue 17, goal 2): starts the stack from the distribution already built
# in this checkout, runs io.dive.bench.MultiKasBenchmark once per client key / any-of head start,
# prints the load average before and after each run, and stops the stack, whatever happens.
#
#   flock /tmp/dive-stack.lock flock -x /tmp/dive-quiet.lock scripts/bench/multi-kas.sh CLASSPATH_FILE [ROUNDS] [PER_ROUND] [RUNS]
#
# CLASSPATH_FILE holds the integration-tests test classpath, written before taking the locks (a
# build must not run inside the benchmark lock):
#   mvn -q -B -ntp -pl integration-tests -am package -DskipTests   # the distribution the stack starts from
#   mvn -q -B -ntp -pl integration-tests -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=FILE
# RUNS: client key and hedged head start in ms per run (default "ec:100 ec:30 rsa:100").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cpfile="${1:?usage: $0 CLASSPATH_FILE [ROUNDS] [PER_ROUND] [RUNS]}"
rounds="${2:-6}" per_round="${3:-40}" runs="${4:-ec:100 ec:30 rsa:100}"
classpath="$here/integration-tests/target/test-classes:$(cat "$cpfile")"
cd "$here"
trap '"$here/dive" stop' EXIT
"$here/dive" start --no-build
for run in $runs; do
  echo "== MultiKasBenchmark http://127.0.0.1:${DIVE_KEYCLOAK_PORT:-18080} $rounds $per_round ${run%%:*} ${run##*:}"
  uptime
  java -cp "$classpath" io.dive.bench.MultiKasBenchmark "http://127.0.0.1:${DIVE_KEYCLOAK_PORT:-18080}" "$rounds" "$per_round" \
    "${run%%:*}" "${run##*:}"
  uptime
done

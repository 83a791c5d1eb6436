#!/usr/bin/env bash
# Checks the monitoring configuration with promtool (Prometheus's own checker, the version pinned in
# the parent pom, built from the Go module proxy by scripts/bin/go-tool):
#   promtool check config   prometheus.yml (and the rule files it names)
#   promtool check rules    rules/*.yml
#   promtool test rules     tests/*.test.yml (a unit test per alert)
#   broken/*.yml            must be refused: the check fails if promtool accepts a broken rule file
#   grafana/*.json          valid JSON; every panel query parses as PromQL (as a recording rule)
# Run by the monitoring module's Maven build (test phase) with DIVE_PROMTOOL_BIN or DIVE_PROMETHEUS_VERSION.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -n "${DIVE_PROMTOOL_BIN:-}" ]]; then
  promtool="$DIVE_PROMTOOL_BIN"
else
  promtool="$("$here/../scripts/bin/go-tool" promtool "${DIVE_PROMETHEUS_VERSION:?run this through Maven (mvn -pl monitoring verify)}")"
fi
target="$here/target"
mkdir -p "$target"

# A copy whose paths resolve without a running stack: the rule file by its absolute path, and a
# stand-in for the Prometheus token ./dive writes into the state folder (promtool checks it exists).
printf 'stand-in\n' >"$target/prometheus.token"
sed -e "s|rules/dive-alerts.yml|$here/rules/dive-alerts.yml|" -e "s|../.dive/opa/prometheus.token|$target/prometheus.token|" \
  "$here/prometheus.yml" >"$target/prometheus.yml"
"$promtool" check config "$target/prometheus.yml"
"$promtool" check rules "$here"/rules/*.yml
(cd "$here/tests" && "$promtool" test rules ./*.test.yml)

for broken in "$here"/broken/*.yml; do
  if message="$("$promtool" check rules "$broken" 2>&1)"; then
    echo "error: promtool accepted the deliberately broken rule file $broken" >&2
    exit 1
  fi
  grep -q 'FAILED' <<<"$message" || { echo "error: unexpected promtool answer for $broken: $message" >&2; exit 1; }
  printf 'refused as it should be: %s\n%s\n' "${broken#"$here"/}" "$message"
done

for dashboard in "$here"/grafana/*.json; do
  jq -e '.panels | length > 0' "$dashboard" >/dev/null || { echo "error: $dashboard is not a dashboard with panels" >&2; exit 1; }
  queries="$target/$(basename "$dashboard" .json)-queries.yml"
  jq -r '"groups:\n  - name: dashboard\n    rules:", ([.panels[].targets[]?.expr] | to_entries[]
    | "      - record: dashboard:query_\(.key)\n        expr: \(.value | @json)")' "$dashboard" >"$queries"
  count="$(jq '[.panels[].targets[]?.expr] | length' "$dashboard")"
  "$promtool" check rules "$queries" >/dev/null || { "$promtool" check rules "$queries" >&2; exit 1; }
  printf 'dashboard %s: %s panel queries parse\n' "$(basename "$dashboard")" "$count"
done

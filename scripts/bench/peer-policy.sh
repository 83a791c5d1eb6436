#!/usr/bin/env bash
# Compares the cost of DIVE's decisions with the DIVE-V3 pilot's policy (albeach/DIVE-V3) on the
# same scenarios, with the same OPA binary, in alternating rounds (issue 16).
#
#   scripts/bench/peer-policy.sh PEER_POLICIES_DIR [ROUNDS]
#
# PEER_POLICIES_DIR is the pilot's `policies/` folder, fetched outside this repository and never
# committed. Loaded from it: the folders its hub's OPA loads (base, org, tenant, entrypoints, compat)
# without their tests, plus classification_equivalency/data.json. The pilot's backend and KAS both
# ask its `dive.authz` package; its decision document is data.dive.authz.decision.
#
# Scenarios (policies/bench/peer/): a DEU SECRET user with OTP reading a SECRET, COI NATO, encrypted
# and verified resource releasable to the 34 NATO ∪ FVEY countries (allow), and the same user with a
# CONFIDENTIAL clearance (deny). Both policies get the same facts in their own input shapes (the
# pilot: releasabilityTo, COI, action.operation, acr/amr in context, ztdf hashes); the KAS rows are
# the same inputs with action decrypt (ours: data.dive.kas.decision). Before measuring, the script
# checks that both policies decide the same for every scenario. Our input as the resource servers
# usually send it (releasableTo ["NATO", "FVEY"]: groups, which the pilot does not accept) is
# reported as an extra row.
#
# Needs the built bundle (mvn -pl policies -am package) and the OPA binary (./dive opa-path or
# DIVE_OPA_BIN). Both sides run with the same GOGC, 400 unless GOGC is set: every policy figure in
# BENCHMARKS.md was taken at 400 (the sidecar's default until the fifth stop; it is now 1600,
# DIVE_OPA_GOGC in scripts/common.sh). Prints one line per round and scenario, then per scenario the mean over rounds of
# both sides' mean and p99 evaluation time and the ratio ours / peer.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer_src="${1:?usage: $0 PEER_POLICIES_DIR [ROUNDS]}"
rounds="${2:-5}"
opa="${DIVE_OPA_BIN:-$("$here/dive" opa-path)}"
bundle="$here/policies/target/dive-policy-bundle.tar.gz"
inputs="$here/policies/bench/peer"
[[ -f "$bundle" ]] || { echo "error: $bundle is missing; run: mvn -q -pl policies -am package" >&2; exit 1; }
[[ -d "$peer_src/entrypoints" && -f "$peer_src/classification_equivalency/data.json" ]] || {
  echo "error: $peer_src does not look like the DIVE-V3 policies/ folder (entrypoints/, classification_equivalency/data.json)" >&2
  exit 1
}
command -v jq >/dev/null || { echo "error: jq is needed" >&2; exit 1; }
export GOGC="${GOGC:-400}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
peer="$work/peer"
for dir in base org tenant entrypoints compat; do
  (cd "$peer_src" && find "$dir" -name '*.rego' ! -name '*_test.rego') | while read -r file; do
    mkdir -p "$peer/$(dirname "$file")" && cp "$peer_src/$file" "$peer/$file"
  done
done
mkdir -p "$peer/classification_equivalency"
cp "$peer_src/classification_equivalency/data.json" "$peer/classification_equivalency/"

# name | our input | our query | the pilot's input | the pilot's query
scenarios=()
for outcome in allow deny; do
  jq -c '.action = "decrypt"' "$inputs/dive-$outcome.json" >"$work/dive-kas-$outcome.json"
  jq -c '.action.operation = "decrypt"' "$inputs/peer-$outcome.json" >"$work/peer-kas-$outcome.json"
  scenarios+=("authz-$outcome|$inputs/dive-$outcome.json|data.dive.authz.decision|$inputs/peer-$outcome.json|data.dive.authz.decision")
  scenarios+=("kas-$outcome|$work/dive-kas-$outcome.json|data.dive.kas.decision|$work/peer-kas-$outcome.json|data.dive.authz.decision")
done

allowed() { # bundle, input, query -> true|false
  "$opa" eval -b "$1" -i "$2" "$3.allow" -f raw
}
for scenario in "${scenarios[@]}"; do
  IFS='|' read -r name ours_in ours_q peer_in peer_q <<<"$scenario"
  a="$(allowed "$bundle" "$ours_in" "$ours_q")"
  b="$(allowed "$peer" "$peer_in" "$peer_q")"
  [[ "$a" == "$b" && "$name" == *"-$( [[ $a == true ]] && echo allow || echo deny)" ]] || {
    echo "error: $name: DIVE decides allow=$a, the pilot allow=$b; the scenarios are not equivalent" >&2
    exit 1
  }
  echo "$name: both decide allow=$a"
done

bench() { # bundle, input, query -> "mean_us p99_us"
  "$opa" bench -b "$1" -i "$2" "$3" --format json |
    jq -r '.Extra | "\(.["histogram_timer_rego_query_eval_ns_mean"] / 1000) \(.["histogram_timer_rego_query_eval_ns_99%"] / 1000)"'
}
results="$work/results"
scenarios+=("authz-allow-groups|$here/policies/bench/bench-authz.json|data.dive.authz.decision||")
for ((round = 1; round <= rounds; round++)); do
  for scenario in "${scenarios[@]}"; do
    IFS='|' read -r name ours_in ours_q peer_in peer_q <<<"$scenario"
    if [[ -z "$peer_in" ]]; then
      read -r om op <<<"$(bench "$bundle" "$ours_in" "$ours_q")"
      printf '%s dive %s %s\n' "$name" "$om" "$op" >>"$results"
      printf 'round %d %-20s dive mean %7.1f µs p99 %7.1f µs\n' "$round" "$name" "$om" "$op"
      continue
    fi
    # Alternate which side goes first, so that drift of the machine hits both alike.
    if ((round % 2)); then
      read -r om op <<<"$(bench "$bundle" "$ours_in" "$ours_q")"
      read -r pm pp <<<"$(bench "$peer" "$peer_in" "$peer_q")"
    else
      read -r pm pp <<<"$(bench "$peer" "$peer_in" "$peer_q")"
      read -r om op <<<"$(bench "$bundle" "$ours_in" "$ours_q")"
    fi
    printf '%s dive %s %s\n%s peer %s %s\n' "$name" "$om" "$op" "$name" "$pm" "$pp" >>"$results"
    printf 'round %d %-20s dive mean %7.1f µs p99 %7.1f µs | pilot mean %7.1f µs p99 %7.1f µs | ratio %.2f\n' \
      "$round" "$name" "$om" "$op" "$pm" "$pp" "$(jq -n "$om / $pm")"
  done
done

echo
echo "mean over $rounds rounds (opa bench, $("$opa" version | sed -n 's/^Version: //p'), GOGC=$GOGC):"
awk '
  { n[$1 " " $2]++; m[$1 " " $2] += $3; p[$1 " " $2] += $4; names[$1] = 1 }
  END {
    for (s in names) {
      d = s " dive"; q = s " peer"
      if (n[q]) printf "%-20s dive mean %7.1f µs p99 %7.1f µs | pilot mean %7.1f µs p99 %7.1f µs | dive/pilot mean %.2f\n", s, m[d]/n[d], p[d]/n[d], m[q]/n[q], p[q]/n[q], (m[d]/n[d])/(m[q]/n[q])
      else printf "%-20s dive mean %7.1f µs p99 %7.1f µs\n", s, m[d]/n[d], p[d]/n[d]
    }
  }' "$results" | sort

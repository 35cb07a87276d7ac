#!/usr/bin/env bash
# Checks fhls's own ap_types headers (templates/hls/ap_types) with g++:
#  1. the 7,680 reference conversions computed with Xilinx's headers
#     (shared/ap_fixed_vectors; override with AP_FIXED_VECTORS=dir), once with
#     the single-limb fast path and once with the generic multi-limb path;
#  2. arith_test.cpp (hand-derived arithmetic checks) in C++14 and C++17.
# Exits non-zero on any mismatch, compiler warning or failed check.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
inc="$root/templates/hls/ap_types"
CXX="${CXX:-g++}"

vec="${AP_FIXED_VECTORS:-}"
if [[ -z "$vec" ]]; then
  for d in "$root/test/unit/ir/fixed/ap_fixed_vectors" "$root/../shared/ap_fixed_vectors"; do
    if [[ -f "$d/from_double.csv" ]]; then vec="$d"; break; fi
  done
fi
if [[ -z "$vec" || ! -f "$vec/from_double.csv" || ! -f "$vec/fixed_to_fixed.csv" ]]; then
  echo "ap_types: reference vectors not found (set AP_FIXED_VECTORS)" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/fhls-ap-types.XXXXXX")"
trap 'rm -rf "$work"' EXIT

parts=2
node "$here/gen.mjs" "$vec" "$work" "$parts"

flags=(-std=c++14 -O1 -Wall -Wextra -Werror -I "$inc")
start=$SECONDS
status=0
total_pass=0
total_fail=0

tally() {  # parse "N passed, M failed" from the last line of a log
  local line
  line="$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 || true)"
  if [[ -n "$line" ]]; then
    total_pass=$((total_pass + $(sed -E 's/.* ([0-9]+) passed.*/\1/; s/^([0-9]+) passed.*/\1/' <<<"$line")))
    total_fail=$((total_fail + $(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$line")))
  fi
}

"$CXX" "${flags[@]}" -c "$work/oracle_main.cpp" -o "$work/oracle_main.o"
for variant in fast generic; do
  extra=()
  [[ "$variant" == generic ]] && extra=(-DFHLS_AP_NO_FAST_PATH)
  objs=("$work/oracle_main.o")
  for ((p = 0; p < parts; p++)); do
    "$CXX" "${flags[@]}" "${extra[@]}" -c "$work/oracle_$p.cpp" -o "$work/oracle_${p}_$variant.o"
    objs+=("$work/oracle_${p}_$variant.o")
  done
  "$CXX" "${objs[@]}" -o "$work/oracle_$variant"
  echo "== reference vectors ($variant path)"
  if ! "$work/oracle_$variant" | tee "$work/oracle_$variant.log"; then status=1; fi
  tally "$work/oracle_$variant.log"
done

for std in c++14 c++17; do
  "$CXX" -std=$std -O1 -Wall -Wextra -Werror -I "$inc" "$here/arith_test.cpp" -o "$work/arith_$std"
  echo "== arith_test ($std)"
  if ! "$work/arith_$std" | tee "$work/arith_$std.log"; then status=1; fi
  tally "$work/arith_$std.log"
done

echo "== ap_types total: $total_pass passed, $total_fail failed (compile + run $((SECONDS - start)) s)"
if [[ $total_fail -ne 0 ]]; then status=1; fi
exit $status

#!/usr/bin/env bash
# test/tools/vitis/xilinx-headers.sh -- does the C++ that fhls generates compile against Xilinx's
# own ap_types headers, and give bit-identical results to the C simulation with fhls's headers?
#
#   XILINX_AP_INCLUDE=/tools/Xilinx/Vitis_HLS/2023.2/include test/tools/vitis/xilinx-headers.sh [MODEL.onnx ...]
#
# XILINX_AP_INCLUDE is a folder holding Xilinx's ap_int.h, ap_fixed.h (with ap_common.h,
# ap_decl.h, ap_*_base.h, ap_*_ref.h, ap_*_special.h, etc/ap_private.h) and hls_stream.h: the
# include/ folder of a Vitis HLS or Vivado HLS install, or of a clone of Xilinx's
# HLS_arbitrary_Precision_Types repository. Nothing is downloaded: without XILINX_AP_INCLUDE the
# script says so and exits 0 (skipped).
#
# For every model (default: examples/*.onnx), io type (io_parallel, io_stream) and config
#   default  the model as it is
#   da       Model: Strategy distributed_arithmetic
#   rf2      Model: ReuseFactor 2, Strategy Resource
#   narrow   Model: Precision fixed<8,3,RND,SAT>
# it runs `fhls convert --backend vitis` (random test-bench samples), `fhls csim` (fhls's own
# headers: -O2 -std=c++14 -Ifirmware/ap_types -DFHLS_OWN_AP_TYPES), then compiles the same test
# bench and top function with Xilinx's headers instead (-O2 -std=c++14 -I$XILINX_AP_INCLUDE, no
# firmware/ap_types, no FHLS_OWN_AP_TYPES) and runs it on tb_data. A combination passes when
# that build compiled, did not pick up any of fhls's ap_types, its test bench found 0 mismatches
# against the emulator (tb_data/tb_output_predictions.dat), and its tb_data/csim_results.log is
# byte-identical to the outputs of `fhls csim`.
#
# Environment:
#   XILINX_AP_INCLUDE        Xilinx's include folder (required, else skip)
#   XILINX_AP_EXTRA_INCLUDE  more include folders searched after it, colon-separated (e.g. one
#                            with an hls_stream.h when the Xilinx folder has none)
#   CXX                      C++ compiler (default g++)
#   FHLS_XH_SAMPLES          random test-bench samples per project (default 1000)
#   FHLS_XH_IO               io types to try (default "io_parallel io_stream")
#   FHLS_XH_CONFIGS          configs to try (default "default da rf2 narrow")
#   FHLS_XH_KEEP             keep the generated projects in this folder (default: a temp folder,
#                            removed at the end)
# The copy of HLS_arbitrary_Precision_Types on GitHub names the type `half` in ap_int_ref.h and
# ap_fixed_ref.h without declaring it (a Vitis install declares it in hls_half.h); when a probe
# compile fails on that, the script force-includes a minimal `half` of its own and says so.
#
# Exit status: 0 all combinations pass (or skipped), 1 a combination failed, 2 bad setup.
# The last line reads "xilinx-headers: N passed, M failed".
set -uo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
CXX="${CXX:-g++}"

if [[ -z "${XILINX_AP_INCLUDE:-}" ]]; then
  echo "xilinx-headers: skipped: set XILINX_AP_INCLUDE to a folder with Xilinx's ap_fixed.h, ap_int.h and hls_stream.h (e.g. \$XILINX_HLS/include)"
  exit 0
fi
xinc="$(cd "$XILINX_AP_INCLUDE" 2>/dev/null && pwd)" || { echo "xilinx-headers: no folder '$XILINX_AP_INCLUDE'" >&2; exit 2; }
for h in ap_fixed.h ap_int.h; do
  [[ -f "$xinc/$h" ]] || { echo "xilinx-headers: '$xinc' has no $h" >&2; exit 2; }
done
if [[ -f "$xinc/fhls_ap_common.h" ]]; then
  echo "xilinx-headers: '$xinc' holds fhls's own ap_types, not Xilinx's" >&2
  exit 2
fi
command -v "$CXX" >/dev/null || { echo "xilinx-headers: no C++ compiler '$CXX' (Debian: apt-get install g++)" >&2; exit 2; }

xflags=(-O2 -std=c++14 -I "$xinc")
IFS=':' read -r -a extra <<<"${XILINX_AP_EXTRA_INCLUDE:-}"
for d in "${extra[@]}"; do [[ -n "$d" ]] && xflags+=(-I "$(cd "$d" && pwd)"); done

if [[ ! -f "$root/dist/cli/main.js" ]]; then
  echo "xilinx-headers: building fhls (npx tsc -p tsconfig.json)"
  (cd "$root" && npx --no-install tsc -p tsconfig.json) || { echo "xilinx-headers: build failed" >&2; exit 2; }
fi
fhls=(node "$root/bin/fhls.js")

if [[ -n "${FHLS_XH_KEEP:-}" ]]; then
  work="$FHLS_XH_KEEP"
  mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/fhls-xilinx-headers.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi

# Probe: do the headers compile on their own? (see the note on `half` above)
cat >"$work/probe.cpp" <<'EOF'
#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"
int main() {
  hls::stream<ap_fixed<16, 6> > s;
  s.write(ap_fixed<16, 6>(1.25));
  ap_fixed<8, 3, AP_RND, AP_SAT> y = s.read() * ap_int<4>(-3);
  return y == ap_fixed<8, 3>(-3.75) ? 0 : 1;
}
EOF
if ! "$CXX" "${xflags[@]}" "$work/probe.cpp" -o "$work/probe" 2>"$work/probe.log"; then
  if grep -qE "half.{0,3} (has not been declared|was not declared|does not name a type)" "$work/probe.log"; then
    cat >"$work/xilinx_half.h" <<'EOF'
// fhls test stand-in: a minimal `half` for Xilinx headers that name it without hls_half.h.
// No converting constructors, so it never takes part in overload resolution.
class half {
 public:
  half() {}
  operator float() const { return 0.0f; }
};
EOF
    xflags+=(-include "$work/xilinx_half.h")
    echo "xilinx-headers: note: these headers use 'half' without declaring it; force-including a minimal one"
    if ! "$CXX" "${xflags[@]}" "$work/probe.cpp" -o "$work/probe" 2>"$work/probe.log"; then
      echo "xilinx-headers: the headers in '$xinc' do not compile a minimal program:" >&2
      head -n 20 "$work/probe.log" >&2
      exit 2
    fi
  else
    echo "xilinx-headers: the headers in '$xinc' do not compile a minimal program:" >&2
    head -n 20 "$work/probe.log" >&2
    exit 2
  fi
fi
"$work/probe" || { echo "xilinx-headers: the probe program computed a wrong value with '$xinc'" >&2; exit 2; }

printf 'Model:\n  Strategy: distributed_arithmetic\n' >"$work/da.yml"
printf 'Model:\n  ReuseFactor: 2\n  Strategy: Resource\n' >"$work/rf2.yml"
printf 'Model:\n  Precision: fixed<8,3,RND,SAT>\n' >"$work/narrow.yml"

models=("$@")
if [[ ${#models[@]} -eq 0 ]]; then models=("$root"/examples/*.onnx); fi
samples="${FHLS_XH_SAMPLES:-1000}"
ios=(${FHLS_XH_IO:-io_parallel io_stream})
configs=(${FHLS_XH_CONFIGS:-default da rf2 narrow})

passed=0
failed=0
failures=()
start=$SECONDS
for model in "${models[@]}"; do
  name="$(basename "$model" .onnx)"
  for io in "${ios[@]}"; do
    for cfg in "${configs[@]}"; do
      tag="$name/$io/$cfg"
      dir="$work/${name}_${io}_${cfg}"
      cfgargs=()
      [[ "$cfg" != default ]] && cfgargs=(--config "$work/$cfg.yml")
      t0=$SECONDS
      fail() {
        echo "FAIL $tag: $1"
        failed=$((failed + 1))
        failures+=("$tag: $1")
      }
      if ! "${fhls[@]}" convert "$model" --backend vitis -o "$dir" --io-type "$io" "${cfgargs[@]}" \
        --tb-samples "$samples" --force >"$work/convert.log" 2>&1; then
        fail "fhls convert failed: $(grep -m1 -i error "$work/convert.log")"
        continue
      fi
      if ! "${fhls[@]}" csim "$dir" --output "$work/own.csv" >"$work/own.log" 2>&1; then
        fail "fhls csim (own headers) failed: $(grep -m1 -iE 'error|differ' "$work/own.log")"
        continue
      fi
      project="$(ls "$dir" | sed -n 's/_test\.cpp$//p' | head -n 1)"
      rm -f "$dir/tb_data/csim_results.log"
      if ! (cd "$dir" && "$CXX" "${xflags[@]}" -MD -MF "$work/xilinx.d" "${project}_test.cpp" \
        "firmware/${project}.cpp" -o "$work/csim_xilinx") >"$work/xilinx_compile.log" 2>&1; then
        fail "does not compile with Xilinx's headers: $(grep -m1 'error' "$work/xilinx_compile.log")"
        sed -n '1,30p' "$work/xilinx_compile.log" | sed 's/^/    /'
        continue
      fi
      if grep -q 'ap_types/' "$work/xilinx.d" || grep -q 'FHLS_OWN_AP_TYPES' "$work/xilinx.d"; then
        fail "the Xilinx build included fhls's own ap_types"
        continue
      fi
      (cd "$dir" && "$work/csim_xilinx") >"$work/xilinx_run.log" 2>&1
      status=$?
      if [[ $status -ne 0 ]]; then
        fail "test bench with Xilinx's headers: exit $status: $(grep -m1 -E 'mismatch|error|differ' "$work/xilinx_run.log")"
        continue
      fi
      if ! grep -q ' 0 of [0-9]* values differ' "$work/xilinx_run.log"; then
        fail "test bench with Xilinx's headers: $(tail -n 1 "$work/xilinx_run.log")"
        continue
      fi
      if ! tail -n +2 "$work/own.csv" | cmp -s - "$dir/tb_data/csim_results.log"; then
        fail "outputs differ between fhls's and Xilinx's headers"
        continue
      fi
      echo "ok   $tag ($(wc -l <"$dir/tb_data/csim_results.log") samples, $((SECONDS - t0)) s)"
      passed=$((passed + 1))
      [[ -z "${FHLS_XH_KEEP:-}" ]] && rm -rf "$dir"
    done
  done
done

if [[ $failed -gt 0 ]]; then
  echo "failures:"
  for f in "${failures[@]}"; do echo "  $f"; done
fi
echo "xilinx-headers: $passed passed, $failed failed ($((SECONDS - start)) s, headers: $xinc)"
[[ $failed -eq 0 ]]

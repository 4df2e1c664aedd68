#!/usr/bin/env bash
# Fuzzes the platform and scenario loaders with libFuzzer (clang, ASan, UBSan).
#   bash tools/fuzz.sh [SECONDS]   builds build-fuzz/ and runs each target SECONDS (default 60)
#   bash tools/fuzz.sh merge       merges what the runs found into tests/fuzz/corpus/ (minimized)
# Targets (tests/fuzz/): loaders_fuzz reads each input as a platform or a scenario, as
# `validate` does before SimGrid; platform_run_fuzz validates and runs a small scenario on
# each mutated platform, in child processes. Seeds: tests/fuzz/corpus/<target>/ (committed),
# tests/bad-input/, platforms/, scenarios/. New inputs go to build-fuzz/corpus/<target>/.
# A finding (crash, hang, leak, an error without a location, a platform validate accepts and
# run fails on) is saved in build-fuzz/findings/ and the script exits 1.
# Environment: FUZZ_JOBS (parallel workers per target, default 1), BUILD_DIR (build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build-fuzz}"
action="${1:-60}"

if ! command -v clang++-14 >/dev/null || [[ ! -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev >/dev/null
fi
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 -DNIMBUS_FUZZ=ON \
      -DNIMBUS_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target loaders_fuzz platform_run_fuzz

declare -A seeds=([loaders_fuzz]="tests/bad-input platforms scenarios" [platform_run_fuzz]="tests/bad-input platforms")
declare -A timeout=([loaders_fuzz]=60 [platform_run_fuzz]=150)
mkdir -p "$build_dir/findings"
# SimGrid and yaml-cpp keep caches for the life of the process: not leaks of nimbus.
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

if [[ $action == merge ]]; then
  for target in loaders_fuzz platform_run_fuzz; do
    mkdir -p "tests/fuzz/corpus/$target"
    "$build_dir/fuzz/$target" -merge=1 -rss_limit_mb=2048 -timeout="${timeout[$target]}" \
        "tests/fuzz/corpus/$target" "$build_dir/corpus/$target" 2>&1 | tail -2
  done
  exit 0
fi

# Several workers write fuzz-<n>.log files in the current folder: run them in the build's.
parallel=()
if (( ${FUZZ_JOBS:-1} > 1 )); then parallel=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi
status=0
for target in loaders_fuzz platform_run_fuzz; do
  mkdir -p "$build_dir/corpus/$target" "tests/fuzz/corpus/$target"
  # shellcheck disable=SC2086  # the seeds are several folders
  if ! "$build_dir/fuzz/$target" "$build_dir/corpus/$target" "tests/fuzz/corpus/$target" ${seeds[$target]} \
        -max_total_time="$action" -timeout="${timeout[$target]}" -rss_limit_mb=2048 -max_len=8192 \
        "${parallel[@]}" -print_final_stats=1 \
        -artifact_prefix="$build_dir/findings/$target-" >"$build_dir/$target.log" 2>&1; then
    status=1
    echo "fuzz: $target found a problem; see $build_dir/$target.log and $build_dir/findings/" >&2
    grep -E "finding:|ERROR:|SUMMARY:" "$build_dir/$target.log" | head -5 >&2 || true
  fi
  runs=$(grep -E "stat::number_of_executed_units" "$build_dir/$target.log" | awk '{s += $2} END {print s + 0}')
  echo "fuzz: $target ran ${action} s, $runs inputs"
done
exit $status

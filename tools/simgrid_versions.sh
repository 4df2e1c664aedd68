#!/usr/bin/env bash
# Builds and tests nimbus against every SimGrid release archive in ../shared/simgrid/ (3.36,
# 4.0, 4.1: see its README) and checks that the ready scenarios give byte-identical outputs
# to the reference build (Debian's SimGrid 3.32, built by `bash tools/setup.sh`).
#
#   bash tools/simgrid_versions.sh [ARCHIVE_DIR]
#
# For each simgrid-<version>.tar.xz: unpacks it into build-sg-<version>/simgrid-<version>/,
# builds nimbus in build-sg-<version>/ against it (pkg-config, with an rpath to its library),
# fails on any compiler warning, runs the whole ctest suite, runs every scenarios/*.yaml (and
# quickstart on a platform with failures and on the fat-tree) and compares jobs.csv,
# tasks.csv, hosts.csv, ranks.csv, timeline.json and summary.json (less its "version" and
# "wall_clock_s" lines) with the reference's: byte-identical, or equal to a relative 1e-12
# where a SimGrid release rounds differently in its last bits (tools/same_numbers.py); and
# `describe --json` of every platform, byte-identical.
# Without the archive folder it says the check was skipped and succeeds.
# Environment: BUILD_DIR, the reference build (default build); JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

archives="${1:-../shared/simgrid}"
reference="${BUILD_DIR:-build}"
jobs="${JOBS:-$(nproc)}"

shopt -s nullglob
tarballs=("$archives"/simgrid-*.tar.xz)
if ((${#tarballs[@]} == 0)); then
  echo "simgrid-versions: skipped, no SimGrid archives in $archives (only the system SimGrid was tested)"
  exit 0
fi
if [[ ! -x "$reference/nimbus" ]]; then
  echo "simgrid-versions: no reference build $reference/nimbus; run 'bash tools/setup.sh build' first" >&2
  exit 2
fi

# The runs compared: every ready scenario, and quickstart on two more platforms, one where
# hosts fail (failure handling is where SimGrid releases differ most) and the fat-tree.
# One run a line: name, scenario, overrides.
runs() {
  local scenario
  for scenario in scenarios/*.yaml; do
    [[ $(basename "$scenario") == sweep-* ]] && continue  # sweep files, not scenarios
    # From 3.36 SimGrid fails a transfer that arrived but was not waited for yet when its
    # sender's host fails (3.32 keeps it): a logged rank then reads that message again from
    # the log, so the numbers differ (docs/faults.md). The suite checks it on each release.
    [[ $(basename "$scenario") == message-logging.yaml ]] && continue
    echo "$(basename "$scenario" .yaml) $scenario"
  done
  echo "quickstart-on-flaky scenarios/quickstart.yaml --set platform=../platforms/flaky.yaml" \
       "--set workload[0].arrival.poisson=0.2/s --set workload[0].flops.exponential=400Gf"
  echo "quickstart-on-fat-tree scenarios/quickstart.yaml --set platform=../platforms/fat-tree.yaml"
}

# Does every run (with its timeline) and describes every ready platform with the nimbus in
# $1/, into $1/version-check/.
run_outputs() {
  local build="$1" out="$1/version-check" run platform
  rm -rf "$out"
  mkdir -p "$out"
  while read -r -a run; do
    if ! "$build/nimbus" run "${run[@]:1}" --set output.timeline=true --out "$out/${run[0]}" -q \
           2>"$out/${run[0]}.err"; then
      echo "  ${run[0]}: did not run ($(head -c 300 "$out/${run[0]}.err"))"
      rm -rf "${out:?}/${run[0]}"
    fi
  done < <(runs)
  for platform in platforms/*.yaml; do
    "$build/nimbus" describe --json "$platform" >"$out/describe-$(basename "$platform" .yaml).json"
  done
}

# Whether files $1 and $2 (named $3) hold the same result: byte-identical, or numbers equal
# to a relative 1e-12. SimGrid releases may round one computation differently in its last
# bits (the end of a network transfer, an energy integral): that is said, not failed.
same_file() {
  local verdict
  cmp -s "$1" "$2" && return 0
  if verdict="$(/usr/bin/python3 tools/same_numbers.py "$1" "$2" --rel 1e-12)"; then
    echo "  $3: not byte-identical, numbers $verdict"
    return 0
  fi
  echo "  $3 differs: $verdict"
  diff "$1" "$2" | head -n 12 || true
  return 1
}

# Compares $2's outputs with the reference's $1; prints each difference, returns 1 if any.
compare_outputs() {
  local ref="$1/version-check" got="$2/version-check" status=0 dir name file
  for dir in "$ref"/*/; do
    name="$(basename "$dir")"
    if [[ ! -d "$got/$name" ]]; then
      echo "  $name: no outputs"
      status=1
      continue
    fi
    for file in jobs.csv tasks.csv hosts.csv timeline.json summary.json ranks.csv; do
      [[ -f "$ref/$name/$file" || -f "$got/$name/$file" ]] || continue
      # The SimGrid version, the wall clock and the command line (another build's folders)
      # differ by nature.
      grep -Ev '^ +"(version|wall_clock_s|simgrid|command_line)": ' "$ref/$name/$file" >"$TMPDIR_VERSIONS/ref" || true
      grep -Ev '^ +"(version|wall_clock_s|simgrid|command_line)": ' "$got/$name/$file" >"$TMPDIR_VERSIONS/got" || true
      if ! same_file "$TMPDIR_VERSIONS/ref" "$TMPDIR_VERSIONS/got" "$name/$file"; then
        status=1
      fi
    done
  done
  for file in "$ref"/describe-*.json; do
    cmp -s "$file" "$got/$(basename "$file")" || { echo "  $(basename "$file") differs"; status=1; }
  done
  return "$status"
}

TMPDIR_VERSIONS="$(mktemp -d)"
trap 'rm -rf "$TMPDIR_VERSIONS"' EXIT
echo "simgrid-versions: reference $("$reference/nimbus" --version)"
run_outputs "$reference"
echo "simgrid-versions: $(find "$reference/version-check" -mindepth 1 -maxdepth 1 -type d | wc -l) runs and" \
     "$(find "$reference/version-check" -name 'describe-*.json' | wc -l) platforms to compare"

failed=()
for tarball in "${tarballs[@]}"; do
  version="$(basename "$tarball" .tar.xz)"
  version="${version#simgrid-}"
  build="build-sg-$version"
  prefix="$PWD/$build/simgrid-$version"
  started=$SECONDS
  echo "== SimGrid $version ($tarball)"
  mkdir -p "$build"
  rm -rf "$prefix"
  tar xJf "$tarball" -C "$build"
  if [[ ! -f "$prefix/lib/pkgconfig/simgrid.pc" ]]; then
    echo "  $tarball does not unpack to simgrid-$version/ with lib/pkgconfig/simgrid.pc"
    failed+=("$version")
    continue
  fi

  # pkg-config gives the full path of libsimgrid.so: CMake links it with an rpath in the
  # build tree, so the binaries load this SimGrid, never Debian's.
  if ! PKG_CONFIG_PATH="$prefix/lib/pkgconfig" cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release \
         >"$build/configure.log" 2>&1 ||
     ! cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1; then
    grep -E -A8 'error|Error' "$build/configure.log" "$build/build.log" | head -n 60 || true
    echo "  build failed (logs in $build/)"
    failed+=("$version")
    continue
  fi
  if grep -q 'warning:' "$build/build.log"; then
    grep -A6 'warning:' "$build/build.log" | head -n 60
    echo "  $(grep -c 'warning:' "$build/build.log") compiler warnings (log in $build/build.log)"
    failed+=("$version")
  fi
  echo "  built: $("$build/nimbus" --version) in $((SECONDS - started)) s"

  if ctest --test-dir "$build" --output-on-failure -j "$jobs" >"$build/ctest.log" 2>&1; then
    tail -n 3 "$build/ctest.log" | grep -v "^$" | sed "s/^/  /"
  else
    grep -Ev '^ *(Start|[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed)' "$build/ctest.log" | tail -n 80 | sed 's/^/  /'
    failed+=("$version")
  fi

  run_outputs "$build"
  if compare_outputs "$reference" "$build"; then
    echo "  outputs the same as the reference's"
  else
    failed+=("$version")
  fi
  echo "  SimGrid $version done in $((SECONDS - started)) s"
done

if ((${#failed[@]})); then
  echo "simgrid-versions: FAILED on SimGrid $(printf '%s\n' "${failed[@]}" | sort -u | tr '\n' ' ')"
  exit 1
fi
echo "simgrid-versions: every test passed and outputs are identical on SimGrid ${tarballs[*]##*/simgrid-}" |
  sed 's/\.tar\.xz//g'

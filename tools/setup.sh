#!/usr/bin/env bash
# Sets nimbus up on Debian 12 or 13 or Ubuntu 24.04 (installs what is missing, builds) and then:
#   bash tools/setup.sh run    runs the quickstart scenario end to end
#   bash tools/setup.sh test   runs the whole test suite
#   bash tools/setup.sh build  only builds
# Environment: BUILD_DIR (default build), NIMBUS_SANITIZE=ON for ASan+UBSan (+float-cast-overflow) builds.
# SimGrid is the distribution's libsimgrid-dev, whatever its release (3.32 to 4.1 work), or
# any other found first through PKG_CONFIG_PATH (use a BUILD_DIR of its own).
set -euo pipefail
cd "$(dirname "$0")/.."

action="${1:-run}"
build_dir="${BUILD_DIR:-build}"
packages=(cmake g++ make pkg-config python3 python3-matplotlib
          libsimgrid-dev libyaml-cpp-dev libspdlog-dev libfmt-dev doctest-dev libcli11-dev nlohmann-json3-dev zlib1g-dev libsqlite3-dev libssl-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DNIMBUS_SANITIZE="${NIMBUS_SANITIZE:-OFF}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"

case "$action" in
  run) "$build_dir/nimbus" run scenarios/quickstart.yaml ;;
  test) ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" ;;
  build) ;;
  *) echo "usage: bash tools/setup.sh [run|test|build]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# One command from a fresh Debian machine: installs the build and test dependencies,
# builds auditsim, and replays a shipped recording through a shipped policy.
#   ./setup.sh              install, build, run the default replay
#   ./setup.sh --deps-only  install only
set -euo pipefail
cd "$(dirname "$0")"

packages=(build-essential meson ninja-build pkg-config libyaml-dev libjansson-dev
          libcunit1-dev zlib1g-dev valgrind jq time clang libclang-rt-14-dev
          scdoc groff-base chromium zsh libxml2-utils python3-distributed)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ "${1:-}" = --deps-only ] && exit 0

[ -f build/build.ninja ] || meson setup build -Dwerror=true >/dev/null
meson compile -C build >/dev/null
echo "auditsim built: build/src/auditsim"
echo "replaying fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl through policies/gke.yaml:"
echo
build/src/auditsim replay --summary policies/gke.yaml fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl

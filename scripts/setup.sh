#!/usr/bin/env bash
# Installs what the tests need on Debian/Ubuntu: Chromium (its SwiftShader runs WebGPU on the CPU
# for the browser tests), Firefox ESR (a second browser, without WebGPU on Linux), numpy for the
# Python export's check, Mesa's EGL (Dawn's OpenGL ES path over llvmpipe for the GPU tests), then
# the exact npm dependencies. System packages are skipped when already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(chromium firefox-esr python3-numpy libegl1 libegl-mesa0 libgl1-mesa-dri libegl-dev fonts-dejavu-core)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
npm ci --no-audit --no-fund

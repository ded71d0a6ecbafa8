#!/usr/bin/env bash
# Installs what the real test environment needs on a fresh Debian machine, then builds (or reuses from the
# cache) the Go-built components. Idempotent: a second run installs and builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

# buildah, podman, runc and mmdebstrap build and run the image in test/image (no Docker engine here).
debian_packages=(docker-registry apache2-utils openssl buildah podman runc mmdebstrap)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash test/env/build-tools.sh all

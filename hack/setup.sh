#!/usr/bin/env bash
# Installs what a fresh machine of this kind lacks, then builds. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and tests need: libcurl (HTTP to the API server), libyaml (manifests),
# openssl (tests generate TLS certificates).
packages=(libcurl4-openssl-dev libyaml-dev pkg-config openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "hack/setup.sh: missing Debian packages (${missing[*]}); run as root to install them" >&2
    exit 1
  fi
  echo "hack/setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

swift build --build-tests

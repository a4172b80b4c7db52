#!/usr/bin/env bash
# One-time set-up of a Debian machine for JWT Studio development:
#   1. the Debian packages the editor host, the e2e journeys and the interop
#      tests need (installed when run as root, else the exact command is printed);
#   2. the project's npm dependencies;
#   3. the two editors the real-editor tests run on (code-server, newest and
#      oldest, with the Node the newest needs) under .vscode-host/.
# Safe to run again: each step is skipped quickly when already done.
# Works unattended (CI=true, no stdin).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  libkrb5-dev libxkbfile-dev libsecret-1-dev ripgrep chromium # editor host + browser
  python3-jwt python3-cryptography                            # interop tests (PyJWT)
  golang-go golang-github-golang-jwt-jwt-dev ruby ruby-jwt php-cli # jwt-studio code: the generated Go and Ruby run, PHP is linted
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" </dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  echo "setup: Debian packages present"
fi

# npm ci wipes node_modules, so skip it when the tree already matches the lockfile.
stamp=node_modules/.jwt-studio-setup
if [[ -f package-lock.json ]]; then
  wanted="$(sha256sum package.json package-lock.json | sha256sum | cut -d' ' -f1)"
  if [[ -f $stamp && "$(cat "$stamp")" == "$wanted" ]]; then
    echo "setup: node_modules matches package-lock.json"
  else
    echo "setup: npm ci"
    npm ci --no-audit --no-fund </dev/null
    echo "$wanted" >"$stamp"
  fi
else
  echo "setup: npm install (no package-lock.json)"
  npm install --no-audit --no-fund </dev/null
fi

node scripts/editor-host.mjs install
echo "setup: done. Try: npm start"

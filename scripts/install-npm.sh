#!/bin/sh
# Install the pinned npm packages of the interop tests (tests/interop/) from
# package-lock.json, once: a stamp records which lock file the installed
# node_modules came from. Needs Node.js >= 20 and npm.
#
# Why not `npm ci`: npm 11 refuses this lock file because the platform
# binaries that cbor-x optionally uses (@cbor-extract/*) are not recorded in
# it, although nothing needs them (cbor-x falls back to JavaScript).
# `npm install --no-save` installs exactly the locked tree and never rewrites
# the lock; the check below proves every installed version equals the lock.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir="$top/tests/interop"
[ -f "$dir/package-lock.json" ] || exit 0

if ! command -v npm >/dev/null 2>&1; then
    echo "install-npm: npm not found; installing Debian's npm" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get install -y --no-install-recommends npm || {
        $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends npm; }
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
    echo "install-npm: Node.js >= 20 is required by the interop peers (found $(node --version 2>/dev/null || echo none))" >&2
    exit 1
fi

stamp="$dir/node_modules/.libwallet-lock.sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi
echo "install-npm: installing the locked packages in tests/interop" >&2
(cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error)
(cd "$dir" && node -e '
const lock = require("./package-lock.json");
let bad = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path) continue;
  let installed = null;
  try { installed = require("./" + path + "/package.json").version; } catch (e) {}
  if (installed === null ? !entry.optional : installed !== entry.version) {
    console.error("install-npm: " + path + " is " + installed + ", lock says " + entry.version);
    bad++;
  }
}
process.exit(bad ? 1 : 0);')
echo "$want" > "$stamp"

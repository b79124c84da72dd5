#!/usr/bin/env bash
# Installs Node 22 and the MCP peers that need it (the official conformance suite, the Inspector
# 2.x) into .tools/node22 (project-local, idempotent), without touching the machine's own Node.
# Route: the npm package `node` carries the official Node binary as an npm package; the versions
# are pinned by scripts/node22/package.json and its lockfile. Prints the Node version.
#
# Usage: scripts/install-node22.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source="$root/scripts/node22"
home="$root/.tools/node22"

log() { echo "install-node22: $*" >&2; }

mkdir -p "$home"
if ! cmp -s "$source/package-lock.json" "$home/package-lock.json" \
  || [ ! -x "$home/node_modules/.bin/node" ]; then
  log "npm ci in $home (node, @modelcontextprotocol/conformance, @modelcontextprotocol/inspector)"
  cp "$source/package.json" "$source/package-lock.json" "$home/"
  (cd "$home" && npm ci --no-audit --no-fund --loglevel=error)
fi
"$home/node_modules/.bin/node" --version

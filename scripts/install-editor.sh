#!/usr/bin/env bash
# Installs the editor the end-to-end tier (test/e2e/run.mjs) runs in: code-server 4.100.3 and Debian's Chromium.
# Idempotent: each step is skipped when its result is already there. Works offline except for the npm registry
# and Debian's packages (see shared/reference/editor-testing.md for why each step is needed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
editor_dir="$repo/test/e2e/code-server"
code_server_bin="$editor_dir/node_modules/.bin/code-server"
vscode_modules="$editor_dir/node_modules/code-server/lib/vscode/node_modules"

# What a complete install has: the pinned version, and what its postinstall builds or fetches (npm skips install
# scripts silently when they are not allowed, see allowScripts in test/e2e/code-server/package.json).
installed() {
  grep -q '"version": "4.100.3"' "$editor_dir/node_modules/code-server/package.json" 2>/dev/null &&
    [[ -x "$vscode_modules/@vscode/ripgrep/bin/rg" && -e "$vscode_modules/node-pty/build/Release/pty.node" ]]
}

# 1. Debian packages: the browser, ripgrep (stands in for @vscode/ripgrep's download), and what kerberos needs to build.
missing=()
for pkg in chromium ripgrep libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "install-editor: apt-get install ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if installed; then
  echo "install-editor: code-server 4.100.3 already installed in $editor_dir"
  exit 0
fi

# 2. A private TMPDIR/XDG for the install so nothing lands in the home folder, and the ripgrep cache
#    @vscode/ripgrep's postinstall looks in before it would try (and fail) to download from GitHub.
work="$(mktemp -d "${TMPDIR:-/tmp}/install-editor.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work/tmp" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
mkdir -p "$TMPDIR" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
rg_cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache/pack"
cp /usr/bin/rg "$rg_cache/pack/rg"
tar -czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rg_cache/pack" rg

# 3. code-server from its own lockfile. As root its postinstall refuses without unsafe_perm; node-pty's
#    postinstall runs `npx node-gyp`, which must not stop to ask.
export npm_config_unsafe_perm=true npm_config_yes=true
echo "install-editor: npm ci in $editor_dir (about 90 s)"
npm ci --prefix "$editor_dir" --no-audit --no-fund

installed || { echo "install-editor: code-server's postinstall did not complete (no ripgrep or node-pty in $vscode_modules)" >&2; exit 1; }
"$code_server_bin" --version
echo "install-editor: done"

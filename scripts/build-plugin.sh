#!/usr/bin/env bash
# `npm run build:plugin`: an installable zip of the IGNY8 Bridge plugin with the built UI, in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build -w wp-plugin-ui >/dev/null
version=$(sed -n 's/^ \* Version: *//p' bridge-php/igny8-bridge.php)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/igny8-bridge" dist
# What WordPress runs, and nothing that is only for developing it.
cp -R bridge-php/igny8-bridge.php bridge-php/uninstall.php bridge-php/readme.txt bridge-php/src bridge-php/languages bridge-php/build "$stage/igny8-bridge/"
zip="dist/igny8-bridge-$version.zip"
rm -f "$zip"
(cd "$stage" && python3 -m zipfile -c "$OLDPWD/$zip" igny8-bridge)
echo "$zip ($(du -h "$zip" | cut -f1))"

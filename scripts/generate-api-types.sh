#!/usr/bin/env bash
# The UI's API types from the core's OpenAPI document (one source of truth): wp-plugin-ui/src/api/schema.d.ts.
# With --check, fails when the committed file is not what the core's routes generate.
set -euo pipefail
cd "$(dirname "$0")/.."

document=$(mktemp --suffix=.json)
generated=$(mktemp --suffix=.d.ts)
trap 'rm -f "$document" "$generated"' EXIT
npm run build -w saas-core >/dev/null
node saas-core/dist/cli.js openapi >"$document"
npx openapi-typescript "$document" -o "$generated" >/dev/null 2>&1
if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$generated" wp-plugin-ui/src/api/schema.d.ts; then
    echo "wp-plugin-ui/src/api/schema.d.ts is out of date: run npm run generate:api -w wp-plugin-ui" >&2
    exit 1
  fi
  echo "API types match the core's OpenAPI document"
else
  cp "$generated" wp-plugin-ui/src/api/schema.d.ts
  echo "wrote wp-plugin-ui/src/api/schema.d.ts"
fi

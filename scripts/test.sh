#!/usr/bin/env bash
# Every test, from a fresh machine: installs and starts what it needs, then runs lint, types,
# the jest suites on MariaDB + Redis (a fresh database per run), and the migrations + auth flow on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  [ "$apt_updated" = 1 ] || { as_root apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

log "services: MariaDB and Redis on 127.0.0.1"
if ! command -v mariadbd >/dev/null && ! command -v mysqld >/dev/null; then apt_install mariadb-server mariadb-client; fi
if ! command -v redis-server >/dev/null; then apt_install redis-server; fi
if ! mysqladmin ping -h 127.0.0.1 -u root --silent 2>/dev/null; then
  as_root mkdir -p /run/mysqld && as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  as_root start-stop-daemon --start --oknodo --background --exec "$(command -v mariadbd || command -v mysqld)"
  for _ in $(seq 1 60); do mysqladmin ping -h 127.0.0.1 -u root --silent 2>/dev/null && break; sleep 1; done
fi
mysqladmin ping -h 127.0.0.1 -u root --silent
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -h 127.0.0.1 ping

log "tools: docker-compose (validates docker-compose.yml without an engine)"
if ! command -v docker-compose >/dev/null; then apt_install docker-compose || echo "docker-compose could not be installed"; fi

log "npm packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

log "WordPress 6.1 from Debian, PHP and PHPUnit: the block markup is checked by WordPress's own parser"
bash scripts/wordpress/install-packages.sh

log "lint, format, types, build"
npx eslint . --max-warnings 0
npx prettier --check .
npm run typecheck -w saas-core
npm run build -w saas-core
bash scripts/generate-api-types.sh --check
npm run typecheck -w wp-plugin-ui
npm run build -w wp-plugin-ui
echo "editor bundle: $(gzip -9 -c bridge-php/build/editor.js | wc -c) bytes gzipped"

log "wp-plugin-ui: jest for its stores, helpers and components"
(cd wp-plugin-ui && npx wp-scripts test-unit-js --config jest.config.js --ci)

log "bridge-php: PHPUnit for its logic, PHP_CodeSniffer under its ruleset"
phpunit -c bridge-php/phpunit.xml.dist
phpcs --standard=bridge-php/phpcs.xml bridge-php

log "jest on MariaDB + Redis (with a real WordPress and the plugin for the bridge tests)"
(cd saas-core && npx jest --ci)

log "jest on SQLite with the in-process job runner: migrations, the auth flow, the planner, credits and the AI engine"
# One SQLite file is one writer at a time, as in the embedded product: run in one process.
(cd saas-core && IGNY8_TEST_DB=sqlite npx jest --ci --runInBand src/auth src/platform/tenancy src/planner/planner.test.ts src/planner/seed.test.ts src/credits src/ai/settings.test.ts src/ai/prompts.test.ts src/ai/engine.test.ts src/ai/regenerate-section.test.ts src/ai/concurrent-runs.test.ts src/platform/db/group-commit.test.ts src/platform/db/insert-returning-ids.test.ts src/dashboard src/cli.test.ts)

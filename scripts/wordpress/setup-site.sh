#!/usr/bin/env bash
# Sets up a real WordPress site (Debian's package) for tests: MariaDB database + user, the Debian config file for
# the HTTP host, and the WordPress install itself. Idempotent; reused by the end-to-end tests.
#
#   scripts/wordpress/setup-site.sh <host:port> <db_name>
#
# Environment (defaults in brackets): WP_TITLE [IGNY8 Test Site], WP_ADMIN_USER [admin], WP_ADMIN_PASSWORD [admin-password],
# WP_ADMIN_EMAIL [admin@example.com], WP_DB_USER [<db_name>, max 32 chars], WP_DB_PASSWORD [pw_<db_name>],
# MYSQL_HOST [127.0.0.1], MYSQL_PORT [3306], MYSQL_ROOT_USER [root], MYSQL_ROOT_PASSWORD [empty],
# WP_EXTRA_CONFIG [empty]: PHP lines appended to the site's config (e.g. "define('X', 1);").
#
# Debian's wp-config.php strips the port from HTTP_HOST before it looks up /etc/wordpress/config-<host>.php, so
# every port of 127.0.0.1 would share config-127.0.0.1.php. That file is therefore written as a small dispatcher
# that loads /etc/wordpress/igny8-sites/<host>-<port>.php, the real per-site config.
set -euo pipefail

if [ $# -ne 2 ] || [[ "$1" != *:* ]]; then
  echo "usage: $0 <host:port> <db_name>" >&2
  exit 2
fi
site="$1"
db="$2"
host="${site%%:*}"
port="${site##*:}"
if ! [[ "$host" =~ ^[A-Za-z0-9.-]+$ && "$port" =~ ^[0-9]+$ && "$db" =~ ^[A-Za-z0-9_]+$ ]]; then
  echo "setup-site: bad host:port '$site' or database name '$db'" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

db_user="${WP_DB_USER:-${db:0:32}}"
db_password="${WP_DB_PASSWORD:-pw_${db}}"
mysql_host="${MYSQL_HOST:-127.0.0.1}"
mysql_port="${MYSQL_PORT:-3306}"
mysql_root=(mysql -h "$mysql_host" -P "$mysql_port" -u "${MYSQL_ROOT_USER:-root}")
[ -n "${MYSQL_ROOT_PASSWORD:-}" ] && mysql_root+=("-p${MYSQL_ROOT_PASSWORD}")

# 1. Database and user. MariaDB authenticates 127.0.0.1 connections as user@localhost: create both.
sql="CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
for h in localhost 127.0.0.1; do
  sql+="CREATE USER IF NOT EXISTS '${db_user}'@'${h}' IDENTIFIED BY '${db_password}';"
  sql+="ALTER USER '${db_user}'@'${h}' IDENTIFIED BY '${db_password}';"
  sql+="GRANT ALL PRIVILEGES ON \`${db}\`.* TO '${db_user}'@'${h}';"
done
"${mysql_root[@]}" -e "$sql"

# 2. Config files.
conf_dir=/etc/wordpress
site_dir="$conf_dir/igny8-sites"
dispatcher="$conf_dir/config-$(printf '%s' "$host" | tr 'A-Z' 'a-z').php"
site_conf="$site_dir/${host}-${port}.php"
as_root mkdir -p "$site_dir"
if [ -f "$dispatcher" ] && ! grep -q 'igny8-sites' "$dispatcher"; then
  echo "setup-site: $dispatcher exists and was not written by this script; not touching it" >&2
  exit 1
fi
as_root tee "$dispatcher" >/dev/null <<PHP
<?php
// Written by IGNY8 scripts/wordpress/setup-site.sh. Debian drops the port when choosing this file,
// so pick the per-port site config from the HTTP host.
\$igny8_port = parse_url('http://' . (\$_SERVER['HTTP_HOST'] ?? ''), PHP_URL_PORT) ?: 80;
\$igny8_site = '$site_dir/$host-' . (int) \$igny8_port . '.php';
if (!is_file(\$igny8_site)) {
    header('HTTP/1.0 404 Not Found');
    echo "No WordPress site is set up for port \$igny8_port: run scripts/wordpress/setup-site.sh.\n";
    exit(1);
}
require \$igny8_site;
PHP

# Keys and salts stay the same across runs (logins survive); the rest is rewritten each time.
salts=""
if [ -f "$site_conf" ]; then salts="$(grep -E "^define\('(AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(KEY|SALT)'" "$site_conf" || true)"; fi
if [ "$(printf '%s\n' "$salts" | grep -c define || true)" != 8 ]; then
  salts=""
  for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
    salts+="define('$k', '$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')');"$'\n'
  done
fi
debug_log="${WP_DEBUG_LOG_FILE:-/tmp/igny8-wp-${host}-${port}-debug.log}"
as_root tee "$site_conf" >/dev/null <<PHP
<?php
// Written by IGNY8 scripts/wordpress/setup-site.sh for http://$site (database $db).
define('DB_NAME', '$db');
define('DB_USER', '$db_user');
define('DB_PASSWORD', '$db_password');
define('DB_HOST', '$mysql_host:$mysql_port');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$salts
\$table_prefix = 'wp_';
define('WP_HOME', 'http://$site');
define('WP_SITEURL', 'http://$site');
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', '$debug_log');
${WP_EXTRA_CONFIG:-}
PHP

# 3. Install WordPress (skipped when already installed).
php "$here/install-site.php" "$site"

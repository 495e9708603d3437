#!/usr/bin/env bash
# Installs the Debian packages for the real-WordPress tests: WordPress 6.1 (Debian's package), PHP CLI with the
# extensions it needs, PHPUnit, PHP_CodeSniffer and Chromium. Idempotent: does nothing when all are present.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if command -v php >/dev/null && command -v phpunit >/dev/null && command -v phpcs >/dev/null && [ -d /usr/share/wordpress ] && [ -x /usr/bin/chromium ]; then
  echo "wordpress packages: already installed"
  exit 0
fi

as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq \
  wordpress php-cli php-mysql php-curl php-xml php-mbstring phpunit php-codesniffer chromium >/dev/null
echo "wordpress packages: installed ($(php -r 'echo PHP_VERSION;'), $(grep -o "'[0-9.]*'" /usr/share/wordpress/wp-includes/version.php | head -1))"

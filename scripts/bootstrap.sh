#!/usr/bin/env bash
# Installs what the project needs and is missing, on Debian/Ubuntu. Idempotent and quiet
# when everything is there. Usage: scripts/bootstrap.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"
cache="${KRETSLOPP_CACHE:-$HOME/.cache/kretslopp}"

# Building the app (Tauri on WebKitGTK) and the keyring client.
packages=(build-essential pkg-config curl libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev xdg-utils desktop-file-utils
  gnome-keyring dbus-x11 xvfb xauth)
# End-to-end tests: WebKit's WebDriver, screenshots of the X display, PostgreSQL, and
# Chromium with its WebDriver for the invite link's web page.
if [ "$purpose" = test ]; then
  packages+=(webkit2gtk-driver imagemagick postgresql python3-venv chromium chromium-driver)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

# UI packages, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> Installing UI packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# Independent references the tests check our output against, pinned, in a virtualenv of
# their own: two strict iCalendar parsers and the Schemathesis API fuzzer.
if [ "$purpose" = test ] && [ ! -f "$cache/pyenv/.ready-2" ]; then
  echo "==> Installing the Python test references (iCalendar parsers, Schemathesis)"
  rm -rf "$cache/pyenv"
  python3 -m venv "$cache/pyenv"
  "$cache/pyenv/bin/pip" install --quiet --disable-pip-version-check \
    ical==14.3.1 ics==0.7.3 schemathesis==4.32.5
  touch "$cache/pyenv/.ready-2"
fi

# tauri-driver bridges WebDriver to WebKitWebDriver for the end-to-end tests.
if [ "$purpose" = test ] && [ ! -x "$cache/tools/bin/tauri-driver" ]; then
  echo "==> Building tauri-driver"
  cargo install tauri-driver@2.1.0 --locked --quiet --root "$cache/tools"
fi

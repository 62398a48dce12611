#!/usr/bin/env bash
# Builds and starts the demo: the API on SQLite with the BankID simulator, and the app.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${KRETSLOPP_CACHE:-$HOME/.cache/kretslopp}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
api_addr="${KRETSLOPP_LISTEN:-127.0.0.1:8080}"
sim_addr="${KRETSLOPP_SIMULATOR_LISTEN:-127.0.0.1:8081}"

echo "==> Building the UI"
(cd ui && npm run --silent build >/dev/null)
echo "==> Building the server and the app (the first build takes several minutes)"
cargo build --quiet -p kretslopp-server -p kretslopp-app

mkdir -p .data
KRETSLOPP_LISTEN="$api_addr" KRETSLOPP_SIMULATOR_LISTEN="$sim_addr" KRETSLOPP_DATA_DIR=.data/server \
  KRETSLOPP_SEED_DEMO=1 \
  "$CARGO_TARGET_DIR/debug/kretslopp-server" >.data/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://$api_addr/v1/health" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat .data/server.log; exit 1; }
  sleep 0.1
done

cat <<MSG

  Kretslopp demo is running.
  - API:                 http://$api_addr/v1/openapi.json
  - BankID (simulator):  http://$sim_addr/   <- open this to act as the BankID app
  - E-mail (mailbox):    .data/server/mailbox/*.eml
  - Test persons (pick one on the simulator page):
      Anna Andersson   holder of her household (2 addresses)
      Erik Lindqvist   delegate in Anna's household; administrator of Norrbageriet AB
      Sara Nilsson     user at Norrbageriet AB
      Karin Berg       household holder, first login (confirms contact details)
      Johan Ek         new company user: link old customer number 52001 + digits 4561
                       (Grönt Kontor AB) or 30117 + 8899 (Norrbageriet AB, needs approval)
  Log in: the app shows a QR code; on the simulator page pick a person and press
  "Läs av QR-koden som visas i appen", then "Legitimera". Server log: .data/server.log

MSG

export KRETSLOPP_API_URL="http://$api_addr/" KRETSLOPP_BANKID_DEMO_PAGE="http://$sim_addr/"
export KRETSLOPP_DATA_DIR="${KRETSLOPP_APP_DATA_DIR:-$PWD/.data/app}"
app=("$CARGO_TARGET_DIR/debug/kretslopp-app")
# A desktop session has a keyring; a bare machine gets a throwaway one.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  app=(scripts/with-keyring.sh "${app[@]}")
fi
# Without a display (a server, CI) the app still runs, in a virtual one.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "  (No display found: the app runs in a virtual X display.)"
  app=(xvfb-run -a -s "-screen 0 1040x760x24" "${app[@]}")
fi
"${app[@]}"

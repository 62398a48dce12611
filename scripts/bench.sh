#!/usr/bin/env bash
# The performance benchmarks of docs/performance.md, in the `perf` profile (release without
# LTO): sync and the offline calendar, statistics, logins at scale, then cold start and
# idle memory of the real app against a bare Tauri window, under Xvfb and a throwaway
# keyring; last the release binaries and .deb bundles of both.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kretslopp/target}"
export CARGO_INCREMENTAL=0

echo "==> Building the UI and the benchmarks (perf profile)"
(cd ui && npm run --silent build >/dev/null)
cargo build --quiet --profile perf -p kretslopp-bench -p kretslopp-app -p kretslopp-bare-window -p kretslopp-server -p kretslopp-bankid
bin="$CARGO_TARGET_DIR/perf"

echo "==> Sync, the offline calendar and statistics (5,000 addresses × 5 services), SQLite"
"$bin/kretslopp-bench"

echo "==> Statistics on PostgreSQL"
scripts/with-postgres.sh "$bin/kretslopp-bench" statistics

echo "==> 5,000 logins polled every second for 60 s: the real server and BankID simulator processes, SQLite, then PostgreSQL"
"$bin/kretslopp-bench" logins 5000 60
scripts/with-postgres.sh "$bin/kretslopp-bench" logins 5000 60

echo "==> Cold start and idle memory: the app offline vs a bare Tauri window"
xvfb-run -a -s "-screen 0 1040x760x24" scripts/with-keyring.sh \
  "$bin/startup" "$bin/kretslopp-app" "$bin/kretslopp-bare-window" "${BENCH_RUNS:-21}"

echo "==> Release binaries and installed bundles (.deb): the app and the bare window (tauri build: LTO, slow)"
tauri="$PWD/ui/node_modules/.bin/tauri"
release="$CARGO_TARGET_DIR/release"
log="$CARGO_TARGET_DIR/tauri-build.log"
build() { "$tauri" build --ci --bundles deb "$@" >"$log" 2>&1 || { tail -40 "$log"; exit 1; }; }
rm -rf "$release/bundle/deb"
(cd src-tauri && build)
app_deb=$(ls "$release"/bundle/deb/*.deb)
(cd bench/bare-window && build --config '{"bundle":{"active":true}}')
bare_deb=$(ls "$release"/bundle/deb/*.deb | grep -vxF "$app_deb")
report() { # name, binary, .deb
  printf '%s: release binary %s bytes; .deb %s bytes, installed %s KiB\n' "$1" \
    "$(stat -c %s "$2")" "$(stat -c %s "$3")" "$(dpkg-deb -f "$3" Installed-Size)"
}
report "app" "$release/kretslopp-app" "$app_deb"
report "bare window" "$release/kretslopp-bare-window" "$bare_deb"

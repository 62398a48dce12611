#!/usr/bin/env bash
# The performance benchmarks of docs/performance.md, in the `perf` profile (release without
# LTO): sync and the offline calendar, then cold start and idle memory of the real app
# against a bare Tauri window, under Xvfb and a throwaway keyring.
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

#!/usr/bin/env bash
# Runs every check and test: formatting, lints, generated-file drift, Rust unit and
# integration tests (real SQLite and PostgreSQL, real server, simulator, real SMTP, real keyring), UI component tests,
# and end-to-end journeys in the real app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${KRETSLOPP_CACHE:-$HOME/.cache/kretslopp}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
export PATH="$cache/tools/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# CI builds once per clone: incremental caches would only cost time and disk there.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
step() { printf '\n==> %s\n' "$*"; }

step "Formatting and lints"
cargo fmt --all --check
(cd ui && npm run --silent lint && npm run --silent check)

step "UI component tests"
(cd ui && npx vitest run)

step "Building the UI and every Rust target"
(cd ui && npm run --silent build >/dev/null)
# One build of all targets; the nextest runs below select with filtersets instead of -p or
# --exclude, which would change the feature set and rebuild shared crates.
cargo build --workspace --all-targets --quiet
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust tests (drift checks included)"
scripts/with-keyring.sh cargo nextest run --workspace -E "not package(kretslopp-e2e)" --no-fail-fast

step "Server tests again on PostgreSQL (a throwaway cluster on a loopback port)"
scripts/with-postgres.sh cargo nextest run --workspace -E "package(kretslopp-server)" --no-fail-fast

step "End-to-end journeys in the real app at the desktop size (screenshots: artifacts/screenshots/)"
export KRETSLOPP_APP_BIN="$CARGO_TARGET_DIR/debug/kretslopp-app"
xvfb-run -a -s "-screen 0 1040x760x24" scripts/with-keyring.sh \
  cargo nextest run --workspace -E "package(kretslopp-e2e)" --test-threads 1 --no-fail-fast

step "The same journeys at phone size, 360 × 640 (screenshots: artifacts/screenshots/phone/)"
KRETSLOPP_E2E_VIEWPORT=phone xvfb-run -a -s "-screen 0 360x640x24" scripts/with-keyring.sh \
  cargo nextest run --workspace -E "package(kretslopp-e2e)" --test-threads 1 --no-fail-fast

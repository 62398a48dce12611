# The two commands of the quick start, plus helpers. Logic lives in scripts/.
.PHONY: run test generate bench

## Install what is missing, build, start the API + BankID simulator, open the app.
run:
	scripts/bootstrap.sh run
	scripts/run-demo.sh

## Every test: lints, unit, integration, UI and end-to-end.
test:
	scripts/bootstrap.sh test
	scripts/test.sh

## Rewrite generated files (TS bindings, RFA catalogue, docs/openapi.json) from Rust.
generate:
	cd ui && npm run --silent build >/dev/null
	KRETSLOPP_UPDATE_GENERATED=1 cargo test --quiet -p kretslopp-app -p kretslopp-server -- bindings openapi

## Performance benchmarks: sync, the offline calendar, cold start and memory (docs/performance.md).
bench:
	scripts/bootstrap.sh test
	scripts/bench.sh

//! Property-based fuzzing of every operation in the OpenAPI document with Schemathesis, a
//! schema fuzzer nobody here wrote (pinned in the test virtualenv that
//! `scripts/bootstrap.sh test` makes). Valid and invalid input, anonymous and logged in,
//! two concurrent workers, against the real server: no 5xx, no dropped connection, and
//! every answer's status, content type, headers and body as the document says.
//!
//! The seed is fixed so CI is repeatable; `KRETSLOPP_FUZZ_SEED` and
//! `KRETSLOPP_FUZZ_EXAMPLES` explore further (a failure prints the seed and a replay).

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;

fn schemathesis() -> PathBuf {
    let cache = std::env::var("KRETSLOPP_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/kretslopp"));
    let bin = cache.join("pyenv/bin/schemathesis");
    assert!(
        bin.exists(),
        "{} is missing: run scripts/bootstrap.sh test (make test does)",
        bin.display()
    );
    bin
}

/// Runs Schemathesis over the whole document; panics with its report on any failure.
fn fuzz(s: &TestServer, extra: &[String], config: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::env::var("KRETSLOPP_FUZZ_SEED").unwrap_or_else(|_| "20261201".into());
    let examples = std::env::var("KRETSLOPP_FUZZ_EXAMPLES").unwrap_or_else(|_| "40".into());
    let mut cmd = Command::new(schemathesis());
    cmd.current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("SCHEMATHESIS_HOOKS", "");
    if let Some(toml) = config {
        let path = dir.path().join("schemathesis.toml");
        std::fs::write(&path, toml).unwrap();
        cmd.arg("--config-file").arg(&path);
    }
    cmd.arg("run")
        .arg(format!("{}/v1/openapi.json", s.base))
        .args(["--workers", "2"])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance",
        ])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", &examples])
        .args(["--seed", &seed])
        .args(["--generation-database", "none"])
        .args(["--request-timeout", "20"])
        .arg("--no-color")
        .args(extra);
    let out = cmd.output().unwrap();
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "Schemathesis found problems:\n{report}"
    );
    assert!(report.contains("passed"), "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_survives_generated_input_anonymous_and_logged_in() {
    let s = TestServer::start().await;
    // Logged in before the fuzzer spends this address's login budget.
    let erik = s.token(ERIK).await;
    let sara = s.token(SARA).await;
    let member = s.member_id(&sara, NORRBAGERIET).await;

    // Anonymous: everything, the session-ending operations included.
    tokio::task::block_in_place(|| fuzz(&s, &[], None));

    // Logged in as Erik (administrator of Norrbageriet, delegate in Anna's household),
    // with his real customer and a real member, so the generated input reaches the rules
    // behind the 404s. Operations that would end his own session run anonymously above.
    let config = format!(
        "[[operations]]\ninclude-path-regex = \"^/v1/customers/\"\nparameters = {{ \"path.id\" = \"{NORRBAGERIET}\", \"path.memberId\" = \"{member}\" }}\n"
    );
    let extra: Vec<String> = ["-H".to_owned(), format!("Authorization: Bearer {erik}")]
        .into_iter()
        .chain(
            ["logout", "end_all_sessions", "end_session", "delete_me"]
                .into_iter()
                .flat_map(|op| ["--exclude-operation-id".to_owned(), op.to_owned()]),
        )
        .collect();
    tokio::task::block_in_place(|| fuzz(&s, &extra, Some(&config)));
    // The server is still whole afterwards.
    assert_eq!(s.get("/v1/health", None).await.status, 200);
}

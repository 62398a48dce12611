mod common;

use common::*;
use serde_json::Value;

#[tokio::test]
async fn openapi_document_lists_exactly_the_routes_the_router_serves() {
    let s = TestServer::start().await;
    let r = s.get("/v1/openapi.json", None).await;
    assert_eq!(r.status, 200);
    let paths = r.body["paths"].as_object().unwrap();
    let mut documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), p.clone()))
        })
        .collect();
    documented.sort();
    let served = kretslopp_server::routes::list();
    assert_eq!(documented, served);
    // Every route in the list really is served (not 404 from the fallback).
    for (method, path) in &served {
        let url = format!("{}{}", s.base, path.replace("{id}", "x"));
        let req = s.http.request(method.parse().unwrap(), url);
        let r = s.send(req).await;
        assert!(
            r.body.get("code") != Some(&Value::from("not-found")),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problem_documents() {
    let s = TestServer::start().await;
    let r = s.get("/v1/nothing-here", None).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("not-found"))
    );
    assert_eq!(r.content_type, "application/problem+json");
    let r = s.send(s.http.put(format!("{}/v1/me", s.base))).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (405, Some("method-not-allowed"))
    );
}

#[test]
fn committed_openapi_document_is_current() {
    // The runtime value: a shared target directory may hold a binary built in another checkout.
    let dir =
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let path = format!("{dir}/../../docs/openapi.json");
    let current = kretslopp_server::openapi::json();
    if std::env::var_os("KRETSLOPP_UPDATE_GENERATED").is_some() {
        std::fs::write(&path, &current).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "docs/openapi.json is out of date: run `make generate`"
    );
}

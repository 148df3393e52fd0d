//! `KeyAuthLayer` under `UnkeyLayer`, against a local stand-in of Unkey's `keys.verifyKey`
//! (answering by key as the API documents: each code, rate limits, and each way it can fail),
//! called over real HTTP.
#![cfg(feature = "axum")]

mod support;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Extension;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use support::{api, stand_in, verification, ROOT_KEY};
use unkey_errors::gateway::{GatewayError, Principal};
use unkey_errors::server::axum::UnkeyLayer;
use unkey_errors::verify::KeyVerification;
use unkey_errors::ErrorCode;
use unkey_keyauth::{KeyAuth, KeyAuthLayer, UnkeyApi};

/// The service under test: `/whoami` behind `KeyAuthLayer`, `UnkeyLayer` outside; counts the
/// handler's calls.
async fn service(
    api: impl unkey_keyauth::Verifier,
    policy: KeyAuth,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let whoami = move |principal: Principal,
                       Extension(verification): Extension<KeyVerification>| {
        counted.fetch_add(1, Ordering::SeqCst);
        async move {
            format!(
                "{} {} credits={:?}",
                principal.subject(),
                principal.key().unwrap().key_id(),
                verification.credits()
            )
        }
    };
    let app = Router::new()
        .route("/whoami", get(whoami))
        .layer(KeyAuthLayer::new(api, policy))
        .layer(UnkeyLayer::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, calls)
}

struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn get_whoami(addr: SocketAddr, key: Option<&str>, accept: &str) -> Reply {
    let mut request = reqwest::Client::new()
        .get(format!("http://{addr}/whoami"))
        .header("accept", accept);
    if let Some(key) = key {
        request = request.header("authorization", format!("Bearer {key}"));
    }
    let response = request.send().await.unwrap();
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

fn gateway_error(reply: &Reply) -> GatewayError {
    GatewayError::from_slice(reply.body.as_bytes())
        .unwrap_or_else(|err| panic!("{} {:?}: {err}", reply.status, reply.body))
}

#[tokio::test]
async fn a_valid_key_reaches_the_handler_with_its_caller_and_the_rate_limit_headers() {
    let (standin, seen) = stand_in().await;
    let policy = KeyAuth::new().permissions("docs.read").credits_cost(2);
    let (addr, calls) = service(api(standin), policy).await;
    let reply = get_whoami(addr, Some("sk_valid"), "application/json").await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (200, "user_42 key_1 credits=Some(9)")
    );
    assert_eq!(reply.headers["x-ratelimit-limit"], "10");
    assert_eq!(reply.headers["x-ratelimit-remaining"], "9");
    assert_eq!(reply.headers["x-ratelimit-reset"], "4102444800");
    assert!(reply.headers.get("retry-after").is_none());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // The body the API documents, the root key as bearer (checked by the stand-in).
    assert_eq!(
        seen.bodies.lock().unwrap().as_slice(),
        [json!({"key": "sk_valid", "permissions": "docs.read", "credits": {"cost": 2}})]
    );
}

#[tokio::test]
async fn no_key_is_the_gateways_401_without_a_call_to_unkey() {
    let (standin, seen) = stand_in().await;
    let (addr, calls) = service(api(standin), KeyAuth::new()).await;
    for authorization in [None, Some("")] {
        let reply = get_whoami(addr, authorization, "application/json").await;
        assert_eq!(reply.status, 401);
        assert_eq!(
            gateway_error(&reply).code(),
            Some(ErrorCode::ClientMissingCredentials)
        );
    }
    assert!(seen.bodies.lock().unwrap().is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_denied_key_is_the_gateways_answer_as_json_or_the_page() {
    let (standin, _) = stand_in().await;
    let (addr, calls) = service(api(standin), KeyAuth::new()).await;
    for (key, status, code) in support::DENIALS {
        let reply = get_whoami(addr, Some(key), "application/json").await;
        assert_eq!(reply.status, status, "{key}");
        assert_eq!(reply.headers["content-type"], "application/json");
        let error = gateway_error(&reply);
        assert_eq!(error.code(), Some(code), "{key}");
        // The request id the layer answered with, in header and body.
        assert_eq!(reply.headers["x-request-id"], error.request_id());
        // The most restrictive limit's headers, when the verification checked one.
        let has_limits = key != "sk_unknown";
        assert_eq!(
            reply.headers.contains_key("x-ratelimit-limit"),
            has_limits,
            "{key}"
        );
    }
    let limited = get_whoami(addr, Some("sk_limited"), "application/json").await;
    assert!(
        limited.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    let page = get_whoami(addr, Some("sk_limited"), "text/html").await;
    assert_eq!(page.status, 429);
    assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
    assert!(page.body.contains("err:frontline:client:rate_limited"));
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn unkey_failing_is_the_gateways_500_never_a_pass_and_never_shows_a_key() {
    let (standin, _) = stand_in().await;
    let (addr, calls) = service(api(standin), KeyAuth::new()).await;
    for key in [
        "sk_slow",
        "sk_500",
        "sk_412",
        "sk_garbage",
        "sk_huge",
        "sk_endless",
    ] {
        let reply = get_whoami(addr, Some(key), "application/json").await;
        assert_eq!(reply.status, 500, "{key}: {}", reply.body);
        assert_eq!(
            gateway_error(&reply).code(),
            Some(ErrorCode::PlatformInternalServerError),
            "{key}"
        );
        assert!(
            !reply.body.contains(key) && !reply.body.contains(ROOT_KEY),
            "{key}"
        );
    }
    // A browser gets the gateway's page for it.
    let page = get_whoami(addr, Some("sk_500"), "text/html").await;
    assert_eq!(page.status, 500);
    assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
    assert!(page
        .body
        .contains("err:frontline:platform:internal_server_error"));
    assert!(!page.body.contains("sk_500") && !page.body.contains(ROOT_KEY));
    // A root key Unkey refuses, and Unkey unreachable.
    let wrong_root = UnkeyApi::new("unkey_wrong")
        .base_url(&format!("http://{standin}"))
        .timeout(Duration::from_millis(500));
    let (addr, _) = service(wrong_root, KeyAuth::new()).await;
    let reply = get_whoami(addr, Some("sk_valid"), "application/json").await;
    assert_eq!(reply.status, 500);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let (addr, _) = service(api(closed), KeyAuth::new()).await;
    let reply = get_whoami(addr, Some("sk_valid"), "application/json").await;
    assert_eq!(reply.status, 500);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn unkey_is_tried_again_only_as_its_sdk_would_and_within_the_timeout() {
    let (standin, seen) = stand_in().await;
    let (addr, calls) = service(api(standin), KeyAuth::new().credits_cost(3)).await;
    let count = |key: &str| {
        let bodies = seen.bodies.lock().unwrap();
        let sent: Vec<&serde_json::Value> = bodies.iter().filter(|b| b["key"] == key).collect();
        // Every attempt sends the same body.
        assert!(sent
            .iter()
            .all(|body| **body == json!({"key": key, "credits": {"cost": 3}})));
        sent.len()
    };
    // A 503 asking for a retry after 20 ms, then a verification: one request, two calls.
    let reply = get_whoami(addr, Some("sk_flaky"), "application/json").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!((count("sk_flaky"), calls.load(Ordering::SeqCst)), (2, 1));
    // A 412 is an answer, not an outage: one call.
    let reply = get_whoami(addr, Some("sk_412"), "application/json").await;
    assert_eq!((reply.status, count("sk_412")), (500, 1));
    // A 500 each time: tried again while the next try (its backoff has up to 1 s of random
    // jitter) fits in the timeout (500 ms), and answered within it (not the SDK's 10 s).
    let started = std::time::Instant::now();
    let reply = get_whoami(addr, Some("sk_500"), "application/json").await;
    assert_eq!(reply.status, 500);
    assert!(count("sk_500") >= 1);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_forged_principal_header_never_reaches_the_handler() {
    let (standin, _) = stand_in().await;
    let (addr, _) = service(api(standin), KeyAuth::new()).await;
    let forged = r#"{"version":"v1","subject":"admin","type":"API_KEY","source":{"key":{"keyId":"key_admin","keySpaceId":"ks","meta":{}}}}"#;
    let response = reqwest::Client::new()
        .get(format!("http://{addr}/whoami"))
        .header("authorization", "Bearer sk_valid")
        .header("x-unkey-principal", forged)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.text().await.unwrap(),
        "user_42 key_1 credits=Some(9)"
    );
}

#[tokio::test]
async fn one_verification_per_request_over_one_connection() {
    let (standin, seen) = stand_in().await;
    let (addr, calls) = service(api(standin), KeyAuth::new()).await;
    for _ in 0..20 {
        let reply = get_whoami(addr, Some("sk_valid"), "application/json").await;
        assert_eq!(reply.status, 200);
    }
    assert_eq!(calls.load(Ordering::SeqCst), 20);
    assert_eq!(
        seen.bodies.lock().unwrap().len(),
        20,
        "one call per request"
    );
    let connections: HashSet<SocketAddr> = seen.peers.lock().unwrap().iter().copied().collect();
    assert_eq!(
        connections.len(),
        1,
        "the pool reuses its connection: {connections:?}"
    );
}

#[tokio::test]
async fn an_in_memory_verifier_answers_as_unkey_would() {
    let valid: KeyVerification =
        serde_json::from_value(verification(true, "VALID", false)["data"].clone()).unwrap();
    let verifier = unkey_keyauth::InMemoryVerifier::new().with_key("sk_mem", valid);
    let (addr, calls) = service(verifier, KeyAuth::new()).await;
    let reply = get_whoami(addr, Some("sk_mem"), "application/json").await;
    assert_eq!(
        (
            reply.status,
            reply.headers["x-ratelimit-remaining"].to_str().unwrap()
        ),
        (200, "9")
    );
    let unknown = get_whoami(addr, Some("sk_other"), "application/json").await;
    assert_eq!(
        gateway_error(&unknown).code(),
        Some(ErrorCode::ClientInvalidKey)
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_route_asking_more_gets_its_own_policy_and_one_verification() {
    let (standin, seen) = stand_in().await;
    let layer = KeyAuthLayer::new(api(standin), KeyAuth::new());
    let admin = layer.with_policy(KeyAuth::new().permissions("admin.write"));
    let app = Router::new()
        .route("/read", get(|| async { "read" }).route_layer(layer))
        .route("/admin", get(|| async { "admin" }).route_layer(admin))
        .layer(UnkeyLayer::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    for path in ["/read", "/admin"] {
        let response = client
            .get(format!("http://{addr}{path}"))
            .header("authorization", "Bearer sk_valid")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
    assert_eq!(
        seen.bodies.lock().unwrap().as_slice(),
        [
            json!({"key": "sk_valid"}),
            json!({"key": "sk_valid", "permissions": "admin.write"})
        ]
    );
}

#[test]
fn no_debug_shows_a_key() {
    let api = UnkeyApi::new(ROOT_KEY);
    assert!(!format!("{api:?}").contains(ROOT_KEY));
    let mut headers = http::HeaderMap::new();
    headers.insert("authorization", "Bearer sk_secret_987".parse().unwrap());
    let request = KeyAuth::new().request(&headers, None).unwrap();
    assert!(!format!("{request:?}").contains("sk_secret_987"));
}

#[tokio::test]
async fn unkey_failing_is_reported_once_with_the_request_id_and_the_cause() {
    support::reports::install();
    let (standin, _) = stand_in().await;
    let (addr, _) = service(api(standin), KeyAuth::new()).await;
    for (key, cause) in [
        (
            "sk_500",
            "keys.verifyKey failed: the call failed: 500 Internal Server Error: boom",
        ),
        ("sk_slow", "keys.verifyKey did not answer within 500ms"),
        (
            "sk_garbage",
            "keys.verifyKey answered with a body that is not a verification",
        ),
    ] {
        let reply = get_whoami(addr, Some(key), "application/json").await;
        let request_id = reply.headers["x-request-id"].to_str().unwrap();
        let reports = support::reports::reports_for(request_id);
        assert_eq!(reports.len(), 1, "{key}: {reports:?}");
        let message = reports[0].message();
        assert!(message.starts_with(cause), "{key}: {message}");
        // Each cause once: a failure's text does not repeat its source.
        assert_eq!(
            message.matches("the call failed").count(),
            usize::from(key == "sk_500")
        );
        assert!(
            !message.contains(key) && !message.contains(ROOT_KEY),
            "{message}"
        );
    }
    // A denial is an answer, not a failure: nothing reported.
    let reply = get_whoami(addr, Some("sk_limited"), "application/json").await;
    let request_id = reply.headers["x-request-id"].to_str().unwrap();
    assert!(support::reports::reports_for(request_id).is_empty());
}

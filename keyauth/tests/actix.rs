//! `KeyAuthMiddleware` under `UnkeyMiddleware`, with an in-memory verifier, one that fails, and
//! `UnkeyApi` over real HTTP against the local stand-in of `keys.verifyKey` (tests/support):
//! each answer's status, body and headers, whether the handler ran, and the reports.
#![cfg(feature = "actix-web")]

mod support;

use std::collections::HashSet;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::{test, web, App};
use serde_json::json;
use support::{api, stand_in, ROOT_KEY};
use unkey_errors::gateway::{GatewayError, Principal};
use unkey_errors::server::actix::UnkeyMiddleware;
use unkey_errors::verify::KeyVerification;
use unkey_errors::ErrorCode;
use unkey_keyauth::{
    InMemoryVerifier, KeyAuth, KeyAuthMiddleware, Verifier, VerifyError, VerifyRequest,
};

fn verification(valid: bool, code: &str) -> KeyVerification {
    let body = format!(
        r#"{{"data":{{"valid":{valid},"code":"{code}","keyId":"key_1","credits":4,
            "identity":{{"id":"id_1","externalId":"user_42","meta":{{}}}},
            "ratelimits":[{{"name":"requests","limit":10,"remaining":{},"reset":4102444800000,"exceeded":{}}}]}}}}"#,
        if valid { 9 } else { 0 },
        !valid
    );
    KeyVerification::from_slice(body.as_bytes()).unwrap()
}

/// A verifier that fails as Unkey unreachable does.
struct Failing;

impl Verifier for Failing {
    fn verify(
        &self,
        _: &VerifyRequest,
    ) -> impl Future<Output = Result<KeyVerification, VerifyError>> + Send {
        std::future::ready(Err(VerifyError::Timeout(std::time::Duration::from_secs(5))))
    }
}

async fn whoami(
    principal: Principal,
    verification: web::ReqData<KeyVerification>,
    calls: web::Data<Arc<AtomicUsize>>,
) -> String {
    calls.fetch_add(1, Ordering::SeqCst);
    format!(
        "{} credits={:?}",
        principal.subject(),
        verification.credits()
    )
}

async fn call(
    verifier: impl Verifier,
    authorization: Option<&str>,
    accept: &str,
    forged: bool,
) -> (u16, actix_web::http::header::HeaderMap, String, usize) {
    call_under(verifier, KeyAuth::new(), authorization, accept, forged).await
}

/// One request to `/whoami` behind `KeyAuthMiddleware` (this verifier and policy) under
/// `UnkeyMiddleware`: its status, headers, body, and how many times the handler ran.
async fn call_under(
    verifier: impl Verifier,
    policy: KeyAuth,
    authorization: Option<&str>,
    accept: &str,
    forged: bool,
) -> (u16, actix_web::http::header::HeaderMap, String, usize) {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(Arc::clone(&calls)))
            .wrap(KeyAuthMiddleware::new(verifier, policy))
            .wrap(UnkeyMiddleware::new())
            .route("/whoami", web::get().to(whoami)),
    )
    .await;
    let mut request = test::TestRequest::get()
        .uri("/whoami")
        .insert_header(("accept", accept));
    if let Some(authorization) = authorization {
        request = request.insert_header(("authorization", authorization));
    }
    if forged {
        request = request.insert_header((
            "x-unkey-principal",
            r#"{"version":"v1","subject":"admin","type":"API_KEY","source":{"key":{"keyId":"k","keySpaceId":"s","meta":{}}}}"#,
        ));
    }
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = test::read_body(response).await;
    (
        status,
        headers,
        String::from_utf8(body.to_vec()).unwrap(),
        calls.load(Ordering::SeqCst),
    )
}

fn memory() -> InMemoryVerifier {
    InMemoryVerifier::new()
        .with_key("sk_valid", verification(true, "VALID"))
        .with_key("sk_limited", verification(false, "RATE_LIMITED"))
}

#[actix_web::test]
async fn a_valid_key_reaches_the_handler_and_a_forged_header_does_not() {
    let (status, headers, body, calls) =
        call(memory(), Some("Bearer sk_valid"), "application/json", true).await;
    assert_eq!(
        (status, body.as_str(), calls),
        (200, "user_42 credits=Some(4)", 1)
    );
    assert_eq!(headers.get("x-ratelimit-remaining").unwrap(), "9");
    assert!(headers.get("retry-after").is_none());
}

#[actix_web::test]
async fn no_key_a_denied_key_and_unkey_failing_never_reach_the_handler() {
    let (status, _, body, calls) = call(memory(), None, "application/json", false).await;
    assert_eq!((status, calls), (401, 0));
    assert_eq!(error_code(&body), Some(ErrorCode::ClientMissingCredentials));

    let (status, headers, body, calls) = call(
        memory(),
        Some("bearer sk_limited"),
        "application/json",
        false,
    )
    .await;
    assert_eq!((status, calls), (429, 0));
    let error = GatewayError::from_slice(body.as_bytes()).unwrap();
    assert_eq!(error.code(), Some(ErrorCode::ClientRateLimited));
    // The request id the middleware answered with, in header and body.
    assert_eq!(headers.get("x-request-id").unwrap(), error.request_id());
    assert!(headers.get("retry-after").is_some());
    let (status, headers, body, _) =
        call(memory(), Some("Bearer sk_limited"), "text/html", false).await;
    assert_eq!(status, 429);
    assert_eq!(
        headers.get("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(body.contains("err:frontline:client:rate_limited"));

    let (status, _, body, calls) = call(
        Failing,
        Some("Bearer sk_secret_55"),
        "application/json",
        false,
    )
    .await;
    assert_eq!((status, calls), (500, 0));
    assert_eq!(
        error_code(&body),
        Some(ErrorCode::PlatformInternalServerError)
    );
    assert!(!body.contains("sk_secret_55"));
}

fn error_code(body: &str) -> Option<ErrorCode> {
    GatewayError::from_slice(body.as_bytes())
        .unwrap_or_else(|err| panic!("{body:?}: {err}"))
        .code()
}

#[actix_web::test]
async fn against_unkeys_api_a_valid_key_reaches_the_handler_with_the_rate_limit_headers() {
    let (standin, seen) = stand_in().await;
    let policy = KeyAuth::new().permissions("docs.read").credits_cost(2);
    let (status, headers, body, calls) = call_under(
        api(standin),
        policy,
        Some("Bearer sk_valid"),
        "application/json",
        true,
    )
    .await;
    assert_eq!(
        (status, body.as_str(), calls),
        (200, "user_42 credits=Some(9)", 1)
    );
    assert_eq!(headers.get("x-ratelimit-limit").unwrap(), "10");
    assert_eq!(headers.get("x-ratelimit-remaining").unwrap(), "9");
    assert_eq!(headers.get("x-ratelimit-reset").unwrap(), "4102444800");
    assert!(headers.get("retry-after").is_none());
    assert_eq!(
        seen.bodies.lock().unwrap().as_slice(),
        [json!({"key": "sk_valid", "permissions": "docs.read", "credits": {"cost": 2}})]
    );
}

#[actix_web::test]
async fn against_unkeys_api_no_key_and_a_denied_key_never_reach_the_handler() {
    let (standin, seen) = stand_in().await;
    let (status, _, body, calls) = call(api(standin), None, "application/json", false).await;
    assert_eq!((status, calls), (401, 0));
    assert_eq!(error_code(&body), Some(ErrorCode::ClientMissingCredentials));
    assert!(
        seen.bodies.lock().unwrap().is_empty(),
        "no call without a key"
    );

    for (key, expected, code) in support::DENIALS {
        let authorization = format!("Bearer {key}");
        let (status, headers, body, calls) = call(
            api(standin),
            Some(&authorization),
            "application/json",
            false,
        )
        .await;
        assert_eq!((status, calls), (expected, 0), "{key}");
        assert_eq!(headers.get("content-type").unwrap(), "application/json");
        let error = GatewayError::from_slice(body.as_bytes()).unwrap();
        assert_eq!(error.code(), Some(code), "{key}");
        assert_eq!(headers.get("x-request-id").unwrap(), error.request_id());
        assert_eq!(
            headers.contains_key("x-ratelimit-limit"),
            key != "sk_unknown",
            "{key}"
        );
        assert_eq!(headers.contains_key("retry-after"), key == "sk_limited");
    }
    let (status, headers, body, _) =
        call(api(standin), Some("Bearer sk_noperm"), "text/html", false).await;
    assert_eq!(status, 403);
    assert_eq!(
        headers.get("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(body.contains("err:frontline:client:insufficient_permissions"));
}

#[actix_web::test]
async fn against_unkeys_api_unkey_failing_is_the_gateways_500_reported_once_never_a_pass() {
    support::reports::install();
    let (standin, _) = stand_in().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let wrong_root = || {
        unkey_keyauth::UnkeyApi::new("unkey_wrong")
            .base_url(&format!("http://{standin}"))
            .timeout(Duration::from_millis(500))
    };
    let cases = [
        (
            api(standin),
            "sk_slow",
            "keys.verifyKey did not answer within 500ms",
        ),
        (
            api(standin),
            "sk_500",
            "keys.verifyKey failed: the call failed: 500",
        ),
        (
            api(standin),
            "sk_412",
            "keys.verifyKey failed: the call failed: 412",
        ),
        (
            api(standin),
            "sk_garbage",
            "keys.verifyKey answered with a body that is not",
        ),
        (
            api(standin),
            "sk_huge",
            "keys.verifyKey answered with a body over 65536 bytes",
        ),
        (
            api(standin),
            "sk_endless",
            "keys.verifyKey answered with a body over 65536 bytes",
        ),
        (
            wrong_root(),
            "sk_valid",
            "keys.verifyKey failed: the call failed: 401",
        ),
        (
            api(closed),
            "sk_valid",
            "keys.verifyKey failed: the call to 127.0.0.1 could not connect",
        ),
    ];
    for (verifier, key, cause) in cases {
        let authorization = format!("Bearer {key}");
        let (status, headers, body, calls) =
            call(verifier, Some(&authorization), "application/json", false).await;
        assert_eq!((status, calls), (500, 0), "{key}: {body}");
        let error = GatewayError::from_slice(body.as_bytes()).unwrap();
        assert_eq!(error.code(), Some(ErrorCode::PlatformInternalServerError));
        assert_eq!(headers.get("x-request-id").unwrap(), error.request_id());
        assert!(!body.contains(key) && !body.contains(ROOT_KEY), "{key}");
        let reports = support::reports::reports_for(error.request_id());
        assert_eq!(reports.len(), 1, "{key}: {reports:?}");
        let message = reports[0].message();
        assert!(message.starts_with(cause), "{key}: {message}");
        assert!(
            !message.contains(key) && !message.contains(ROOT_KEY),
            "{message}"
        );
    }
    // A browser gets the gateway's page for it.
    let (status, headers, body, calls) =
        call(api(standin), Some("Bearer sk_500"), "text/html", false).await;
    assert_eq!((status, calls), (500, 0));
    assert_eq!(
        headers.get("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(body.contains("err:frontline:platform:internal_server_error"));
    assert!(!body.contains("sk_500") && !body.contains(ROOT_KEY));
}

#[actix_web::test]
async fn against_unkeys_api_one_verification_per_request_over_one_connection() {
    let (standin, seen) = stand_in().await;
    let api = api(standin);
    for _ in 0..20 {
        let (status, ..) = call(api.clone(), Some("Bearer sk_valid"), "*/*", false).await;
        assert_eq!(status, 200);
    }
    assert_eq!(
        seen.bodies.lock().unwrap().len(),
        20,
        "one call per request"
    );
    let connections: HashSet<SocketAddr> = seen.peers.lock().unwrap().iter().copied().collect();
    assert_eq!(connections.len(), 1, "{connections:?}");
}

#[actix_web::test]
async fn a_resource_asking_more_gets_its_own_policy_and_one_verification() {
    let (standin, seen) = stand_in().await;
    let middleware = KeyAuthMiddleware::new(api(standin), KeyAuth::new());
    let admin = middleware.with_policy(KeyAuth::new().permissions("admin.write"));
    let app = test::init_service(
        App::new()
            .service(
                web::resource("/read")
                    .wrap(middleware)
                    .to(|| async { "read" }),
            )
            .service(web::resource("/admin").wrap(admin).to(|| async { "admin" }))
            .wrap(UnkeyMiddleware::new()),
    )
    .await;
    for path in ["/read", "/admin"] {
        let request = test::TestRequest::get()
            .uri(path)
            .insert_header(("authorization", "Bearer sk_valid"))
            .to_request();
        let response = test::call_service(&app, request).await;
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

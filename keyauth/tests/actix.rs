//! `KeyAuthMiddleware` under `UnkeyMiddleware`, with an in-memory verifier and one that fails
//! as Unkey can: each answer's status, body and headers, and whether the handler ran.
#![cfg(feature = "actix-web")]

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use actix_web::{test, web, App};
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
    let calls = Arc::new(AtomicUsize::new(0));
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(Arc::clone(&calls)))
            .wrap(KeyAuthMiddleware::new(verifier, KeyAuth::new()))
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
    let error = GatewayError::from_slice(body.as_bytes()).unwrap();
    assert_eq!(error.code(), Some(ErrorCode::ClientMissingCredentials));

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
    let error = GatewayError::from_slice(body.as_bytes()).unwrap();
    assert_eq!(error.code(), Some(ErrorCode::PlatformInternalServerError));
    assert!(!body.contains("sk_secret_55"));
}

//! What the tests of both frameworks share: a local stand-in of Unkey's `keys.verifyKey`
//! (answering by key as the API documents: each code, rate limits, and each way it can fail),
//! the `UnkeyApi` pointed at it, and the reports a subscriber receives.
// Each test binary uses part of it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use unkey_errors::{ErrorCode, Problem};
use unkey_keyauth::UnkeyApi;

/// The reports `unkey-errors` makes, as a subscriber receives them: the library's own test
/// support, `reports.rs` here a symbolic link to it, which `cargo package` packages as the
/// file, so that the package's tests build from the package alone.
pub mod reports;

/// The root key the stand-in accepts; any other gets its 401.
pub const ROOT_KEY: &str = "unkey_root_secret_123";

/// What the stand-in saw: each request's body, and each connection's client address.
#[derive(Default)]
pub struct Seen {
    pub bodies: Mutex<Vec<Value>>,
    pub peers: Mutex<Vec<SocketAddr>>,
}

/// A verification as the API answers one: `key_1` of `user_42`, 9 credits, one rate limit of
/// 10 (9 left, or none when `exceeded`).
pub fn verification(valid: bool, code: &str, exceeded: bool) -> Value {
    json!({"meta": {"requestId": "req_standin"}, "data": {
        "valid": valid, "code": code, "keyId": "key_1", "credits": 9,
        "identity": {"id": "id_1", "externalId": "user_42", "meta": {"plan": "pro"}},
        "permissions": ["docs.read"], "roles": ["reader"],
        "ratelimits": [{"id": "rl_1", "name": "requests", "limit": 10,
            "remaining": if exceeded { 0 } else { 9 }, "reset": 4_102_444_800_000_u64,
            "exceeded": exceeded, "duration": 60000, "autoApply": true}],
    }})
}

fn problem(code: ErrorCode, detail: &str) -> Response {
    Problem::new(code, detail.to_owned())
        .into_http_response()
        .map(Body::from)
}

/// `POST /v2/keys.verifyKey` as the API answers it, by key.
async fn verify_key(
    State(seen): State<Arc<Seen>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap();
    seen.bodies.lock().unwrap().push(body.clone());
    seen.peers.lock().unwrap().push(peer);
    if headers["authorization"] != format!("Bearer {ROOT_KEY}") {
        return problem(
            ErrorCode::AuthenticationKeyNotFound,
            "The root key was not found",
        );
    }
    let json = |value: Value| axum::Json(value).into_response();
    let key = body["key"].as_str().unwrap();
    let calls_for_key = seen
        .bodies
        .lock()
        .unwrap()
        .iter()
        .filter(|seen| seen["key"] == key)
        .count();
    match key {
        // Unavailable once (asking for a retry after 20 ms), then a verification.
        "sk_flaky" if calls_for_key == 1 => {
            let mut response = problem(ErrorCode::ApplicationServiceUnavailable, "try again");
            response
                .headers_mut()
                .insert("retry-after-ms", axum::http::HeaderValue::from_static("20"));
            response
        }
        "sk_valid" | "sk_flaky" => json(verification(true, "VALID", false)),
        "sk_limited" => json(verification(false, "RATE_LIMITED", true)),
        "sk_noperm" => json(verification(false, "INSUFFICIENT_PERMISSIONS", false)),
        "sk_expired" => json(verification(false, "EXPIRED", false)),
        "sk_disabled" => json(verification(false, "DISABLED", false)),
        "sk_forbidden" => json(verification(false, "FORBIDDEN", false)),
        "sk_usage" => {
            let mut exhausted = verification(false, "USAGE_EXCEEDED", false);
            exhausted["data"]["credits"] = json!(0);
            json(exhausted)
        }
        // A code this version does not know: never a pass, even marked valid.
        "sk_newcode" => json(verification(true, "SOMETHING_NEW", false)),
        "sk_slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            json(verification(true, "VALID", false))
        }
        "sk_500" => problem(ErrorCode::ApplicationUnexpectedError, "boom"),
        "sk_412" => problem(
            ErrorCode::ApplicationPreconditionFailed,
            "The ratelimit 'nope' does not exist",
        ),
        "sk_garbage" => "this is not json".into_response(),
        "sk_huge" => " ".repeat(200 * 1024).into_response(),
        "sk_endless" => {
            let chunks = futures_util::stream::unfold((), |()| async {
                tokio::time::sleep(Duration::from_millis(5)).await;
                Some((Ok::<_, std::io::Error>(vec![b' '; 1024]), ()))
            });
            Body::from_stream(chunks).into_response()
        }
        _ => {
            json(json!({"meta": {"requestId": "r"}, "data": {"valid": false, "code": "NOT_FOUND"}}))
        }
    }
}

pub async fn stand_in() -> (SocketAddr, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let app = Router::new()
        .route("/v2/keys.verifyKey", post(verify_key))
        .with_state(Arc::clone(&seen));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    (addr, seen)
}

/// The keys the stand-in denies, with the gateway's status and code for each: every
/// verification code, and one this version does not know.
pub const DENIALS: [(&str, u16, ErrorCode); 8] = [
    ("sk_limited", 429, ErrorCode::ClientRateLimited),
    ("sk_noperm", 403, ErrorCode::ClientInsufficientPermissions),
    ("sk_expired", 401, ErrorCode::ClientInvalidKey),
    ("sk_disabled", 401, ErrorCode::ClientInvalidKey),
    ("sk_forbidden", 401, ErrorCode::ClientInvalidKey),
    ("sk_usage", 429, ErrorCode::ClientUsageExceeded),
    ("sk_newcode", 401, ErrorCode::ClientInvalidKey),
    ("sk_unknown", 401, ErrorCode::ClientInvalidKey),
];

/// `UnkeyApi` at the stand-in, with a short timeout (`sk_slow` answers after 3 s).
pub fn api(standin: SocketAddr) -> UnkeyApi {
    UnkeyApi::new(ROOT_KEY)
        .base_url(&format!("http://{standin}"))
        .timeout(Duration::from_millis(500))
}

//! Inputs shared by the criterion benchmarks and the callgrind driver: the problems, the floor
//! (hand-written derives that emit or read the same bytes) and the peers. A member of its own,
//! so that the library's tests and the command-line tool never build criterion or the peers.
// Benchmark inputs, not an API: no docs, must-use or panic sections owed.
#![allow(missing_docs, clippy::must_use_candidate, clippy::missing_panics_doc)]

use std::collections::HashMap;

use http::StatusCode;
use serde::{Deserialize, Serialize};
use unkey_errors::{problem::ValidationError, ErrorCode, Problem};

pub const REQUEST_ID: &str = "req_2c9a0jf23l4k567";
pub const DETAIL_403: &str = "This operation is not allowed";
pub const DETAIL_429: &str = "Too many requests for this workspace, retry after 1 second";

/// The floor for writing: a derive over borrowed strings, the same bytes as `Problem`.
#[derive(Serialize)]
pub struct FloorEnvelope<'a> {
    pub meta: FloorMeta<'a>,
    pub error: FloorError<'a>,
}

#[derive(Serialize)]
pub struct FloorMeta<'a> {
    #[serde(rename = "requestId")]
    pub request_id: &'a str,
}

#[derive(Serialize)]
pub struct FloorError<'a> {
    pub detail: &'a str,
    pub status: u16,
    pub title: &'a str,
    #[serde(rename = "type")]
    pub type_url: &'a str,
}

pub fn floor_403() -> FloorEnvelope<'static> {
    let code = ErrorCode::AuthorizationForbidden;
    FloorEnvelope {
        meta: FloorMeta {
            request_id: REQUEST_ID,
        },
        error: FloorError {
            detail: DETAIL_403,
            status: 403,
            title: code.title(),
            type_url: code.type_url(),
        },
    }
}

pub fn floor_429() -> FloorEnvelope<'static> {
    let code = ErrorCode::TooManyRequestsWorkspaceRateLimited;
    FloorEnvelope {
        meta: FloorMeta {
            request_id: REQUEST_ID,
        },
        error: FloorError {
            detail: DETAIL_429,
            status: 429,
            title: code.title(),
            type_url: code.type_url(),
        },
    }
}

/// The floor for reading: a derive into owned strings, no code lookup.
#[derive(Deserialize)]
pub struct OwnedEnvelope {
    pub meta: OwnedMeta,
    pub error: OwnedError,
}

#[derive(Deserialize)]
pub struct OwnedMeta {
    #[serde(rename = "requestId")]
    pub request_id: String,
}

#[derive(Deserialize)]
pub struct OwnedError {
    pub detail: String,
    pub status: u16,
    pub title: String,
    #[serde(rename = "type")]
    pub type_url: String,
    pub errors: Option<Vec<OwnedValidationError>>,
}

#[derive(Deserialize)]
pub struct OwnedValidationError {
    pub location: String,
    pub message: String,
    pub fix: Option<String>,
}

pub fn problem_403() -> Problem {
    Problem::new(ErrorCode::AuthorizationForbidden, DETAIL_403).with_request_id(REQUEST_ID)
}

pub fn problem_429() -> Problem {
    Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, DETAIL_429)
        .with_request_id(REQUEST_ID)
}

pub fn problem_400() -> Problem {
    Problem::new(
        ErrorCode::ApplicationInvalidInput,
        "The request contains invalid input that failed validation",
    )
    .with_request_id(REQUEST_ID)
    .with_validation_error(
        ValidationError::new("body.limit", "must be greater than or equal to 1")
            .with_fix("Provide a limit value of at least 1"),
    )
    .with_validation_error(
        ValidationError::new("body.apiId", "is required").with_fix("Pass the id of an API"),
    )
    .with_validation_error(ValidationError::new("body.meta", "must be an object"))
}

pub fn body_403() -> Vec<u8> {
    problem_403().to_json_vec()
}

pub fn body_400() -> Vec<u8> {
    problem_400().to_json_vec()
}

/// The same fields as a flat RFC 9457 problem, for the peers (which have no envelope).
pub fn flat_body(problem: &Problem) -> Vec<u8> {
    let mut value = serde_json::json!({
        "type": problem.type_url(),
        "title": problem.title(),
        "status": problem.status().as_u16(),
        "detail": problem.detail(),
        "requestId": problem.request_id(),
    });
    if let Some(errors) = problem.validation_errors() {
        value["errors"] = serde_json::to_value(errors).unwrap_or_default();
    }
    serde_json::to_vec(&value).unwrap_or_default()
}

pub fn http_api_problem_403() -> http_api_problem::HttpApiProblem {
    let code = ErrorCode::AuthorizationForbidden;
    http_api_problem::HttpApiProblem::new(StatusCode::FORBIDDEN)
        .type_url(code.type_url())
        .title(code.title())
        .detail(DETAIL_403)
        .value("requestId", &REQUEST_ID)
}

pub type Details = problem_details::ProblemDetails<HashMap<String, serde_json::Value>>;

pub fn problem_details_403() -> Details {
    let code = ErrorCode::AuthorizationForbidden;
    let mut extensions = HashMap::new();
    extensions.insert("requestId".to_owned(), serde_json::Value::from(REQUEST_ID));
    problem_details::ProblemDetails::new()
        .with_type(http::Uri::from_static(code.type_url()))
        .with_status(StatusCode::FORBIDDEN)
        .with_title(code.title())
        .with_detail(DETAIL_403)
        .with_extensions(extensions)
}

/// Every code in each of its four forms.
pub fn all_forms() -> [Vec<&'static str>; 4] {
    [
        ErrorCode::ALL.iter().map(|c| c.as_str()).collect(),
        ErrorCode::ALL.iter().map(|c| c.urn()).collect(),
        ErrorCode::ALL.iter().map(|c| c.type_url()).collect(),
        ErrorCode::ALL.iter().map(|c| c.page_url()).collect(),
    ]
}

/// The router of the layer benchmarks: one route answering 200, one answering a problem.
pub fn router() -> axum::Router {
    use axum::routing::get;
    async fn ok() -> &'static str {
        "ok"
    }
    async fn forbidden() -> Problem {
        Problem::new(ErrorCode::AuthorizationForbidden, DETAIL_403)
    }
    async fn denied() -> unkey_errors::gateway::GatewayError {
        unkey_errors::gateway::GatewayError::new(ErrorCode::ClientInvalidKey)
    }
    axum::Router::new()
        .route("/ok", get(ok))
        .route("/forbidden", get(forbidden))
        .route("/denied", get(denied))
}

/// One request through `router`, in process (`tower::ServiceExt::oneshot`), to its response;
/// the request carries an `x-request-id`, as one through a gateway does.
pub fn oneshot(router: &axum::Router, path: &'static str) -> axum::response::Response {
    use tower::ServiceExt as _;
    let request = axum::http::Request::get(path)
        .header("x-request-id", "req_fromclient")
        .body(axum::body::Body::empty())
        .unwrap_or_default();
    block_on(router.clone().oneshot(request)).unwrap_or_default()
}

/// What a browser sends as `Accept` for a page (Chromium's).
pub const BROWSER_ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

/// [`oneshot`] with an `Accept` header.
pub fn oneshot_accepting(
    router: &axum::Router,
    path: &'static str,
    accept: &'static str,
) -> axum::response::Response {
    use tower::ServiceExt as _;
    let request = axum::http::Request::get(path)
        .header("x-request-id", "req_fromclient")
        .header("accept", accept)
        .body(axum::body::Body::empty())
        .unwrap_or_default();
    block_on(router.clone().oneshot(request)).unwrap_or_default()
}

/// The jobs `UnkeyLayer` does, done by tower-http alone: a request id set and propagated, and
/// panics caught (outermost first, as `UnkeyLayer` composes them).
pub fn tower_http_alone(router: axum::Router) -> axum::Router {
    use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
    router
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(
            unkey_errors::server::axum::MakeUnkeyRequestId,
        ))
}

/// Runs a future that needs no runtime (axum's in-process calls are ready at once).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// A layer that does nothing and, like the crate's layers, holds one pointer: what axum costs
/// for any layer (it boxes a route again, and a handler route's layer closures).
#[derive(Clone, Default)]
pub struct Noop(std::sync::Arc<()>);

impl<S> tower::Layer<S> for Noop {
    type Service = NoopService<S>;
    fn layer(&self, inner: S) -> NoopService<S> {
        NoopService(inner, std::sync::Arc::clone(&self.0))
    }
}

/// The service of [`Noop`].
#[derive(Clone)]
pub struct NoopService<S>(S, #[allow(dead_code)] std::sync::Arc<()>); // held, never read: its size is the point

impl<S: tower::Service<R>, R> tower::Service<R> for NoopService<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;
    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }
    fn call(&mut self, request: R) -> S::Future {
        self.0.call(request)
    }
}

/// The key the key-auth benchmarks send, and the verification an in-memory verifier holds
/// for it: valid, with one rate limit (so that the response carries `X-RateLimit-*`).
pub const BENCH_KEY: &str = "sk_bench_1";

/// A verification of `code` with one rate limit, as `keys.verifyKey` answers it.
pub fn bench_verification(valid: bool, code: &str) -> unkey_errors::verify::KeyVerification {
    let body = format!(
        r#"{{"meta":{{"requestId":"req_1"}},"data":{{"valid":{valid},"code":"{code}","keyId":"key_1","ratelimits":[{{"id":"rl_1","name":"requests","limit":100,"remaining":99,"reset":4102444800000,"exceeded":{}}}]}}}}"#,
        !valid
    );
    unkey_errors::verify::KeyVerification::from_slice(body.as_bytes()).unwrap_or_else(|err| {
        eprintln!("the bench verification does not read: {err}");
        std::process::exit(2)
    })
}

/// `router()` behind `unkey-keyauth`'s layer with an in-memory verifier: `BENCH_KEY` valid,
/// `sk_bench_denied` rate limited.
pub fn keyauth(router: axum::Router) -> axum::Router {
    use unkey_keyauth::{InMemoryVerifier, KeyAuth, KeyAuthLayer};
    let verifier = InMemoryVerifier::new()
        .with_key(BENCH_KEY, bench_verification(true, "VALID"))
        .with_key("sk_bench_denied", bench_verification(false, "RATE_LIMITED"));
    router.layer(KeyAuthLayer::new(verifier, KeyAuth::new()))
}

/// The static version of the same work with tower-http: the bearer token compared with a fixed
/// one, and the three `X-RateLimit-*` headers set to fixed values.
pub fn keyauth_static(router: axum::Router) -> axum::Router {
    use axum::http::{HeaderName, HeaderValue};
    use tower_http::set_header::SetResponseHeaderLayer;
    use tower_http::validate_request::ValidateRequestHeaderLayer;
    #[allow(deprecated)] // `bearer` is what a static check of a token is
    let validate = ValidateRequestHeaderLayer::bearer(BENCH_KEY);
    router
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-ratelimit-limit"),
            HeaderValue::from_static("100"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-ratelimit-remaining"),
            HeaderValue::from_static("99"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-ratelimit-reset"),
            HeaderValue::from_static("4102444800"),
        ))
        .layer(validate)
}

/// One request with `authorization: Bearer {key}` through `router`, to its response.
pub fn oneshot_with_key(router: &axum::Router, key: &'static str) -> axum::response::Response {
    use tower::ServiceExt as _;
    let request = axum::http::Request::get("/ok")
        .header("authorization", format!("Bearer {key}"))
        .body(axum::body::Body::empty())
        .unwrap_or_default();
    block_on(router.clone().oneshot(request)).unwrap_or_default()
}

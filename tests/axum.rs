//! The axum integration on a real server (127.0.0.1:0) called with a real HTTP client.
#![cfg(all(feature = "axum", feature = "derive"))]

use std::net::SocketAddr;

use std::convert::Infallible;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower_http::request_id::RequestId;
mod support;

use support::{call, thousand_failing_requests, validation, CreateKey, Page};
use unkey_errors::server::axum::{Json, Path, Query, UnkeyLayer};
use unkey_errors::{ErrorCode, InternalError, Problem};

async fn create(Json(body): Json<CreateKey>) -> Result<String, Problem> {
    Ok(format!("created with limit {}", body.limit))
}

async fn key(Path(id): Path<u32>, Query(page): Query<Page>) -> String {
    format!("key {id} page {}", page.page)
}

async fn forbidden() -> Result<(), Problem> {
    Err(Problem::new(
        ErrorCode::AuthorizationForbidden,
        "This operation is not allowed",
    ))
}

async fn rate_limited() -> Problem {
    support::rate_limited()
}

async fn conflict() -> (StatusCode, &'static str) {
    (StatusCode::CONFLICT, "name already taken")
}

async fn gone() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "no such thing here")
}

async fn empty_404() -> StatusCode {
    StatusCode::NOT_FOUND
}

async fn built(Path(how): Path<String>) -> Response {
    let problem = support::built();
    match how.as_str() {
        "http" => problem.into_http_response().map(Body::from),
        "json" => (StatusCode::NOT_FOUND, axum::Json(problem)).into_response(),
        _ => (
            StatusCode::NOT_FOUND,
            [("content-type", "application/json")],
            support::pretty_body(),
        )
            .into_response(),
    }
}

async fn own_id_ok() -> impl IntoResponse {
    ([("x-request-id", "req_handler")], "ok")
}

async fn own_id() -> Problem {
    Problem::new(ErrorCode::DataKeyNotFound, "mine").with_request_id("req_mine")
}

/// axum's own `Json`, its rejection converted with `?`.
async fn axum_rejection(
    body: Result<axum::Json<CreateKey>, JsonRejection>,
) -> Result<String, Problem> {
    let axum::Json(body) = body?;
    Ok(body.name)
}

/// A service that panics in `call`, before any future exists.
#[derive(Clone)]
struct PanicInCall;

impl tower::Service<Request<Body>> for PanicInCall {
    type Response = Response;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<Body>) -> Self::Future {
        panic!("panicked while calling the service")
    }
}

async fn internal() -> Result<(), InternalError> {
    Err(std::io::Error::other(
        "connection to db.internal:5432 refused",
    ))?
}

#[allow(clippy::unused_async)]
async fn panics() -> &'static str {
    panic!("secret panic message with /etc/passwd")
}

async fn bare_500() -> (StatusCode, &'static str) {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "stack trace: at secret.rs:42",
    )
}

async fn derived(Path(case): Path<String>) -> Result<(), support::AppError> {
    Err(support::derived(&case))
}

async fn mixed(Path(step): Path<u8>) -> Result<String, InternalError<support::AppError>> {
    support::mixed(step)
}

/// What a handler sees: the crate's request id, as actix-web handlers see it; and tower-http's
/// (what its `TraceLayer` reads), the same.
async fn echo_id(
    id: unkey_errors::server::RequestId,
    Extension(tower): Extension<RequestId>,
) -> String {
    assert_eq!(tower.header_value(), id.as_str());
    id.to_string()
}

async fn axum_json(axum::Json(_): axum::Json<CreateKey>) -> &'static str {
    "ok"
}

async fn gateway(
    axum::extract::Path(case): axum::extract::Path<String>,
) -> unkey_errors::gateway::GatewayError {
    support::gateway(&case)
}

async fn whoami(principal: unkey_errors::gateway::Principal) -> String {
    format!(
        "{} {}",
        principal.subject(),
        principal.key().unwrap().key_id()
    )
}

fn app() -> Router {
    Router::new()
        .route("/v2/keys.create", post(create))
        .route("/v2/keys/{id}", get(key))
        .route("/forbidden", get(forbidden))
        .route("/rate-limited", get(rate_limited))
        .route("/internal", get(internal))
        .route("/panic", get(panics))
        .route("/bare-500", get(bare_500))
        .route("/id", get(echo_id))
        .route("/derived/{case}", get(derived))
        .route("/mixed/{step}", get(mixed))
        .route("/axum-json", post(axum_json))
        .route("/axum-rejection", post(axum_rejection))
        .route("/conflict", get(conflict))
        .route("/gone", get(gone))
        .route("/empty-404", get(empty_404))
        .route("/built/{how}", get(built))
        .route("/own-id", get(own_id))
        .route("/own-id-ok", get(own_id_ok))
        .route("/gateway/{case}", get(gateway))
        .route("/whoami", get(whoami))
        .route_service("/panic-in-call", PanicInCall)
        .fallback(unkey_errors::server::axum::not_found)
        .layer(UnkeyLayer::new())
}

async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
    addr
}

support::contract_tests!(serve().await);

#[tokio::test]
async fn the_frameworks_own_rejections_become_problems() {
    let addr = serve().await;
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");

    // axum's own extractors answer plain text; the layer turns that into problems, keeping the
    // text as the detail.
    let malformed = client
        .post(url("/axum-json"))
        .header("content-type", "application/json")
        .body("{");
    let reply = call(malformed).await;
    assert_eq!(
        (reply.status, reply.problem.code()),
        (400, Some(ErrorCode::ApplicationInvalidInput))
    );
    assert!(reply
        .problem
        .detail()
        .starts_with("Failed to parse the request body as JSON"));
    let reply = call(client.post(url("/axum-json")).body("{}")).await;
    assert_eq!(
        (reply.status, reply.problem.title()),
        (415, "Unsupported Media Type")
    );
    // A wrong method: axum answers 405, the layer makes it a problem.
    let reply = call(client.post(url("/forbidden"))).await;
    assert_eq!(
        (reply.status, reply.problem.title(), reply.problem.detail()),
        (405, "Method Not Allowed", "Method POST is not allowed")
    );

    // With From<JsonRejection>, axum's own Json names the field as this crate's does.
    let post = |body: &'static str| {
        client
            .post(url("/axum-rejection"))
            .header("content-type", "application/json")
            .body(body)
    };
    let reply = call(post(r#"{"name":"a","limit":"ten"}"#)).await;
    assert_eq!(
        validation(&reply.problem),
        (
            "body.limit".to_owned(),
            "invalid type: string \"ten\", expected u32".to_owned()
        )
    );
    let reply = call(post(r#"{"name":"a","#)).await;
    assert_eq!(
        validation(&reply.problem),
        ("body".to_owned(), "EOF while parsing a value".to_owned())
    );
    let reply = call(client.post(url("/axum-rejection")).body("{}")).await;
    assert_eq!(validation(&reply.problem).0, "header.content-type");
}

/// The layer around a service that panics in `call` (axum's router defers `call` into its
/// future; a service the layer wraps directly does not).
#[tokio::test]
async fn a_panic_while_calling_a_service_the_layer_wraps_directly_is_caught() {
    use tower::{Layer as _, ServiceExt as _};
    #[cfg(feature = "tracing")]
    support::reports::install();
    let service = UnkeyLayer::new().layer(PanicInCall);
    let request = Request::get("/")
        .header("x-request-id", "req_panicincall")
        .body(Body::empty())
        .unwrap();
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "req_panicincall");
    let response = unkey_errors::testing::collect(response).await;
    unkey_errors::assert_problem!(
        response,
        ErrorCode::ApplicationUnexpectedError,
        request_id = "req_panicincall"
    );
    #[cfg(feature = "tracing")]
    {
        let reports = support::reports_for("req_panicincall");
        assert_eq!(reports.len(), 1, "{reports:?}");
        assert_eq!(reports[0].message(), "panicked while calling the service");
    }
}

/// Two layers, one inside the other: the inner answers, the outer passes its answer on without
/// reading it again (here it would negotiate the content type the inner was told not to), and
/// the internal error is reported once, with the request id.
#[tokio::test]
async fn nested_layers_answer_once_and_report_once() {
    use tower::ServiceExt as _;
    #[cfg(feature = "tracing")]
    support::reports::install();
    let app = Router::new()
        .route("/", get(|| async { Err::<(), _>(support::derived("db")) }))
        .layer(UnkeyLayer::new().negotiate(false))
        .layer(UnkeyLayer::new());
    let request = Request::get("/")
        .header("x-request-id", "req_nested")
        .header("accept", "application/problem+json")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["x-request-id"], "req_nested");
    let response = unkey_errors::testing::collect(response).await;
    unkey_errors::assert_problem!(
        response,
        ErrorCode::ApplicationUnexpectedError,
        request_id = "req_nested"
    );
    #[cfg(feature = "tracing")]
    assert_eq!(support::reports_for("req_nested").len(), 1);
}

/// A problem made into a response on another task, instrumented the usual way: answered by the
/// layer with the request id, and reported once, in the request's span.
#[cfg(feature = "tracing")]
#[tokio::test]
async fn a_problem_converted_on_a_spawned_task_is_answered_and_reported_with_the_id() {
    use tower::ServiceExt as _;
    async fn spawned() -> Response {
        use tracing::Instrument as _;
        let task = async { support::derived("db").into_response() }.in_current_span();
        tokio::spawn(task).await.unwrap()
    }
    support::reports::install();
    let app = Router::new()
        .route("/", get(spawned))
        .layer(UnkeyLayer::new());
    let request = Request::get("/")
        .header("x-request-id", "req_spawned")
        .body(Body::empty())
        .unwrap();
    let response = unkey_errors::testing::collect(app.oneshot(request).await.unwrap()).await;
    unkey_errors::assert_problem!(
        response,
        ErrorCode::ApplicationUnexpectedError,
        request_id = "req_spawned"
    );
    let reports = support::reports_for("req_spawned");
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(
        reports[0].message(),
        "database failed: connection to db-7.internal:5432 refused"
    );
}

/// Without a layer, a problem's response is whole: its body written when sent, with the
/// length known before.
#[tokio::test]
async fn without_a_layer_a_problem_is_a_whole_response() {
    let response = support::derived("missing").into_response();
    assert_eq!(
        http_body::Body::size_hint(response.body()).exact(),
        Some(
            unkey_errors::ToProblem::to_problem(&support::derived("missing"))
                .to_json_vec()
                .len() as u64
        )
    );
    let response = unkey_errors::testing::collect(response).await;
    unkey_errors::assert_problem!(response, ErrorCode::DataKeyNotFound, status = 404);
}

#[tokio::test]
async fn a_thousand_failing_requests_at_once() {
    thousand_failing_requests(serve().await).await;
}

/// With foreign errors left alone, a body that cannot be a problem goes out untouched, however
/// long; a problem still gets its request id.
#[tokio::test]
async fn with_rewriting_off_a_long_foreign_body_is_kept_whole() {
    use tower::ServiceExt as _;
    let long = "x".repeat(100 * 1024);
    let text = long.clone();
    let app = Router::new()
        .route(
            "/long",
            get(move || async move { (StatusCode::CONFLICT, text) }),
        )
        .route("/problem", get(forbidden))
        .layer(UnkeyLayer::new().rewrite_foreign_errors(false));
    let request = |path| Request::get(path).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request("/long")).await.unwrap();
    assert_eq!(response.status(), 409);
    let body = unkey_errors::testing::collect(response)
        .await
        .unwrap()
        .into_body();
    assert_eq!(body, long.into_bytes());
    let response = app.oneshot(request("/problem")).await.unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let response = unkey_errors::testing::collect(response).await;
    unkey_errors::assert_problem!(
        response,
        ErrorCode::AuthorizationForbidden,
        request_id = id.as_str()
    );
}

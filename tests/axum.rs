//! The axum integration on a real server (127.0.0.1:0) called with a real HTTP client.
#![cfg(all(feature = "axum", feature = "derive"))]

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Router};
mod support;

use support::{call, thousand_failing_requests, CreateKey, Page};
use unkey_errors::axum::{Json, Path, Query, UnkeyLayer};
use unkey_errors::{ErrorCode, InternalError, Problem, RequestId};

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
    Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "Slow down")
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

async fn echo_id(Extension(id): Extension<RequestId>) -> String {
    id.to_string()
}

async fn axum_json(axum::Json(_): axum::Json<CreateKey>) -> &'static str {
    "ok"
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
        .fallback(unkey_errors::axum::not_found)
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

    // axum's own extractors answer plain text; the layer turns that into problems too.
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");
    let malformed = client
        .post(url("/axum-json"))
        .header("content-type", "application/json")
        .body("{");
    let reply = call(malformed).await;
    assert_eq!(
        (reply.status, reply.problem.code()),
        (400, Some(ErrorCode::ApplicationInvalidInput))
    );
    let reply = call(client.post(url("/axum-json")).body("{}")).await;
    assert_eq!(
        (reply.status, reply.problem.code()),
        (400, Some(ErrorCode::ApplicationInvalidInput))
    );
    // A wrong method: axum answers 405, the layer makes it a problem.
    let reply = call(client.post(url("/forbidden"))).await;
    assert_eq!(
        (reply.status, reply.problem.title()),
        (405, "Method Not Allowed")
    );
}

#[tokio::test]
async fn a_thousand_failing_requests_at_once() {
    thousand_failing_requests(serve().await).await;
}

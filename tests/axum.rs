//! The axum integration on a real server (127.0.0.1:0) called with a real HTTP client.
#![cfg(feature = "axum")]

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;
mod support;

use support::{call, raw_get_without_accept, thousand_failing_requests, validation};
use unkey_errors::axum::{Json, Path, Query, UnkeyLayer};
use unkey_errors::{ErrorCode, InternalError, Problem, RequestId};

#[derive(Deserialize)]
struct CreateKey {
    #[allow(dead_code)]
    name: String,
    limit: u32,
}

#[derive(Deserialize)]
struct Page {
    page: u32,
}

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

#[tokio::test]
async fn problems_rejections_panics_and_internal_errors_over_http() {
    let addr = serve().await;
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");

    // A handler's problem; without Accept (reqwest always sends one: a raw request here), the
    // content type the spec declares.
    let reply = call(client.get(url("/forbidden"))).await;
    assert_eq!(
        (reply.status, reply.problem.code()),
        (403, Some(ErrorCode::AuthorizationForbidden))
    );
    assert!(reply.request_id.starts_with("req_"));
    for (path, expected) in [
        ("/forbidden", "application/json"),
        ("/rate-limited", "application/problem+json"),
    ] {
        let head = raw_get_without_accept(addr, path).await;
        assert!(
            head.contains(&format!("content-type: {expected}\r\n")),
            "{path}: {head}"
        );
    }

    // Negotiation by Accept, as the live server does.
    for (accept, expected) in [
        ("application/problem+json", "application/problem+json"),
        ("*/*", "application/problem+json"),
        ("application/*", "application/problem+json"),
        ("application/json", "application/json"),
        ("text/html", "application/json"),
    ] {
        let reply = call(client.get(url("/forbidden")).header("accept", accept)).await;
        assert_eq!(reply.content_type, expected, "{accept}");
        let reply = call(client.get(url("/rate-limited")).header("accept", accept)).await;
        assert_eq!(reply.content_type, expected, "{accept}");
    }

    // A valid request id is echoed; an invalid one is replaced.
    let reply = call(
        client
            .get(url("/forbidden"))
            .header("x-request-id", "req_fromclient1"),
    )
    .await;
    assert_eq!(reply.request_id, "req_fromclient1");
    let reply = call(
        client
            .get(url("/forbidden"))
            .header("x-request-id", "bad id, with spaces"),
    )
    .await;
    assert!(
        reply.request_id.starts_with("req_") && reply.request_id.len() == 20,
        "{}",
        reply.request_id
    );
    let echoed = client
        .get(url("/id"))
        .header("x-request-id", "req_handler")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "req_handler");
    assert_eq!(echoed.text().await.unwrap(), "req_handler");

    // Bad JSON, a wrong field type, a missing field, a wrong content type, trailing garbage.
    let post = |body: &'static str| {
        client
            .post(url("/v2/keys.create"))
            .header("content-type", "application/json")
            .body(body)
    };
    let cases = [
        (
            r#"{"name":"a","limit":"ten"}"#,
            "body.limit",
            "invalid type: string \"ten\", expected u32 at line 1 column 25",
        ),
        (
            r#"{"name":"a"}"#,
            "body.limit",
            "missing field `limit` at line 1 column 12",
        ),
        (
            r#"{"name":"a","limit":-1}"#,
            "body.limit",
            "invalid value: integer `-1`, expected u32 at line 1 column 22",
        ),
        (
            r#"{"name":"a","#,
            "body",
            "EOF while parsing a value at line 1 column 12",
        ),
        (
            r#"{"name":"a","limit":1} x"#,
            "body",
            "trailing characters at line 1 column 24",
        ),
    ];
    for (body, location, message) in cases {
        let reply = call(post(body)).await;
        assert_eq!(
            (reply.status, reply.problem.code()),
            (400, Some(ErrorCode::ApplicationInvalidInput)),
            "{body}"
        );
        assert_eq!(
            validation(&reply.problem),
            (location.to_owned(), message.to_owned()),
            "{body}"
        );
        assert_eq!(reply.content_type, "application/json");
    }
    let reply = call(
        client
            .post(url("/v2/keys.create"))
            .body(r#"{"name":"a","limit":1}"#),
    )
    .await;
    assert_eq!(validation(&reply.problem).0, "header.content-type");
    // Validation failures stay application/json whatever Accept says.
    let reply = call(post("{}").header("accept", "application/problem+json")).await;
    assert_eq!(reply.content_type, "application/json");

    // Query and path parameters.
    let reply = call(client.get(url("/v2/keys/12?page=x"))).await;
    assert_eq!(
        validation(&reply.problem),
        (
            "query.page".to_owned(),
            "invalid digit found in string".to_owned()
        )
    );
    let reply = call(client.get(url("/v2/keys/12"))).await;
    assert_eq!(
        validation(&reply.problem),
        ("query.page".to_owned(), "missing field `page`".to_owned())
    );
    let reply = call(client.get(url("/v2/keys/abc?page=1"))).await;
    let (location, message) = validation(&reply.problem);
    assert_eq!(location, "path");
    assert!(message.contains("abc"), "{message}");
    let ok = client.get(url("/v2/keys/12?page=3")).send().await.unwrap();
    assert_eq!(ok.text().await.unwrap(), "key 12 page 3");

    // axum's own Json rejection (plain text) is rewritten.
    let reply = call(
        client
            .post(url("/axum-json"))
            .header("content-type", "application/json")
            .body("{"),
    )
    .await;
    assert_eq!(
        (reply.status, reply.problem.code()),
        (400, Some(ErrorCode::ApplicationInvalidInput))
    );
    let reply = call(client.post(url("/axum-json")).body("{}")).await;
    assert_eq!(
        (reply.status, reply.problem.code()),
        (400, Some(ErrorCode::ApplicationInvalidInput))
    );

    // Unknown route, wrong method.
    let reply = call(client.get(url("/nope"))).await;
    assert_eq!(
        (
            reply.status,
            reply.problem.type_url(),
            reply.problem.title()
        ),
        (404, "about:blank", "Not Found")
    );
    assert_eq!(reply.problem.detail(), "No route for GET /nope");
    let reply = call(client.post(url("/forbidden"))).await;
    assert_eq!(
        (reply.status, reply.problem.title()),
        (405, "Method Not Allowed")
    );

    // A panic, an internal error, a bare 500: generic, nothing internal in the body.
    for path in ["/panic", "/internal", "/bare-500"] {
        // Through `call`: the request id is in the header and in meta.requestId here too.
        let problem = call(client.get(url(path))).await.problem;
        let body = problem.to_json_string();
        for secret in ["secret", "passwd", "db.internal", "5432", "stack"] {
            assert!(!body.contains(secret), "{path}: {body}");
        }
        assert_eq!(
            (problem.status().as_u16(), problem.code()),
            (500, Some(ErrorCode::ApplicationUnexpectedError)),
            "{path}"
        );
        assert_eq!(problem.detail(), unkey_errors::INTERNAL_ERROR_DETAIL);
    }
}

#[tokio::test]
async fn a_thousand_failing_requests_at_once() {
    thousand_failing_requests(serve().await).await;
}

//! The actix-web integration on a real server (127.0.0.1:0) called with a real HTTP client.
#![cfg(feature = "actix-web")]

use std::net::SocketAddr;

use actix_web::{web, App, HttpResponse, HttpServer};
use serde::Deserialize;
mod support;

use support::{call, thousand_failing_requests, validation};
use unkey_errors::actix::{self as unkey, Json, Query, UnkeyMiddleware};
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

async fn create_with_actix_json(body: web::Json<CreateKey>) -> String {
    format!("limit {}", body.limit)
}

async fn key(path: web::Path<u32>, Query(page): Query<Page>) -> String {
    format!("key {} page {}", path.into_inner(), page.page)
}

async fn forbidden() -> Result<String, Problem> {
    Err(Problem::new(
        ErrorCode::AuthorizationForbidden,
        "This operation is not allowed",
    ))
}

async fn rate_limited() -> Problem {
    Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "Slow down")
}

async fn internal() -> Result<String, InternalError> {
    Err(std::io::Error::other(
        "connection to db.internal:5432 refused",
    ))?
}

#[allow(clippy::unused_async)]
async fn panics() -> String {
    panic!("secret panic message with /etc/passwd")
}

async fn bare_500() -> HttpResponse {
    HttpResponse::InternalServerError().body("stack trace: at secret.rs:42")
}

async fn echo_id(id: web::ReqData<RequestId>) -> String {
    id.to_string()
}

fn serve() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(|| {
                App::new()
                    .wrap(UnkeyMiddleware::new())
                    .app_data(unkey::json_config())
                    .app_data(unkey::query_config())
                    .app_data(unkey::path_config())
                    .route("/v2/keys.create", web::post().to(create))
                    .route("/actix-json", web::post().to(create_with_actix_json))
                    .route("/v2/keys/{id}", web::get().to(key))
                    .route("/forbidden", web::get().to(forbidden))
                    .route("/rate-limited", web::get().to(rate_limited))
                    .route("/internal", web::get().to(internal))
                    .route("/panic", web::get().to(panics))
                    .route("/bare-500", web::get().to(bare_500))
                    .route("/id", web::get().to(echo_id))
                    .default_service(web::to(unkey::not_found))
            })
            .workers(2)
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    addr
}

#[tokio::test]
async fn problems_rejections_panics_and_internal_errors_over_http() {
    let addr = serve();
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");

    let reply = call(client.get(url("/forbidden"))).await;
    assert_eq!(
        (reply.status, reply.problem.code()),
        (403, Some(ErrorCode::AuthorizationForbidden))
    );
    assert!(reply.request_id.starts_with("req_"));
    for (accept, expected) in [
        ("application/problem+json", "application/problem+json"),
        ("*/*", "application/problem+json"),
        ("application/json", "application/json"),
        ("text/html", "application/json"),
    ] {
        let reply = call(client.get(url("/forbidden")).header("accept", accept)).await;
        assert_eq!(reply.content_type, expected, "{accept}");
        let reply = call(client.get(url("/rate-limited")).header("accept", accept)).await;
        assert_eq!(reply.content_type, expected, "{accept}");
    }

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
            .header("x-request-id", "bad id"),
    )
    .await;
    assert!(reply.request_id.starts_with("req_") && reply.request_id.len() == 20);
    let echoed = client
        .get(url("/id"))
        .header("x-request-id", "req_handler")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "req_handler");
    assert_eq!(echoed.text().await.unwrap(), "req_handler");

    let post = |path: &str, body: &'static str| {
        client
            .post(url(path))
            .header("content-type", "application/json")
            .body(body)
    };
    for (body, location, message) in [
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
            r#"{"name":"a","#,
            "body",
            "EOF while parsing a value at line 1 column 12",
        ),
    ] {
        let reply = call(post("/v2/keys.create", body)).await;
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
    }
    // actix's own web::Json through json_config(): missing fields are located, others at body.
    let reply = call(post("/actix-json", r#"{"name":"a"}"#)).await;
    assert_eq!(validation(&reply.problem).0, "body.limit");
    let reply = call(post("/actix-json", r#"{"name":"a","limit":"x"}"#)).await;
    assert_eq!(validation(&reply.problem).0, "body");
    let reply = call(client.post(url("/actix-json")).body("{}")).await;
    assert_eq!(validation(&reply.problem).0, "header.content-type");

    let reply = call(client.get(url("/v2/keys/12?page=x"))).await;
    assert_eq!(
        validation(&reply.problem),
        (
            "query.page".to_owned(),
            "invalid digit found in string".to_owned()
        )
    );
    let reply = call(client.get(url("/v2/keys/abc?page=1"))).await;
    assert_eq!(validation(&reply.problem).0, "path");
    let ok = client.get(url("/v2/keys/12?page=3")).send().await.unwrap();
    assert_eq!(ok.text().await.unwrap(), "key 12 page 3");

    let reply = call(client.get(url("/nope"))).await;
    assert_eq!(
        (reply.status, reply.problem.type_url()),
        (404, "about:blank")
    );
    assert_eq!(reply.problem.detail(), "No route for GET /nope");
    let reply = call(client.post(url("/forbidden"))).await;
    assert_eq!(
        reply.status, 404,
        "actix answers a wrong method on a resource with its default service"
    );

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
    }
}

#[tokio::test]
async fn a_thousand_failing_requests_at_once() {
    thousand_failing_requests(serve()).await;
}

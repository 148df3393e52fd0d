//! Helpers the server tests share: a real HTTP call that checks the problem it gets back, and
//! a thousand failing requests at once.
#![allow(dead_code)] // each test crate uses its own part

use std::collections::HashSet;
use std::net::SocketAddr;

use serde::Deserialize;
use unkey_errors::Problem;

/// The body the contract's `/v2/keys.create` takes.
#[derive(Deserialize)]
pub struct CreateKey {
    pub name: String,
    pub limit: u32,
}

/// The query the contract's `/v2/keys/{id}` takes.
#[derive(Deserialize)]
pub struct Page {
    pub page: u32,
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub request_id: String,
    pub problem: Problem,
}

/// Sends the request; the answer must be a problem whose status and request id agree with the
/// response's.
pub async fn call(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (content_type, request_id) = (header("content-type"), header("x-request-id"));
    let body = response.bytes().await.unwrap();
    let problem = Problem::from_slice(&body).unwrap_or_else(|e| panic!("{status} {body:?}: {e}"));
    assert_eq!(problem.status().as_u16(), status);
    assert_eq!(
        problem.request_id(),
        request_id,
        "meta.requestId and the header agree"
    );
    Reply {
        status,
        content_type,
        request_id,
        problem,
    }
}

/// The response head of a GET sent with no `Accept` header at all.
pub async fn raw_get_without_accept(addr: SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8(response).unwrap().to_ascii_lowercase();
    text.split("\r\n\r\n").next().unwrap().to_owned() + "\r\n"
}

/// The first validation error as (location, message).
pub fn validation(problem: &Problem) -> (String, String) {
    let error = &problem.validation_errors()[0];
    (error.location().to_owned(), error.message().to_owned())
}

/// A thousand failing requests in flight at once: every answer is a problem and every request id
/// is distinct.
pub async fn thousand_failing_requests(addr: SocketAddr) {
    let client = reqwest::Client::new();
    let requests = (0..1000).map(|i| {
        let client = client.clone();
        let path = if i % 2 == 0 { "/forbidden" } else { "/nope" };
        tokio::spawn(async move {
            client
                .get(format!("http://{addr}{path}"))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
    });
    let bodies = futures_util::future::join_all(requests).await;
    let mut ids = HashSet::new();
    for body in bodies {
        let problem = Problem::from_slice(&body.unwrap()).unwrap();
        assert!(
            ids.insert(problem.request_id().to_owned()),
            "duplicate id {}",
            problem.request_id()
        );
    }
    assert_eq!(ids.len(), 1000);
}

/// What both server integrations must do, checked over HTTP against a server with the same
/// routes: `/forbidden` (a handler's 403), `/rate-limited` (a 429), `/id` (echoes the request
/// id a handler sees), `/v2/keys.create` (this crate's `Json<CreateKey>`),
/// `/v2/keys/{id}?page=` (path `u32`, this crate's `Query<Page>`), `/panic`, `/internal`
/// (an `InternalError`), `/bare-500` (a plain-text 500) and a 404 fallback.
pub async fn contract(addr: SocketAddr) {
    use unkey_errors::ErrorCode;

    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");

    let reply = call(client.get(url("/forbidden"))).await;
    assert_eq!(
        (reply.status, reply.problem.code()),
        (403, Some(ErrorCode::AuthorizationForbidden))
    );
    assert!(reply.request_id.starts_with("req_"));

    // Negotiation by Accept, as the live server does.
    for (accept, expected) in [
        ("application/problem+json", "application/problem+json"),
        ("*/*", "application/problem+json"),
        ("application/*", "application/problem+json"),
        ("application/json", "application/json"),
        ("text/html", "application/json"),
    ] {
        for path in ["/forbidden", "/rate-limited"] {
            let reply = call(client.get(url(path)).header("accept", accept)).await;
            assert_eq!(reply.content_type, expected, "{path} {accept}");
        }
    }
    // Without Accept (reqwest always sends one: a raw request here), what the spec declares.
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

    // A valid request id is echoed; an invalid one is replaced; handlers see the same one.
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

    // Bad JSON, a wrong field type, a missing field, a negative number, trailing garbage.
    let post = |body: &'static str| {
        client
            .post(url("/v2/keys.create"))
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
    ] {
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
    assert!(
        message.contains("abc"),
        "the message names the value: {message}"
    );
    let ok = client.get(url("/v2/keys/12?page=3")).send().await.unwrap();
    assert_eq!(ok.text().await.unwrap(), "key 12 page 3");

    // An unknown route.
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

    // A panic, an internal error, a bare 500: generic, nothing internal in the body; the
    // request id is in the header and in meta.requestId here too.
    for path in ["/panic", "/internal", "/bare-500"] {
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

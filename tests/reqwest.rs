//! `unkey_errors::client::reqwest::error_for_status` against a real local server (axum on
//! 127.0.0.1:0) that replays each body shape, including an endless streaming body.
#![cfg(feature = "reqwest")]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use unkey_errors::client::reqwest::{
    error_for_status, error_for_status_with_limit, read_body_with_limit,
};
use unkey_errors::{client::LegacyCode, ErrorCode, Problem};

fn reply(
    status: StatusCode,
    content_type: Option<&'static str>,
    body: impl Into<Body>,
) -> Response {
    let mut response = (status, body.into()).into_response();
    response.headers_mut().remove(header::CONTENT_TYPE);
    if let Some(value) = content_type {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static(value),
        );
    }
    response
}

async fn serve() -> SocketAddr {
    let app = Router::new()
        .route("/ok", get(|| async { "fine" }))
        .route(
            "/v2",
            get(|| async {
                let body = Problem::new(ErrorCode::DataKeyNotFound, "gone").with_request_id("req_v2").to_json_vec();
                reply(StatusCode::NOT_FOUND, Some("application/json"), body)
            }),
        )
        .route(
            "/rate-limited",
            get(|| async {
                let body = Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "slow down").to_json_vec();
                let mut response = reply(StatusCode::TOO_MANY_REQUESTS, Some("application/problem+json"), body);
                response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("3"));
                response
            }),
        )
        .route(
            "/gateway",
            get(|| async {
                reply(
                    StatusCode::SERVICE_UNAVAILABLE,
                    Some("application/json"),
                    r#"{"meta":{"requestId":"req_gw"},"error":{"code":"err:frontline:capacity:deployment_offline","message":"offline"}}"#,
                )
            }),
        )
        .route(
            "/legacy",
            get(|| async {
                reply(
                    StatusCode::NOT_FOUND,
                    None,
                    r#"{"error":{"code":"NOT_FOUND","docs":"https://unkey.dev/docs/api-reference/errors/code/NOT_FOUND","message":"nope","requestId":"req_v1"}}"#,
                )
            }),
        )
        .route("/html", get(|| async { reply(StatusCode::BAD_GATEWAY, Some("text/html"), "<html>502 Bad Gateway</html>") }))
        .route("/empty", get(|| async { reply(StatusCode::INTERNAL_SERVER_ERROR, None, "") }))
        .route(
            "/big-html",
            get(|| async { reply(StatusCode::BAD_GATEWAY, Some("text/html"), "x".repeat(1 << 20)) }),
        )
        .route(
            "/endless",
            get(|| async {
                let chunks = futures_util::stream::repeat_with(|| Ok::<_, Infallible>(Bytes::from_static(&[b'a'; 4096])));
                reply(StatusCode::BAD_GATEWAY, Some("text/plain"), Body::from_stream(chunks))
            }),
        )
        .route(
            "/invalid-utf8",
            get(|| async { reply(StatusCode::BAD_REQUEST, Some("application/json"), Bytes::from_static(b"\xff\xfe{")) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

async fn get_error(
    client: &reqwest::Client,
    addr: SocketAddr,
    path: &str,
) -> unkey_errors::ApiError {
    let response = client
        .get(format!("http://{addr}{path}"))
        .send()
        .await
        .unwrap();
    match error_for_status(response).await.unwrap_err() {
        unkey_errors::client::reqwest::Error::Api(err) => *err,
        other => panic!("{path}: {other:?}"),
    }
}

#[tokio::test]
async fn every_body_shape_through_a_real_server() {
    let addr = serve().await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    let ok = client
        .get(format!("http://{addr}/ok"))
        .send()
        .await
        .unwrap();
    let ok = error_for_status(ok).await.unwrap();
    assert_eq!(ok.text().await.unwrap(), "fine");

    let err = get_error(&client, addr, "/v2").await;
    assert_eq!(
        (err.status().as_u16(), err.code()),
        (404, Some(ErrorCode::DataKeyNotFound))
    );
    assert_eq!(err.request_id(), Some("req_v2"));

    let err = get_error(&client, addr, "/rate-limited").await;
    // A 429 names its own time; retried only when asked (Retry::retry_rate_limits).
    assert!(!err.is_retryable());
    assert_eq!(
        err.retry_after(),
        Some(unkey_errors::client::RetryAfter::Delay(
            Duration::from_secs(3)
        ))
    );
    assert_eq!(err.content_type(), Some("application/problem+json"));

    let err = get_error(&client, addr, "/gateway").await;
    assert_eq!(err.code(), Some(ErrorCode::CapacityDeploymentOffline));
    assert_eq!(err.request_id(), Some("req_gw"));

    let err = get_error(&client, addr, "/legacy").await;
    let unkey_errors::client::ApiErrorBody::Legacy(legacy) = err.body() else {
        panic!("{err:?}")
    };
    assert_eq!(legacy.code(), Some(LegacyCode::NotFound));

    for path in ["/html", "/empty", "/invalid-utf8"] {
        let err = get_error(&client, addr, path).await;
        let unrecognised = err
            .as_unrecognised()
            .unwrap_or_else(|| panic!("{path}: {err:?}"));
        assert!(!unrecognised.is_truncated(), "{path}");
    }

    let err = get_error(&client, addr, "/big-html").await;
    let unrecognised = err.as_unrecognised().unwrap();
    assert!(unrecognised.is_truncated());
    assert_eq!(unrecognised.len(), unkey_errors::client::DEFAULT_BODY_LIMIT);
}

#[tokio::test]
async fn an_endless_body_is_read_up_to_the_limit_and_no_further() {
    let addr = serve().await;
    let client = reqwest::Client::new();
    let response = client
        .get(format!("http://{addr}/endless"))
        .send()
        .await
        .unwrap();
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        error_for_status_with_limit(response, 10_000),
    )
    .await
    .expect("an endless body must not be read to its end")
    .unwrap_err();
    let unrecognised = err
        .as_api_error()
        .and_then(|e| e.as_unrecognised())
        .unwrap();
    assert!(unrecognised.is_truncated());
    assert_eq!(unrecognised.len(), 10_000);
    assert!(unrecognised.body_prefix().iter().all(|b| *b == b'a'));
}

#[tokio::test]
async fn a_success_body_is_read_up_to_its_limit_and_says_whether_it_went_on() {
    let addr = serve().await;
    let client = reqwest::Client::new();
    let read = |path: &'static str, limit: usize| {
        let client = client.clone();
        async move {
            let mut response = client
                .get(format!("http://{addr}{path}"))
                .send()
                .await
                .unwrap();
            read_body_with_limit(&mut response, limit).await.unwrap()
        }
    };
    // "fine": exactly at the limit is whole; one byte over is its first bytes, and says so.
    assert_eq!(read("/ok", 4).await, (b"fine".to_vec(), false));
    assert_eq!(read("/ok", 3).await, (b"fin".to_vec(), true));
    let (body, truncated) = tokio::time::timeout(Duration::from_secs(10), read("/endless", 5_000))
        .await
        .expect("an endless body must not be read to its end");
    assert_eq!((body.len(), truncated), (5_000, true));
}

/// A server that answers once with `head`, sends `body`, and closes the connection.
async fn raw_server(head: &'static str, body: &'static [u8]) -> SocketAddr {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 1024];
        let _ = stream.read(&mut request).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(body).await.unwrap();
        stream.shutdown().await.unwrap();
    });
    addr
}

#[tokio::test]
async fn a_body_cut_off_is_a_transport_error_not_a_shorter_body() {
    // It was read as a 10-byte body, unrecognised: the failure's cause was lost.
    let addr = raw_server(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: 100\r\nx-unkey-request-id: req_cut\r\n\r\n",
        br#"{"meta":{"#,
    )
    .await;
    let err =
        unkey_errors::client::reqwest::send(reqwest::Client::new().get(format!("http://{addr}/")))
            .await
            .unwrap_err();
    let unkey_errors::client::reqwest::Error::Transport {
        status,
        request_id,
        source,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(request_id.as_deref(), Some("req_cut"));
    assert!(source.is_body() || source.is_decode(), "{source:?}");
    assert_eq!(
        err.to_string(),
        "the body of a 500 response could not be read"
    );
    assert!(err.is_retryable(), "a 500 cut off is worth retrying");
    assert_eq!(err.request_id(), Some("req_cut"));
    assert!(
        std::error::Error::source(&err).is_some(),
        "reqwest's error is the source"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    let (_held, addr) = refusing_address();
    let err =
        unkey_errors::client::reqwest::send(reqwest::Client::new().get(format!("http://{addr}/")))
            .await
            .unwrap_err();
    assert!(
        matches!(
            err,
            unkey_errors::client::reqwest::Error::Transport { status: None, .. }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(err.to_string(), "the call to 127.0.0.1 could not connect");
    assert_eq!((err.retry_after(), err.request_id()), (None, None));
}

#[tokio::test]
async fn one_error_type_for_the_api_and_the_transport() {
    let addr = serve().await;
    let client = reqwest::Client::new();
    let err =
        unkey_errors::client::reqwest::send(client.get(format!("http://{addr}/rate-limited")))
            .await
            .unwrap_err();
    assert!(!err.is_retryable());
    assert_eq!(
        err.retry_after(),
        Some(unkey_errors::client::RetryAfter::Delay(
            Duration::from_secs(3)
        ))
    );
    assert_eq!(err.delay_or(Duration::ZERO), Duration::from_secs(3));
    assert_eq!(
        err.as_api_error().and_then(unkey_errors::ApiError::code),
        Some(ErrorCode::TooManyRequestsWorkspaceRateLimited)
    );
    let ok = unkey_errors::client::reqwest::send(client.get(format!("http://{addr}/ok")))
        .await
        .unwrap();
    assert_eq!(ok.text().await.unwrap(), "fine");
}

#[tokio::test]
async fn a_live_server_test_suite_asserts_in_one_line() {
    let addr = serve().await;
    let client = reqwest::Client::new();
    // The crate's error, straight from a call.
    let err = unkey_errors::client::reqwest::send(client.get(format!("http://{addr}/v2")))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    unkey_errors::assert_problem!(
        err,
        ErrorCode::DataKeyNotFound,
        detail = "gone",
        request_id = "req_v2"
    );
    // A raw response, its headers checked too.
    let response = client
        .get(format!("http://{addr}/rate-limited"))
        .send()
        .await
        .unwrap();
    let response = unkey_errors::testing::collect_reqwest(response)
        .await
        .unwrap();
    assert_eq!(response.headers()[header::RETRY_AFTER], "3");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    unkey_errors::assert_problem!(response, ErrorCode::TooManyRequestsWorkspaceRateLimited);
    // A transport error is no problem: the check says so.
    let (_held, refused) = refusing_address();
    let err = unkey_errors::client::reqwest::send(client.get(format!("http://{refused}/")))
        .await
        .unwrap_err();
    assert_eq!(err.status(), None);
    let expected = unkey_errors::testing::Expected::new(ErrorCode::DataKeyNotFound);
    assert_eq!(
        unkey_errors::testing::check(&err, &expected),
        Err("no answer to check: the call to 127.0.0.1 could not connect".to_owned())
    );
}

/// An address where a connection is refused: a socket bound there but not listening, held for
/// as long as the caller keeps it, so that no other test's server can take the port meanwhile.
fn refusing_address() -> (tokio::net::TcpSocket, std::net::SocketAddr) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    (socket, addr)
}

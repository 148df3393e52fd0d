//! `reqwest::Retry` against raw local servers: it never spins, never calls faster than its
//! backoff, never sleeps past its budget, and stops at the first answer it does not retry.
//! Every loop here is bounded in calls (the servers count) and in time (the budgets).
#![cfg(feature = "reqwest")]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use unkey_errors::client::reqwest::Retry;
use unkey_errors::client::RetryAfter;
use unkey_errors::{ErrorCode, Problem};

/// When each call came.
type Calls = Arc<Mutex<Vec<Instant>>>;

/// A server whose `/` answers the `n`th call (from 0) with `answer(n)`.
async fn serve(answer: fn(usize) -> Response) -> (SocketAddr, Calls) {
    let calls: Calls = Arc::default();
    let seen = Arc::clone(&calls);
    let app = Router::new().route(
        "/",
        get(move || {
            let seen = Arc::clone(&seen);
            async move {
                let n = {
                    let mut seen = seen.lock().unwrap();
                    seen.push(Instant::now());
                    seen.len() - 1
                };
                answer(n)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, calls)
}

fn failure(status: StatusCode, code: ErrorCode, retry_after: Option<&'static str>) -> Response {
    let body = Problem::new(code, "try later").to_json_vec();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(value) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static(value));
    }
    response
}

fn unavailable_now(_: usize) -> Response {
    failure(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::ApplicationServiceUnavailable,
        Some("0"),
    )
}

#[tokio::test]
async fn retry_after_zero_never_spins_and_the_backoff_spaces_the_calls() {
    let (addr, calls) = serve(unavailable_now).await;
    let client = reqwest::Client::new();
    let retry = Retry::unkey_sdk()
        .jitter(Duration::ZERO)
        .max_elapsed(Duration::from_secs(1));
    let started = Instant::now();
    let err = retry
        .send(|| client.get(format!("http://{addr}/")))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let calls = calls.lock().unwrap().clone();
    // Backoffs 0, 50, 141, 260, 400, 559 ms: six calls fit in 1 s (at 0, 0, 50, 191, 451,
    // 851 ms), and the seventh would start after it; on a loaded machine the sixth may not.
    assert!((5..=6).contains(&calls.len()), "{calls:?}");
    // No try starts after the budget: what runs past it is the last call itself.
    assert!(elapsed < Duration::from_millis(1300), "{elapsed:?}");
    for (n, pair) in calls.windows(2).enumerate() {
        let gap = pair[1] - pair[0];
        let backoff = retry.backoff(u32::try_from(n).unwrap());
        assert!(
            gap >= backoff,
            "call {}: {gap:?} after the last, backoff {backoff:?}",
            n + 1
        );
    }
}

#[tokio::test]
async fn advice_longer_than_the_budget_gives_up_at_once_and_stays_on_the_error() {
    fn an_hour(_: usize) -> Response {
        failure(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::ApplicationServiceUnavailable,
            Some("3600"),
        )
    }
    let (addr, calls) = serve(an_hour).await;
    let client = reqwest::Client::new();
    let started = Instant::now();
    let err = Retry::unkey_sdk()
        .max_elapsed(Duration::from_secs(2))
        .send(|| client.get(format!("http://{addr}/")))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(calls.lock().unwrap().len(), 1);
    assert_eq!(
        err.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(3600)))
    );
}

#[tokio::test]
async fn a_429_is_not_retried_as_unkeys_sdk_does_unless_asked_and_then_after_its_advice() {
    fn limited(n: usize) -> Response {
        if n == 0 {
            failure(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::TooManyRequestsWorkspaceRateLimited,
                Some("1"),
            )
        } else {
            "fine".into_response()
        }
    }
    let (addr, calls) = serve(limited).await;
    let client = reqwest::Client::new();
    let err = Retry::unkey_sdk()
        .send(|| client.get(format!("http://{addr}/")))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(calls.lock().unwrap().len(), 1);

    let (addr, calls) = serve(limited).await;
    let response = Retry::unkey_sdk()
        .retry_rate_limits(true)
        .max_elapsed(Duration::from_secs(3))
        .send(|| client.get(format!("http://{addr}/")))
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "fine");
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2);
    assert!(
        calls[1] - calls[0] >= Duration::from_secs(1),
        "the advice is kept: {:?}",
        calls[1] - calls[0]
    );
}

/// Advice longer than the backoff's cap (1 s) is waited in full: the second call comes no
/// sooner than the server allowed, not inside the refused window.
#[tokio::test]
async fn advice_past_the_backoffs_cap_is_waited_in_full() {
    fn unavailable_for_two_seconds(n: usize) -> Response {
        if n == 0 {
            failure(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::ApplicationServiceUnavailable,
                Some("2"),
            )
        } else {
            "back".into_response()
        }
    }
    let (addr, calls) = serve(unavailable_for_two_seconds).await;
    let client = reqwest::Client::new();
    let response = Retry::unkey_sdk()
        .send(|| client.get(format!("http://{addr}/")))
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "back");
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2);
    assert!(
        calls[1] - calls[0] >= Duration::from_secs(2),
        "called again {:?} after a Retry-After of 2 s",
        calls[1] - calls[0]
    );
}

fn not_found(_: usize) -> Response {
    failure(StatusCode::NOT_FOUND, ErrorCode::DataKeyNotFound, None)
}

#[tokio::test]
async fn a_success_after_failures_is_returned_and_a_4xx_stops_at_once() {
    fn twice_down(n: usize) -> Response {
        match n {
            0 | 1 => failure(StatusCode::BAD_GATEWAY, ErrorCode::UpstreamBadGateway, None),
            _ => "up".into_response(),
        }
    }
    let (addr, calls) = serve(twice_down).await;
    let client = reqwest::Client::new();
    let response = Retry::unkey_sdk()
        .send(|| client.get(format!("http://{addr}/")))
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "up");
    assert_eq!(calls.lock().unwrap().len(), 3);

    let (addr, calls) = serve(not_found).await;
    let err = Retry::unkey_sdk()
        .send(|| client.get(format!("http://{addr}/")))
        .await
        .unwrap_err();
    unkey_errors::assert_problem!(err, ErrorCode::DataKeyNotFound);
    assert_eq!(calls.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_tried_again_within_the_budget() {
    let (_held, addr) = refusing_address();
    let client = reqwest::Client::new();
    let started = Instant::now();
    let err = Retry::unkey_sdk()
        .jitter(Duration::ZERO)
        .max_elapsed(Duration::from_millis(300))
        .send(|| client.get(format!("http://{addr}/")))
        .await
        .unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
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

//! Helpers the server tests share: a real HTTP call that checks the problem it gets back, and
//! a thousand failing requests at once.
#![allow(dead_code)] // each test crate uses its own part

use std::collections::HashSet;
use std::net::SocketAddr;

use unkey_errors::Problem;

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

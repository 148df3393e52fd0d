//! A small axum service that answers Unkey errors: run it, then call it.
//!
//! ```text
//! cargo run --example axum_service --features axum,derive
//! curl -i localhost:3000/v2/keys.getKey?keyId=key_missing
//! curl -i -X POST localhost:3000/v2/keys.createKey -H 'content-type: application/json' -d '{"apiId":"api_1","limit":"ten"}'
//! curl -i localhost:3000/v2/ratelimit -H 'accept: application/problem+json'
//! curl -i localhost:3000/nope
//! curl -i localhost:3000/v2/protected -H 'authorization: Bearer sk_limited' -H 'accept: application/json'
//! curl -i localhost:3000/whoami -H 'x-unkey-principal: {"version":"v1","subject":"user_42","type":"API_KEY","source":{"key":{"keyId":"key_1","keySpaceId":"ks_1","meta":{}}}}'
//! ```
//!
//! Open <http://localhost:3000/v2/protected> in a browser for the gateway's error page.
//!
//! With `--smoke`, it starts on a free port, calls each route once, prints the answers and
//! exits (CI runs it that way).

use std::net::SocketAddr;

use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use unkey_errors::gateway::{GatewayError, Principal};
use unkey_errors::server::axum::{Json, Query, UnkeyLayer};
use unkey_errors::verify::{self, KeyVerification};
use unkey_errors::{ErrorCode, Problem};

/// The service's own errors, each answering as an Unkey problem.
#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[problem(responses(axum))]
enum AppError {
    #[error("The key {0} was not found")]
    #[problem(DataKeyNotFound)]
    KeyNotFound(String),
    #[error("The API {id} was not found")]
    #[problem(DataApiNotFound)]
    ApiNotFound { id: String },
    #[error("database failed")]
    #[problem(internal)] // a generic 500; the chain is reported with the request id
    Database(#[from] std::io::Error),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetKey {
    key_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateKey {
    api_id: String,
    limit: u32,
}

async fn get_key(Query(query): Query<GetKey>) -> Result<String, AppError> {
    Err(AppError::KeyNotFound(query.key_id))
}

async fn create_key(Json(body): Json<CreateKey>) -> Result<String, AppError> {
    if body.api_id != "api_1" {
        return Err(AppError::ApiNotFound { id: body.api_id });
    }
    Ok(format!("created a key with limit {}", body.limit))
}

async fn database() -> Result<String, AppError> {
    Err(std::io::Error::other(
        "connection to db.internal:5432 refused",
    ))?
}

async fn ratelimit() -> Problem {
    Problem::new(
        ErrorCode::TooManyRequestsWorkspaceRateLimited,
        "Too many requests for this workspace",
    )
}

/// A route protected as Unkey's gateway protects one: no key, or a key denied, is answered
/// in the gateway's envelope (JSON or its page, by `Accept`). The verification is canned here;
/// a service calls `POST /v2/keys.verifyKey`.
async fn protected(headers: HeaderMap) -> Result<(HeaderMap, &'static str), GatewayError> {
    let Some(key) = headers.get("authorization").and_then(|v| v.to_str().ok()) else {
        return Err(verify::missing_credentials());
    };
    let code = if key.ends_with("sk_limited") {
        "RATE_LIMITED"
    } else {
        "VALID"
    };
    let body = format!(
        r#"{{"meta":{{"requestId":"req_1"}},"data":{{"valid":{},"code":"{code}","keyId":"key_1",
            "ratelimits":[{{"name":"requests","limit":10,"remaining":0,"reset":4102444800000,"exceeded":{}}}]}}}}"#,
        code == "VALID",
        code != "VALID",
    );
    let verification =
        KeyVerification::from_slice(body.as_bytes()).map_err(|err| GatewayError::internal(&err))?;
    if let Some(denied) = verification.gateway_error() {
        return Err(denied);
    }
    Ok((verification.rate_limit_headers(), "welcome"))
}

/// Behind Unkey's gateway: the verified caller, from `X-Unkey-Principal`.
async fn whoami(principal: Principal) -> String {
    format!("{} ({})", principal.subject(), principal.principal_type())
}

fn app() -> Router {
    Router::new()
        .route("/v2/keys.getKey", get(get_key))
        .route("/v2/keys.createKey", post(create_key))
        .route("/v2/ratelimit", get(ratelimit))
        .route("/v2/database", get(database))
        .route("/v2/protected", get(protected))
        .route("/whoami", get(whoami))
        .fallback(unkey_errors::server::axum::not_found)
        .layer(UnkeyLayer::new())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let smoke = std::env::args().any(|arg| arg == "--smoke");
    let addr: SocketAddr = if smoke {
        "127.0.0.1:0"
    } else {
        "127.0.0.1:3000"
    }
    .parse()
    .map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    if !smoke {
        println!("listening on http://{addr}");
        return axum::serve(listener, app()).await;
    }
    tokio::spawn(async move { axum::serve(listener, app()).await });
    let client = reqwest::Client::new();
    let calls = [
        client.get(format!("http://{addr}/v2/keys.getKey?keyId=key_missing")),
        client
            .post(format!("http://{addr}/v2/keys.createKey"))
            .header("content-type", "application/json")
            .body(r#"{"apiId":"api_1","limit":"ten"}"#),
        client
            .get(format!("http://{addr}/v2/ratelimit"))
            .header("accept", "application/problem+json"),
        client.get(format!("http://{addr}/v2/database")),
        client.get(format!("http://{addr}/nope")),
        client
            .get(format!("http://{addr}/v2/protected"))
            .header("authorization", "Bearer sk_limited")
            .header("accept", "application/json"),
        client.get(format!("http://{addr}/whoami")).header(
            "x-unkey-principal",
            r#"{"version":"v1","subject":"user_42","type":"API_KEY","source":{"key":{"keyId":"key_1","keySpaceId":"ks_1","meta":{}}}}"#,
        ),
    ];
    for call in calls {
        let response = call.send().await.map_err(std::io::Error::other)?;
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.text().await.map_err(std::io::Error::other)?;
        println!("{status} {content_type}\n{body}\n");
    }
    Ok(())
}

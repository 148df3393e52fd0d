//! A small actix-web service that answers Unkey errors: run it, then call it.
//!
//! ```text
//! cargo run --example actix_service --features actix-web,derive
//! curl -i localhost:3001/v2/keys.getKey?keyId=key_missing
//! curl -i -X POST localhost:3001/v2/keys.createKey -H 'content-type: application/json' -d '{"apiId":"api_1"}'
//! curl -i localhost:3001/v2/database
//! curl -i localhost:3001/nope
//! ```
//!
//! With `--smoke`, it starts on a free port, calls each route once, prints the answers and
//! exits (CI runs it that way).

use actix_web::{web, App, HttpServer};
use serde::Deserialize;
use unkey_errors::server::actix::{self as unkey, Json, Query, UnkeyMiddleware};

/// The service's own errors, each answering as an Unkey problem.
#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[problem(responses(actix_web))]
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

/// The service on `listener`.
fn serve(listener: std::net::TcpListener) -> std::io::Result<()> {
    let server = HttpServer::new(|| {
        App::new()
            .wrap(UnkeyMiddleware::new())
            .app_data(unkey::json_config())
            .app_data(unkey::query_config())
            .app_data(unkey::path_config())
            .route("/v2/keys.getKey", web::get().to(get_key))
            .route("/v2/keys.createKey", web::post().to(create_key))
            .route("/v2/database", web::get().to(database))
            .default_service(web::to(unkey::not_found))
    })
    .workers(1)
    .listen(listener)?;
    actix_web::rt::System::new().block_on(server.run())
}

fn main() -> std::io::Result<()> {
    let smoke = std::env::args().any(|arg| arg == "--smoke");
    let listener = std::net::TcpListener::bind(if smoke {
        "127.0.0.1:0"
    } else {
        "127.0.0.1:3001"
    })?;
    let addr = listener.local_addr()?;
    if !smoke {
        println!("listening on http://{addr}");
        return serve(listener);
    }
    std::thread::spawn(move || serve(listener));
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let calls = [
            client.get(format!("http://{addr}/v2/keys.getKey?keyId=key_missing")),
            client
                .post(format!("http://{addr}/v2/keys.createKey"))
                .header("content-type", "application/json")
                .body(r#"{"apiId":"api_1"}"#),
            client.get(format!("http://{addr}/v2/database")),
            client.get(format!("http://{addr}/nope")),
        ];
        for call in calls {
            let response = call.send().await.map_err(std::io::Error::other)?;
            let status = response.status();
            let body = response.text().await.map_err(std::io::Error::other)?;
            println!("{status}\n{body}\n");
        }
        Ok(())
    })
}

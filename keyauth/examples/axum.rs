//! A service with one route protected by Unkey keys, as Unkey's gateway protects one:
//! `GET /whoami` answers the caller's key id.
//!
//! ```text
//! UNKEY_ROOT_KEY=unkey_... cargo run -p unkey-keyauth --example axum --features axum
//! curl -i localhost:3000/whoami -H 'authorization: Bearer sk_...'
//! ```
//!
//! Environment: `UNKEY_ROOT_KEY` (required), `UNKEY_API_URL` (the API's base URL, default
//! `https://api.unkey.com`, reached over TLS with the default feature `rustls`),
//! `ADDR` (the address to listen on, default `127.0.0.1:3000`).

use axum::routing::get;
use axum::Router;
use unkey_errors::gateway::Principal;
use unkey_errors::server::axum::UnkeyLayer;
use unkey_keyauth::{KeyAuth, KeyAuthLayer, UnkeyApi};

async fn whoami(principal: Principal) -> String {
    principal
        .key()
        .map_or_else(String::new, |key| key.key_id().to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root_key = std::env::var("UNKEY_ROOT_KEY")
        .map_err(|_| "set UNKEY_ROOT_KEY to a root key allowed to verify keys")?;
    let mut api = UnkeyApi::new(root_key);
    if let Ok(base) = std::env::var("UNKEY_API_URL") {
        api = api.base_url(&base);
    }
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let app = Router::new()
        .route("/whoami", get(whoami))
        .layer(KeyAuthLayer::new(api, KeyAuth::new()))
        // Outermost: request ids, and denials as JSON or the gateway's page by `Accept`.
        .layer(UnkeyLayer::new());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

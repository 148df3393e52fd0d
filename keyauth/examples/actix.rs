//! The same service as `examples/axum.rs` with actix-web: `GET /whoami` protected by Unkey
//! keys, answering the caller's key id.
//!
//! ```text
//! UNKEY_ROOT_KEY=unkey_... cargo run -p unkey-keyauth --example actix --features actix-web
//! curl -i localhost:3000/whoami -H 'authorization: Bearer sk_...'
//! ```
//!
//! Environment: `UNKEY_ROOT_KEY` (required), `UNKEY_API_URL` (the API's base URL, default
//! `https://api.unkey.com`, reached over TLS with the default feature `rustls`),
//! `ADDR` (the address to listen on, default `127.0.0.1:3000`).

use actix_web::{web, App, HttpServer};
use unkey_errors::gateway::Principal;
use unkey_errors::server::actix::UnkeyMiddleware;
use unkey_keyauth::{KeyAuth, KeyAuthMiddleware, UnkeyApi};

async fn whoami(principal: Principal) -> String {
    principal
        .key()
        .map_or_else(String::new, |key| key.key_id().to_owned())
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root_key = std::env::var("UNKEY_ROOT_KEY")
        .map_err(|_| "set UNKEY_ROOT_KEY to a root key allowed to verify keys")?;
    let mut api = UnkeyApi::new(root_key);
    if let Ok(base) = std::env::var("UNKEY_API_URL") {
        api = api.base_url(&base);
    }
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let keyauth = KeyAuthMiddleware::new(api, KeyAuth::new());
    let server = HttpServer::new(move || {
        App::new()
            .wrap(keyauth.clone())
            // Outermost: request ids, and denials as JSON or the gateway's page by `Accept`.
            .wrap(UnkeyMiddleware::new())
            .route("/whoami", web::get().to(whoami))
    })
    .bind(&addr)?;
    println!("listening on http://{addr}");
    server.run().await?;
    Ok(())
}

//! Renders an Unkey error as the complete HTTP response a service sends.
//!
//! ```text
//! cargo run --example render -- [CODE] [DETAIL] [REQUEST_ID] [--accept MEDIA_RANGES]
//! cargo run --example render -- unkey/data/key_not_found "The key was not found"
//! cargo run --example render -- err:user:too_many_requests:workspace_rate_limited
//! ```
//!
//! CODE is any of the four forms (path, URN, either docs URL); by default
//! `unkey/authorization/forbidden`, the reference example. With `--accept`, the content type is
//! negotiated as Unkey's live server does; without it, it is what Unkey's OpenAPI spec declares.

use std::process::ExitCode;

use http::header::ACCEPT;
use http::{HeaderMap, HeaderValue};
use unkey_errors::{ErrorCode, Problem};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let accept = match args.iter().position(|a| a == "--accept") {
        Some(i) if i + 1 < args.len() => {
            let value = args.remove(i + 1);
            args.remove(i);
            Some(value)
        }
        Some(_) => {
            eprintln!("error: --accept needs a value, e.g. --accept 'application/problem+json'");
            return ExitCode::FAILURE;
        }
        None => None,
    };
    let code = args
        .first()
        .map_or("unkey/authorization/forbidden", String::as_str);
    let code: ErrorCode = match code.parse() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let detail = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "This operation is not allowed".to_owned());
    let request_id = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "req_2c9a0jf23l4k567".to_owned());

    let problem = Problem::new(code, detail).with_request_id(request_id);
    let response = match accept {
        None => problem.into_http_response(),
        Some(accept) => {
            let mut request_headers = HeaderMap::new();
            match HeaderValue::from_str(&accept) {
                Ok(value) => request_headers.insert(ACCEPT, value),
                Err(err) => {
                    eprintln!("error: --accept {accept:?}: {err}");
                    return ExitCode::FAILURE;
                }
            };
            problem.into_negotiated_response(&request_headers)
        }
    };

    let status = response.status();
    println!(
        "HTTP/1.1 {} {}",
        status.as_str(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in response.headers() {
        println!("{name}: {}", value.to_str().unwrap_or("<binary>"));
    }
    println!("content-length: {}", response.body().len());
    println!();
    println!("{}", String::from_utf8_lossy(response.body()));
    ExitCode::SUCCESS
}

//! Unkey's gateway (frontline): its error answers and the principal it hands on.
//!
//! Unkey's gateway sits in front of apps deployed on Unkey, verifies their callers' keys, and
//! answers what it refuses in its own envelope, not the API's problem details:
//! `{"meta":{"requestId":...},"error":{"code":"err:frontline:client:rate_limited","message":...}}`
//! as JSON, or an HTML page when the client does not prefer JSON. [`GatewayError`] is that
//! answer, read and written; [`prefers_json`] is the gateway's rule for choosing. What it lets
//! through reaches the app with the verified caller as the header `X-Unkey-Principal`:
//! [`Principal`].
//!
//! The facts come from Unkey's source: `svc/frontline/middleware/observability.go` (the
//! envelope, the rule, status, title and message per code), `internal/errorpage/` (what the page
//! shows), `internal/policies/principal/principal.go` (the principal) and
//! `middleware/sanitize_headers.go` (client-sent `X-Unkey-*` headers removed).
//!
//! ```
//! use http::HeaderValue;
//! use unkey_errors::gateway::GatewayError;
//! use unkey_errors::ErrorCode;
//!
//! let denied = GatewayError::new(ErrorCode::ClientInvalidKey).with_request_id("req_1");
//! let json = denied.clone().into_http_response(Some(&HeaderValue::from_static("application/json")));
//! assert_eq!(json.status(), 401);
//! assert_eq!(
//!     json.body().as_slice(),
//!     br#"{"meta":{"requestId":"req_1"},"error":{"code":"err:frontline:client:invalid_key","message":"Authentication failed. The provided API key is invalid."}}"#,
//! );
//! // A browser (no JSON in its Accept) gets the page.
//! let page = denied.into_http_response(Some(&HeaderValue::from_static("text/html,*/*;q=0.8")));
//! assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
//! ```
//!
//! The page, as headless Chromium renders it in the crate's tests, is in the repository as
//! `docs/error-page.png` (light) and `docs/error-page-dark.png`; the README shows them.

mod error;
mod page;
mod principal;

pub use error::{GatewayError, HTML_CONTENT_TYPE, JSON_CONTENT_TYPE};
pub use principal::{
    Identity, JwtSource, KeySource, Meta, Principal, PrincipalType, PRINCIPAL_HEADER,
    PRINCIPAL_VERSION,
};

/// Whether the gateway answers a request whose (first) `Accept` value is `accept` with JSON
/// rather than its page: when it contains `application/json` or `application/*`, or `*/*`
/// without `text/html`. A request with no `Accept` (empty here) gets the page. The match is on
/// the bytes, case-sensitive, as the gateway's `strings.Contains` is.
///
/// ```
/// use unkey_errors::gateway::prefers_json;
/// assert!(prefers_json(b"application/json"));
/// assert!(prefers_json(b"*/*")); // curl
/// assert!(!prefers_json(b"text/html,application/xhtml+xml,*/*;q=0.8")); // a browser
/// assert!(!prefers_json(b""));
/// ```
#[must_use]
pub fn prefers_json(accept: &[u8]) -> bool {
    contains(accept, b"application/json")
        || contains(accept, b"application/*")
        || (contains(accept, b"*/*") && !contains(accept, b"text/html"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

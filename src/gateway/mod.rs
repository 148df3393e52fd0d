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
    // Every needle holds one `/`: the value is scanned for those alone and each is looked at
    // around, which says what `strings.Contains` says for each needle at a few instructions a
    // byte (a layer asks this of every request whose errors it may answer).
    let (mut json, mut any, mut html) = (false, false, false);
    for (i, _) in accept.iter().enumerate().filter(|&(_, &byte)| byte == b'/') {
        let (before, after) = accept.split_at(i);
        let after = after.get(1..).unwrap_or_default();
        if before.ends_with(b"application")
            && (after.starts_with(b"json") || after.starts_with(b"*"))
        {
            json = true;
        }
        any |= before.ends_with(b"*") && after.starts_with(b"*");
        html |= before.ends_with(b"text") && after.starts_with(b"html");
    }
    json || (any && !html)
}

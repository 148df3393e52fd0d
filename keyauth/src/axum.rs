//! [`KeyAuthLayer`]: the policy as a tower layer, for axum (and any tower service whose
//! responses are axum's).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::guard::{check, is_reserved, Guard};
use crate::policy::{header_text, Decision, KeyAuth};
use crate::verifier::Verifier;
use axum::response::{IntoResponse, Response};
use http::Request;
use tower_layer::Layer;
use tower_service::Service;

/// Verifies every request's key before the service sees it, as Unkey's gateway does:
///
/// - no key: 401 `frontline/client/missing_credentials`, and no call to Unkey;
/// - a denied key: the gateway's answer (`KeyVerification::gateway_error`: 401, 403 or 429 with
///   `X-RateLimit-*` and `Retry-After`);
/// - Unkey failing: the gateway's own 500, its cause reported where it is answered (under
///   `UnkeyLayer`, with the request id); never a pass;
/// - a valid key: the service is called with the whole `KeyVerification` in the request's
///   extensions (handlers read the caller with the `unkey_errors::gateway::Principal`
///   extractor, which makes it of the verification when asked, and anything else with
///   `Extension<KeyVerification>`), and the response gets the gateway's `X-RateLimit-*`
///   headers.
///
/// Every `X-Unkey-*` header the client sent is removed first, as the gateway removes them, so
/// that the `Principal` extractor reads only what this layer verified. Denials are answered
/// typed: put [`UnkeyLayer`](unkey_errors::server::axum::UnkeyLayer) outside it, and a browser
/// gets the gateway's page, a client asking for JSON the envelope, both with the request id.
///
/// One layer per route: a route needing a permission gets its own policy
/// (`.route_layer(KeyAuthLayer::new(api, KeyAuth::new().permissions("docs.write")))`), not a
/// second layer inside a first, which would verify twice:
///
/// ```no_run
/// use axum::routing::{get, post};
/// use axum::Router;
/// use unkey_errors::server::axum::UnkeyLayer;
/// use unkey_keyauth::{KeyAuth, KeyAuthLayer, UnkeyApi};
///
/// let read = KeyAuthLayer::new(UnkeyApi::new("unkey_root_key"), KeyAuth::new());
/// let write = read.with_policy(KeyAuth::new().permissions("docs.write")); // the same pool
/// let app: Router = Router::new()
///     .route("/docs", get(|| async { "read" }).route_layer(read))
///     .route("/docs/new", post(|| async { "written" }).route_layer(write))
///     .layer(UnkeyLayer::new());
/// ```
#[derive(Debug)]
pub struct KeyAuthLayer<V> {
    guard: Guard<V>,
}

impl<V> Clone for KeyAuthLayer<V> {
    fn clone(&self) -> Self {
        Self {
            guard: self.guard.clone(),
        }
    }
}

impl<V: Verifier> KeyAuthLayer<V> {
    /// Verifies with `verifier` under `policy`.
    #[must_use]
    pub fn new(verifier: V, policy: KeyAuth) -> Self {
        Self {
            guard: Guard::new(verifier, policy),
        }
    }

    /// The same verifier (its connection pool shared) under another policy: for a route that
    /// asks more.
    #[must_use]
    pub fn with_policy(&self, policy: KeyAuth) -> Self {
        Self {
            guard: self.guard.with_policy(policy),
        }
    }
}

impl<S, V> Layer<S> for KeyAuthLayer<V> {
    type Service = KeyAuthService<S, V>;

    fn layer(&self, inner: S) -> KeyAuthService<S, V> {
        KeyAuthService {
            inner,
            guard: self.guard.clone(),
        }
    }
}

/// The service of [`KeyAuthLayer`].
#[derive(Debug)]
pub struct KeyAuthService<S, V> {
    inner: S,
    guard: Guard<V>,
}

impl<S: Clone, V> Clone for KeyAuthService<S, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            guard: self.guard.clone(),
        }
    }
}

impl<S, V, B> Service<Request<B>> for KeyAuthService<S, V>
where
    S: Service<Request<B>, Response = Response> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Send,
    V: Verifier,
    B: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        strip_unkey_headers(request.headers_mut());
        let verify = self
            .guard
            .request(&header_text(request.headers()), request.uri().query());
        // The service that was made ready is the one called; a fresh clone stays for the next.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let verifier = self.guard.verifier();
        Box::pin(async move {
            let (decision, now) = check(&*verifier, verify).await;
            match decision {
                Decision::Deny(answer) => Ok(answer.into_response()),
                Decision::Allow(verification) => {
                    let rate_limit = verification.gateway_rate_limit();
                    // The caller is made of it only if a handler asks (`Principal` extractor).
                    request.extensions_mut().insert(*verification);
                    let mut response = inner.call(request).await?;
                    if let Some(rate_limit) = rate_limit {
                        rate_limit.write_at(response.headers_mut(), now);
                    }
                    Ok(response)
                }
            }
        })
    }
}

/// Removes every `X-Unkey-*` header, as the gateway does before its policies run.
fn strip_unkey_headers(headers: &mut http::HeaderMap) {
    let reserved: Vec<http::HeaderName> = headers
        .keys()
        .filter(|name| is_reserved(name.as_str()))
        .cloned()
        .collect();
    for name in reserved {
        headers.remove(name);
    }
}

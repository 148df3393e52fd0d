//! axum support (feature `axum`): [`Problem`] as a response, extractors whose rejections are
//! problems, and [`UnkeyLayer`], which makes every error response an Unkey problem.
//!
//! ```no_run
//! use axum::{routing::post, Router};
//! use serde::Deserialize;
//! use unkey_errors::axum::{Json, UnkeyLayer};
//! use unkey_errors::{ErrorCode, Problem};
//!
//! #[derive(Deserialize)]
//! struct Verify { key: String }
//!
//! async fn verify(Json(body): Json<Verify>) -> Result<&'static str, Problem> {
//!     if body.key.is_empty() {
//!         return Err(Problem::new(ErrorCode::DataKeyNotFound, "The key was not found"));
//!     }
//!     Ok("valid")
//! }
//!
//! let app: Router = Router::new()
//!     .route("/v2/keys.verifyKey", post(verify))
//!     .fallback(unkey_errors::axum::not_found)
//!     .layer(UnkeyLayer::new());
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt as _;
use serde::de::DeserializeOwned;

use super::framework::{self as server, Settings, FOREIGN_BODY_LIMIT};
use crate::server::PendingReport;
use crate::{InternalError, Problem, RequestId};

impl IntoResponse for Problem {
    /// The response [`Problem::into_http_response`] makes. The problem also rides in the
    /// response's extensions, so that [`UnkeyLayer`] can add the request id and negotiate.
    fn into_response(self) -> Response {
        let response = self.clone().into_http_response().map(Body::from);
        let (mut parts, body) = response.into_parts();
        parts.extensions.insert(self);
        Response::from_parts(parts, body)
    }
}

impl<A> IntoResponse for InternalError<A> {
    /// The problem's response; an internal error is answered with the generic 500 and
    /// reported.
    fn into_response(self) -> Response {
        self.into_problem().into_response()
    }
}

/// A JSON request body, like `axum::Json`, whose rejection is a problem: 400
/// `unkey/application/invalid_input` with the field at fault (`body.limit`), 413
/// `user/bad_request/request_body_too_large`, or 400 `user/bad_request/request_body_unreadable`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|rejection| server::unreadable_body(rejection.status().as_u16() == 413))?;
        server::json_body(content_type.as_deref(), &bytes).map(Json)
    }
}

/// A query string, like `axum::extract::Query`, whose rejection is a problem naming the
/// parameter at fault (`query.page`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        server::query(parts.uri.query()).map(Query)
    }
}

/// Path parameters, like `axum::extract::Path`, whose rejection is a problem naming the
/// parameter at fault (`path.id`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        use axum::extract::path::ErrorKind;
        use axum::extract::rejection::PathRejection;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(err)) => {
                let message = err.body_text();
                let location = match err.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key }
                    | ErrorKind::DeserializeError { key, .. } => format!("path.{key}"),
                    ErrorKind::ParseErrorAtIndex { index, .. } => format!("path[{index}]"),
                    _ => "path".to_owned(),
                };
                Err(server::invalid_input(location, message))
            }
            Err(other) => Err(InternalError::new(other.body_text()).into_problem()),
        }
    }
}

/// A fallback handler for unmatched routes: 404 with type `about:blank`.
///
/// ```
/// # async fn run() {
/// let app: axum::Router = axum::Router::new().fallback(unkey_errors::axum::not_found);
/// # }
/// ```
#[allow(clippy::unused_async)] // axum handlers are async functions
pub async fn not_found(method: Method, uri: Uri) -> Problem {
    server::foreign_error(axum::http::StatusCode::NOT_FOUND, b"", &method, uri.path())
}

/// A tower layer that makes every error response an Unkey problem:
///
/// - a request id for every request: taken from the request header (default `x-request-id`)
///   when it keeps [`RequestId`]'s rule, else generated; put in the request's extensions
///   (extract it with `Extension<RequestId>`), in `meta.requestId` of a problem that has none,
///   and in the same header of every response;
/// - the content type negotiated from the request's `Accept` as Unkey's server does, and what
///   the OpenAPI spec declares when the request sends no `Accept`;
/// - error responses that are not problems (axum's own rejections, a bare status from a
///   handler, 405) turned into problems; a 5xx body is never echoed;
/// - a panic in a handler answered with 500 `unkey/application/unexpected_error` and a generic
///   detail.
#[derive(Clone, Debug, Default)]
pub struct UnkeyLayer {
    settings: Arc<Settings>,
}

impl UnkeyLayer {
    /// The layer with the defaults: header `x-request-id`, negotiation on, foreign errors
    /// rewritten.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    server::settings_builder!();
}

impl<S> tower::Layer<S> for UnkeyLayer {
    type Service = UnkeyService<S>;

    fn layer(&self, inner: S) -> UnkeyService<S> {
        UnkeyService {
            inner,
            settings: Arc::clone(&self.settings),
        }
    }
}

/// The service of [`UnkeyLayer`].
#[derive(Clone, Debug)]
pub struct UnkeyService<S> {
    inner: S,
    settings: Arc<Settings>,
}

impl<S> tower::Service<Request> for UnkeyService<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        // The clone is ready only if it is the one polled: keep the ready one, as tower asks.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let settings = Arc::clone(&self.settings);
        Box::pin(async move {
            let request_id = settings.request_id(request.headers());
            request.extensions_mut().insert(request_id.clone());
            let accept = server::accept_headers(request.headers());
            let (method, path) = (request.method().clone(), request.uri().path().to_owned());
            let response = match AssertUnwindSafe(inner.call(request)).catch_unwind().await {
                Ok(Ok(response)) => response,
                Ok(Err(never)) => match never {},
                Err(panic) => server::panic_problem(&*panic).into_response(),
            };
            Ok(finish(response, &settings, &request_id, &accept, &method, &path).await)
        })
    }
}

/// Adds the request id, negotiates, and rewrites a foreign error response.
async fn finish(
    mut response: Response,
    settings: &Settings,
    request_id: &RequestId,
    accept: &axum::http::HeaderMap,
    method: &Method,
    path: &str,
) -> Response {
    response.headers_mut().insert(
        settings.request_id_header.clone(),
        request_id.header_value(),
    );
    if let Some(report) = response.extensions_mut().remove::<PendingReport>() {
        report.report(request_id.as_str());
    }
    let problem = match response.extensions_mut().remove::<Problem>() {
        Some(problem) => Some(problem),
        None if settings.rewrite_foreign_errors && response.status().as_u16() >= 400 => {
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, FOREIGN_BODY_LIMIT)
                .await
                .unwrap_or_default();
            response = Response::from_parts(parts, Body::empty());
            let problem = server::foreign_error(response.status(), &bytes, method, path);
            *response.status_mut() = problem.status();
            Some(problem)
        }
        None => None,
    };
    let Some(mut problem) = problem else {
        return response;
    };
    if problem.request_id().is_empty() {
        problem.set_request_id(request_id.clone());
    }
    let content_type = settings.content_type(&problem, accept);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, content_type.header_value());
    headers.remove(CONTENT_LENGTH);
    *response.body_mut() = Body::from(problem.to_json_vec());
    response
}

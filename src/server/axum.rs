//! axum support (feature `axum`): [`Problem`] as a response, extractors whose rejections are
//! problems, axum's own rejections convertible into problems, and [`UnkeyLayer`], which makes
//! every error response an Unkey problem.
//!
//! [`UnkeyLayer`] is composed of parts usable alone, outermost first: [`SafeRequestIdLayer`]
//! (an incoming request id that breaks [`RequestId`]'s rule is dropped), tower-http's
//! `SetRequestIdLayer` with [`MakeUnkeyRequestId`] (a `req_...` id for a request without one;
//! handlers and `TraceLayer` see `tower_http::request_id::RequestId`), [`ProblemLayer`] (error
//! responses become problems; nothing else), tower-http's `PropagateRequestIdLayer`, and
//! tower-http's `CatchPanicLayer` with [`ProblemForPanic`].
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

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Request};
use axum::http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, Method, Response, Uri};
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tower::{Layer, Service};
use tower_http::catch_panic::{CatchPanic, CatchPanicLayer, ResponseForPanic};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestId, PropagateRequestIdLayer, SetRequestId, SetRequestIdLayer,
};

use super::framework::{self as server, ErrorResponse, RequestFacts, Settings, ERROR_BODY_LIMIT};
use crate::server::PendingReport;
use crate::{InternalError, Problem, RequestId};

impl IntoResponse for Problem {
    /// The response [`Problem::into_http_response`] makes, written once.
    fn into_response(self) -> axum::response::Response {
        self.into_http_response().map(Body::from)
    }
}

impl<A> IntoResponse for InternalError<A> {
    /// The problem's response; an internal error is answered with the generic 500 and
    /// reported.
    fn into_response(self) -> axum::response::Response {
        self.into_problem().into_response()
    }
}

impl From<JsonRejection> for Problem {
    /// The problem for a rejection of axum's own `Json`, naming the field at fault as this
    /// crate's [`Json`] does: for `axum_extra::extract::WithRejection<axum::Json<T>, Problem>`
    /// and `#[from_request(via(axum::Json), rejection(Problem))]`.
    fn from(rejection: JsonRejection) -> Self {
        use std::error::Error as _;
        match &rejection {
            JsonRejection::MissingJsonContentType(_) => {
                return server::invalid_input("header.content-type", "must be application/json")
            }
            JsonRejection::BytesRejection(rejection) => {
                return server::unreadable_body(rejection.status().as_u16() == 413)
            }
            _ => {}
        }
        let mut source = rejection.source();
        while let Some(error) = source {
            if let Some(err) = error.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>()
            {
                return server::json_error(err);
            }
            if let Some(err) = error.downcast_ref::<serde_json::Error>() {
                return server::invalid_input("body", crate::util::without_position(err));
            }
            source = error.source();
        }
        server::invalid_input("body", rejection.body_text())
    }
}

impl From<QueryRejection> for Problem {
    /// The problem for a rejection of axum's own `Query`, naming the parameter at fault.
    fn from(rejection: QueryRejection) -> Self {
        use std::error::Error as _;
        let mut source = rejection.source();
        while let Some(error) = source {
            if let Some(err) =
                error.downcast_ref::<serde_path_to_error::Error<serde_urlencoded::de::Error>>()
            {
                return server::query_error(err);
            }
            source = error.source();
        }
        server::invalid_input("query", rejection.body_text())
    }
}

impl From<PathRejection> for Problem {
    /// The problem for a rejection of axum's own `Path`, naming the parameter at fault; a
    /// rejection that is the service's mistake (no path parameters on the route) is internal.
    fn from(rejection: PathRejection) -> Self {
        use axum::extract::path::ErrorKind;
        match rejection {
            PathRejection::FailedToDeserializePathParams(err) => {
                let message = err.body_text();
                let location = match err.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key }
                    | ErrorKind::DeserializeError { key, .. } => format!("path.{key}"),
                    ErrorKind::ParseErrorAtIndex { index, .. } => format!("path[{index}]"),
                    _ => "path".to_owned(),
                };
                server::invalid_input(location, message)
            }
            other => InternalError::new(other.body_text()).into_problem(),
        }
    }
}

/// A JSON request body, like `axum::Json`, whose rejection is a problem: 400
/// `unkey/application/invalid_input` with the field at fault (`body.limit`) and serde's message
/// without its position, 413 `user/bad_request/request_body_too_large`, or 400
/// `user/bad_request/request_body_unreadable`. As a response, the value as JSON.
///
/// ```
/// use unkey_errors::axum::Json;
///
/// #[derive(serde::Deserialize, serde::Serialize)]
/// struct Key { limit: u32 }
///
/// async fn handler(mut key: Json<Key>) -> Json<Key> {
///     key.limit += 1; // DerefMut
///     key
/// }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Json<T>(pub T);

server::extractor_conversions!(Json);

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

impl<T: Serialize> IntoResponse for Json<T> {
    /// The value as compact JSON, `content-type: application/json`; a value that cannot be
    /// serialized is an internal error.
    fn into_response(self) -> axum::response::Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => (
                [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
                body,
            )
                .into_response(),
            Err(err) => Problem::internal(&err).into_response(),
        }
    }
}

/// A query string, like `axum::extract::Query`, whose rejection is a problem naming the
/// parameter at fault (`query.page`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Query<T>(pub T);

server::extractor_conversions!(Query);

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

server::extractor_conversions!(Path);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(rejection.into()),
        }
    }
}

/// A fallback handler for unmatched routes: 404 with type `about:blank`, "No route for GET /a".
///
/// ```
/// let app: axum::Router = axum::Router::new().fallback(unkey_errors::axum::not_found);
/// ```
#[allow(clippy::unused_async)] // axum handlers are async functions
pub async fn not_found(method: Method, uri: Uri) -> Problem {
    server::no_route(&method, uri.path())
}

/// [`MakeRequestId`] for tower-http's `SetRequestIdLayer`: a fresh id in Unkey's format,
/// `req_` and 16 letters and digits ([`RequestId::generate`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct MakeUnkeyRequestId;

impl MakeRequestId for MakeUnkeyRequestId {
    fn make_request_id<B>(
        &mut self,
        _: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        // One allocation, shared by every clone tower-http makes of the header value.
        let bytes = Bytes::from_owner(RequestId::generate_bytes());
        HeaderValue::from_maybe_shared(bytes)
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}

/// [`ResponseForPanic`] for tower-http's `CatchPanicLayer`: 500
/// `unkey/application/unexpected_error` with the generic detail; the panic's message is
/// reported (with the request id, under [`ProblemLayer`]), never sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProblemForPanic;

impl ResponseForPanic for ProblemForPanic {
    type ResponseBody = Body;

    fn response_for_panic(
        &mut self,
        err: Box<dyn std::any::Any + Send + 'static>,
    ) -> Response<Body> {
        server::panic_problem(&*err).into_response()
    }
}

/// A layer that drops a request id header that breaks [`RequestId`]'s rule (CR, LF, spaces,
/// quotes, non-ASCII, more than 128 bytes...), so that tower-http's `SetRequestIdLayer` makes a
/// fresh one: an id from a request is used as it is or not at all, never repaired.
#[derive(Clone, Debug)]
pub struct SafeRequestIdLayer {
    header: HeaderName,
}

impl SafeRequestIdLayer {
    /// For request ids in `header`.
    #[must_use]
    pub fn new(header: HeaderName) -> Self {
        Self { header }
    }
}

impl<S> Layer<S> for SafeRequestIdLayer {
    type Service = SafeRequestId<S>;

    fn layer(&self, inner: S) -> SafeRequestId<S> {
        SafeRequestId {
            inner,
            header: self.header.clone(),
        }
    }
}

/// The service of [`SafeRequestIdLayer`].
#[derive(Clone, Debug)]
pub struct SafeRequestId<S> {
    inner: S,
    header: HeaderName,
}

impl<S, B> Service<axum::http::Request<B>> for SafeRequestId<S>
where
    S: Service<axum::http::Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: axum::http::Request<B>) -> S::Future {
        let refused = request
            .headers()
            .get(&self.header)
            .is_some_and(|value| crate::server::request_id::check(value.as_bytes()).is_err());
        if refused {
            request.headers_mut().remove(&self.header);
        }
        self.inner.call(request)
    }
}

/// A layer that makes every error response an Unkey problem, and does nothing else:
///
/// - a response that already is an Unkey problem (any construction, either content type) goes
///   out as it is, except that the request id is filled in when the body has none (spliced into
///   the body, which is not written again), header and body are made to carry the same request
///   id (a handler's own id wins when it is header-safe), and the content type follows `Accept`
///   as the live server negotiates (what the OpenAPI spec declares when there is no `Accept`);
/// - any other error response becomes a problem: a 4xx keeps its status and its text as the
///   detail, an empty 404 is "no route" only when no route matched; a 5xx body is never echoed
///   (and is reported);
/// - internal errors and panics that problems carry are reported with the request id.
///
/// The request id is read from the response's header (tower-http's
/// `PropagateRequestIdLayer`, inside this one, sets it). Successful responses pass through
/// untouched: nothing is allocated for them. Apply it with `Router::layer`, so that it sees
/// which requests matched a route.
///
/// The parts, composed by hand (here without catching panics); axum's `.layer` wraps what is
/// above it, so the last is the outermost:
///
/// ```
/// use axum::{routing::get, Router};
/// use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
/// use unkey_errors::axum::{MakeUnkeyRequestId, ProblemLayer, SafeRequestIdLayer};
/// use unkey_errors::DEFAULT_REQUEST_ID_HEADER as ID;
///
/// let app: Router = Router::new()
///     .route("/", get(|| async { "ok" }))
///     .layer(PropagateRequestIdLayer::new(ID))
///     .layer(ProblemLayer::new())
///     .layer(SetRequestIdLayer::new(ID, MakeUnkeyRequestId))
///     .layer(SafeRequestIdLayer::new(ID));
/// ```
#[derive(Clone, Debug, Default)]
pub struct ProblemLayer {
    settings: Arc<Settings>,
}

impl ProblemLayer {
    /// The layer with the defaults: header `x-request-id`, negotiation on, foreign errors
    /// rewritten.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    server::settings_builder!();
}

impl<S> Layer<S> for ProblemLayer {
    type Service = ProblemService<S>;

    fn layer(&self, inner: S) -> ProblemService<S> {
        ProblemService {
            inner,
            settings: Arc::clone(&self.settings),
        }
    }
}

/// The service of [`ProblemLayer`].
#[derive(Clone, Debug)]
pub struct ProblemService<S> {
    inner: S,
    settings: Arc<Settings>,
}

impl<S, ReqBody, ResBody> Service<axum::http::Request<ReqBody>> for ProblemService<S>
where
    S: Service<axum::http::Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<axum::BoxError>,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = ProblemFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: axum::http::Request<ReqBody>) -> Self::Future {
        // Taken now, cheaply: what answering an error needs of the request.
        let unmatched_path = request
            .extensions()
            .get::<MatchedPath>()
            .is_none()
            .then(|| request.uri().path().into());
        let facts = RequestFacts::new(
            request
                .headers()
                .get_all(ACCEPT)
                .iter()
                .map(HeaderValue::as_bytes),
            request.method().clone(),
            unmatched_path,
        );
        ProblemFuture {
            state: State::Inner {
                future: self.inner.call(request),
                facts: Some(facts),
                settings: Arc::clone(&self.settings),
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`ProblemService`].
    pub struct ProblemFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProjection]
    enum State<F> {
        Inner {
            #[pin]
            future: F,
            facts: Option<RequestFacts>,
            settings: Arc<Settings>,
        },
        Answer {
            future: Pin<Box<dyn Future<Output = Response<Body>> + Send>>,
        },
    }
}

impl<F, B, E> Future for ProblemFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Output = Result<Response<Body>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            let next = match self.as_mut().project().state.project() {
                StateProjection::Inner {
                    future,
                    facts,
                    settings,
                } => {
                    let response = ready!(future.poll(cx))?;
                    // A success passes untouched (one that carried a report, which nothing
                    // makes, would be reported without the id when dropped).
                    if response.status().as_u16() < 400 {
                        return Poll::Ready(Ok(response.map(Body::new)));
                    }
                    let facts = facts.take().unwrap_or_else(|| {
                        RequestFacts::new(std::iter::empty(), Method::GET, None)
                    });
                    State::Answer {
                        future: Box::pin(answer(
                            response.map(Body::new),
                            facts,
                            Arc::clone(settings),
                        )),
                    }
                }
                StateProjection::Answer { future } => {
                    return future.as_mut().poll(cx).map(Ok);
                }
            };
            self.as_mut().project().state.set(next);
        }
    }
}

/// The answer to an error response: see [`ProblemLayer`].
async fn answer(
    response: Response<Body>,
    facts: RequestFacts,
    settings: Arc<Settings>,
) -> Response<Body> {
    let (mut parts, body) = response.into_parts();
    let header_id = parts
        .headers
        .get(&settings.request_id_header)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let report = parts.extensions.remove::<PendingReport>();
    // Read only what can be answered: with nothing to rewrite, a body that cannot be a problem
    // (not JSON, or not known to fit) goes out untouched, never cut.
    let fits = http_body::Body::size_hint(&body)
        .upper()
        .is_some_and(|n| n <= ERROR_BODY_LIMIT as u64);
    let content_type = parts.headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes);
    let is_json = content_type.is_some_and(server::is_json_media_type);
    let answerable = settings.rewrite_foreign_errors || (fits && is_json);
    if !answerable {
        if let Some(report) = report {
            report.report(header_id.as_deref().unwrap_or_default());
        }
        return Response::from_parts(parts, body);
    }
    let (bytes, complete) = match axum::body::to_bytes(body, ERROR_BODY_LIMIT).await {
        Ok(bytes) => (bytes, true),
        Err(_) => (Bytes::new(), false),
    };
    let error = ErrorResponse {
        status: parts.status,
        content_type,
        body: &bytes,
        complete,
        request_id: header_id.as_deref(),
    };
    let Some(answer) = server::answer_error(&settings, &facts, &error) else {
        if let Some(report) = report {
            report.report(header_id.as_deref().unwrap_or_default());
        }
        return Response::from_parts(parts, Body::from(bytes));
    };
    let request_id = answer
        .request_id
        .as_deref()
        .or(header_id.as_deref())
        .unwrap_or_default();
    for report in report.into_iter().chain(answer.report) {
        report.report(request_id);
    }
    parts.status = answer.status;
    parts
        .headers
        .insert(CONTENT_TYPE, answer.content_type.header_value());
    if let Some(id) = answer
        .request_id
        .as_deref()
        .and_then(|id| HeaderValue::from_str(id).ok())
    {
        parts.headers.insert(settings.request_id_header.clone(), id);
    }
    let body = match answer.body {
        Some(body) => {
            parts.headers.remove(CONTENT_LENGTH);
            Body::from(body)
        }
        None => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

/// A layer that makes every error response an Unkey problem, with a request id for every
/// request and panics caught: the parts of this module composed, outermost first
/// [`SafeRequestIdLayer`], tower-http's `SetRequestIdLayer` with [`MakeUnkeyRequestId`],
/// [`ProblemLayer`], tower-http's `PropagateRequestIdLayer` and tower-http's
/// `CatchPanicLayer` with [`ProblemForPanic`]. `UnkeyLayer::new()` is the one line for all of
/// it:
///
/// - a request id for every request: the request's own (header `x-request-id` by default) when
///   it keeps [`RequestId`]'s rule, else a fresh `req_...`; handlers and `TraceLayer` see it as
///   `tower_http::request_id::RequestId`; the response carries it in the same header, and a
///   problem in `meta.requestId`;
/// - error responses as [`ProblemLayer`] says: problems kept (request id filled in, content
///   type negotiated), anything else made a problem;
/// - a panic anywhere in the inner service answered with a generic 500 and reported.
///
/// Apply it with `Router::layer`, so that it sees which requests matched a route.
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

/// The service of [`UnkeyLayer`]: the composition it describes.
pub type UnkeyService<S> = SafeRequestId<
    SetRequestId<
        ProblemService<PropagateRequestId<CatchPanic<S, ProblemForPanic>>>,
        MakeUnkeyRequestId,
    >,
>;

impl<S> Layer<S> for UnkeyLayer {
    type Service = UnkeyService<S>;

    fn layer(&self, inner: S) -> UnkeyService<S> {
        let header = &self.settings.request_id_header;
        let caught = CatchPanicLayer::custom(ProblemForPanic).layer(inner);
        let propagated = PropagateRequestIdLayer::new(header.clone()).layer(caught);
        let problems = ProblemLayer {
            settings: Arc::clone(&self.settings),
        }
        .layer(propagated);
        let set = SetRequestIdLayer::new(header.clone(), MakeUnkeyRequestId).layer(problems);
        SafeRequestIdLayer::new(header.clone()).layer(set)
    }
}

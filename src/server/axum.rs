//! axum support (feature `axum`): [`Problem`] as a response, extractors whose rejections are
//! problems, axum's own rejections convertible into problems, and [`UnkeyLayer`], which makes
//! every error response an Unkey problem.
//!
//! [`UnkeyLayer`] is composed of parts usable alone, outermost first: [`SafeRequestIdLayer`]
//! (an incoming request id that breaks [`RequestId`]'s rule is dropped), tower-http's
//! `SetRequestIdLayer` with [`MakeUnkeyRequestId`] (a `req_...` id for a request without one;
//! handlers and `TraceLayer` see `tower_http::request_id::RequestId`), [`ProblemLayer`] (error
//! responses become problems, the request id in every response's header; nothing else), and
//! tower-http's `CatchPanicLayer` with [`ProblemForPanic`].
//!
//! ```no_run
//! use axum::{routing::post, Router};
//! use serde::Deserialize;
//! use unkey_errors::server::axum::{Json, UnkeyLayer};
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
//!     .fallback(unkey_errors::server::axum::not_found)
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
use axum::http::response::Parts as Parts_;
use axum::http::{HeaderName, HeaderValue, Method, Response, Uri};
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tower::{Layer, Service};
use tower_http::catch_panic::{CatchPanic, CatchPanicLayer, ResponseForPanic};
use tower_http::request_id::{MakeRequestId, SetRequestId, SetRequestIdLayer};

use super::framework::{self as server, ErrorResponse, RequestFacts, Settings, ERROR_BODY_LIMIT};
use crate::gateway::{GatewayError, Principal};
use crate::server::RequestId;
use crate::verify::KeyVerification;
use crate::{InternalError, Problem};

impl IntoResponse for Problem {
    /// The response [`Problem::into_http_response`] makes, its body written when the server
    /// sends it. Its cause is reported here, where the answer is made (see
    /// [`report`](crate::report)). Under [`UnkeyLayer`] (or [`ProblemLayer`]) the problem
    /// reaches the layer typed, which writes the body once instead, with the request id, in
    /// the content type negotiated from `Accept`.
    fn into_response(self) -> axum::response::Response {
        typed_response(server::TypedAnswer::Problem(self))
    }
}

impl IntoResponse for GatewayError {
    /// The gateway's JSON answer, its body written when the server sends it; an internal
    /// error's cause is reported here. Under [`UnkeyLayer`] (or [`ProblemLayer`]) the layer
    /// answers it as the gateway does instead: JSON or the error page by the request's
    /// `Accept` ([`prefers_json`](crate::gateway::prefers_json)), with the request id.
    fn into_response(self) -> axum::response::Response {
        typed_response(server::TypedAnswer::Gateway(Box::new(self)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = GatewayError;

    /// The verified caller: the `Principal` (or the `KeyVerification`) a layer that verified
    /// the key in process put in the request's extensions (`unkey-keyauth` does), else the one
    /// Unkey's gateway sent in its `X-Unkey-Principal` header
    /// ([`Principal::from_request_headers`]); a missing or unreadable header is answered as the
    /// gateway answers a missing or invalid credential, without echoing it. The header only for
    /// a service that can be reached through the gateway alone.
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, GatewayError> {
        Principal::of_request(
            parts.extensions.get::<Principal>(),
            parts.extensions.get::<KeyVerification>(),
            parts
                .headers
                .get_all(crate::gateway::PRINCIPAL_HEADER)
                .iter()
                .map(HeaderValue::as_bytes),
        )
    }
}

/// The response a typed answer becomes: status, content type and headers, the answer in its
/// extensions for the layer, and as its body, written when the server takes it.
fn typed_response(answer: server::TypedAnswer) -> axum::response::Response {
    let (typed, body, mut headers) = server::typed(answer);
    let answer = &*typed.0;
    let mut response = Response::new(Body::new(body));
    *response.status_mut() = answer.status();
    // The answer's own headers, moved, and the content type over any of theirs.
    headers.insert(CONTENT_TYPE, answer.content_type());
    *response.headers_mut() = headers;
    response.extensions_mut().insert(typed);
    response
}

impl http_body::Body for server::ProblemBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let data = self.get_mut().take();
        Poll::Ready(data.map(|data| Ok(http_body::Frame::data(Bytes::from(data)))))
    }

    fn is_end_stream(&self) -> bool {
        self.is_taken()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.len() as u64)
    }
}

impl<A> IntoResponse for InternalError<A> {
    /// The problem's response; an internal error is answered with the generic 500 and
    /// reported (see [`IntoResponse for Problem`](#impl-IntoResponse-for-Problem)).
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
            other => Problem::internal_owned(other.body_text()),
        }
    }
}

/// A JSON request body, like `axum::Json`, whose rejection is a problem: 400
/// `unkey/application/invalid_input` with the field at fault (`body.limit`) and serde's message
/// without its position, 413 `user/bad_request/request_body_too_large`, or 400
/// `user/bad_request/request_body_unreadable`. As a response, the value as JSON.
///
/// ```
/// use unkey_errors::server::axum::Json;
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

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Problem;

    /// The request's id, as [`UnkeyLayer`] (tower-http's `SetRequestIdLayer`) set it. Without
    /// one, the service is set up wrong: a 500 whose cause says so.
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let id = parts
            .extensions
            .get::<tower_http::request_id::RequestId>()
            .ok_or_else(|| {
                Problem::internal_owned(
                    "no request id: extracting RequestId needs UnkeyLayer (or tower-http's SetRequestIdLayer) around the handler",
                )
            })?;
        RequestId::from_header(id.header_value()).map_err(Problem::internal_owned)
    }
}

/// A fallback handler for unmatched routes: 404 with type `about:blank`, "No route for GET /a".
///
/// ```
/// let app: axum::Router = axum::Router::new().fallback(unkey_errors::server::axum::not_found);
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
        Some(tower_http::request_id::RequestId::new(fresh_request_id()))
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

/// A layer that makes every error response an Unkey problem, and sets the request id on every
/// response; nothing else:
///
/// - a problem this crate made (axum's `IntoResponse` for [`Problem`], an
///   [`ToProblem`](crate::ToProblem) type, [`InternalError`], a panic) reaches the layer
///   typed, also when it was made on another task: the layer writes its body once, with the
///   request's id (a problem's own id gives way: one id per answer, in header and body), in the
///   content type negotiated from `Accept` as the live server does (what the OpenAPI spec
///   declares when there is no `Accept`). Its cause was reported where it became a response, in
///   the layer's span (see [`report`](crate::report));
/// - any other error response is read (up to 64 KiB): a JSON problem (one passed on from
///   another server too) keeps its status and takes the request's id; anything else becomes a
///   problem: a 4xx keeps its status and its text as the detail, an empty 404 is "no route"
///   only when no route matched; a 5xx body is never echoed (and is reported here);
/// - a response another of these layers answered, inside this one, goes out as it is.
///
/// The request id is the request's `tower_http::request_id::RequestId` extension (tower-http's
/// `SetRequestIdLayer`, outside this one, sets it); the layer writes it in the header of every
/// error answer, and in that of any other response that has none of its own (as tower-http's
/// `PropagateRequestIdLayer` does: a handler's own id on a 2xx is kept). A request without the
/// extension gets a fresh id when it is answered with an error. Successful responses are not
/// otherwise touched: nothing is allocated for them. With the feature `tracing`, the service
/// inside runs in a span `request` (level `ERROR`, target `unkey_errors`) with the field
/// `request_id`. Apply it with `Router::layer`, so that it sees which requests matched a route.
///
/// The parts, composed by hand (here without catching panics); axum's `.layer` wraps what is
/// above it, so the last is the outermost:
///
/// ```
/// use axum::{routing::get, Router};
/// use tower_http::request_id::SetRequestIdLayer;
/// use unkey_errors::server::axum::{MakeUnkeyRequestId, ProblemLayer, SafeRequestIdLayer};
/// use unkey_errors::server::DEFAULT_REQUEST_ID_HEADER as ID;
///
/// let app: Router = Router::new()
///     .route("/", get(|| async { "ok" }))
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
            ids_checked: false,
        }
    }
}

/// The service of [`ProblemLayer`].
#[derive(Clone, Debug)]
pub struct ProblemService<S> {
    inner: S,
    settings: Arc<Settings>,
    /// Whether every request's id was checked outside (by [`UnkeyLayer`]'s own parts).
    ids_checked: bool,
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
        let request_id = request_id(&request, self.ids_checked);
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
        let pending = Pending {
            facts,
            request_id,
            settings: Arc::clone(&self.settings),
        };
        let span = server::RequestSpan::new(pending.request_id.as_ref());
        // A response made while calling (a panic caught there) is answered here too.
        let future = span.in_scope(|| self.inner.call(request));
        ProblemFuture {
            state: State::Inner {
                future,
                answer: Some(pending),
                span,
            },
        }
    }
}

/// The request's id: tower-http's `RequestId` extension (`SetRequestIdLayer` sets it outside)
/// when it keeps [`RequestId`]'s rule; `None` for a request without one (an error answer then
/// makes one, [`Pending::answer_id`]).
fn request_id<B>(request: &axum::http::Request<B>, checked: bool) -> Option<HeaderValue> {
    let id = request
        .extensions()
        .get::<tower_http::request_id::RequestId>()?
        .header_value();
    (checked || crate::server::request_id::check(id.as_bytes()).is_ok()).then(|| id.clone())
}

/// A fresh request id as a header value, in one allocation shared by every clone.
fn fresh_request_id() -> HeaderValue {
    let bytes = bytes::Bytes::from_owner(RequestId::generate_bytes());
    #[allow(clippy::expect_used)]
    HeaderValue::from_maybe_shared(bytes)
        .expect("invariant: a generated request id is `req_` and letters and digits")
}

/// A request id header value, checked header-safe or generated, as text.
fn id_text(id: &HeaderValue) -> &str {
    #[allow(clippy::expect_used)]
    id.to_str()
        .expect("invariant: the request id was checked header-safe (ASCII) or generated")
}

/// What [`ProblemFuture`] keeps to answer the response.
struct Pending {
    facts: RequestFacts,
    /// The request's id, header-safe.
    request_id: Option<HeaderValue>,
    settings: Arc<Settings>,
}

impl Pending {
    /// The id of an error answer: the request's, or, for a request without one (no
    /// `SetRequestIdLayer` outside), a fresh one.
    fn answer_id(&mut self) -> &HeaderValue {
        self.request_id.get_or_insert_with(fresh_request_id)
    }

    /// An answer of the plan's ([`server::answer_typed`], [`server::answer_foreign`]), given
    /// the settings, the request's facts and [`answer_id`](Self::answer_id) as text.
    fn plan<T>(&mut self, answer: impl FnOnce(&Settings, &RequestFacts, &str) -> T) -> T {
        let Self {
            facts,
            request_id,
            settings,
        } = self;
        answer(
            settings,
            facts,
            id_text(request_id.get_or_insert_with(fresh_request_id)),
        )
    }

    /// Sets the request's id, if it has one, in a response's header: over one the response has
    /// when `overwrite`, else only where it has none (as tower-http's
    /// `PropagateRequestIdLayer` does).
    fn set_request_id(&self, headers: &mut axum::http::HeaderMap, overwrite: bool) {
        let header = &self.settings.request_id_header;
        if let Some(id) = &self.request_id
            && (overwrite || !headers.contains_key(header))
        {
            headers.insert(header.clone(), id.clone());
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
            answer: Option<Pending>,
            span: server::RequestSpan,
        },
        Foreign {
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
                    answer,
                    span,
                } => {
                    let mut response = ready!(span.in_scope(|| future.poll(cx)))?;
                    #[allow(clippy::expect_used)]
                    let mut pending = answer
                        .take()
                        .expect("invariant: a future that gave its response is not polled again");
                    // A problem handed over typed is answered whatever its status (one made
                    // with a status below 400 too); a response with no extensions costs a
                    // branch here.
                    if let Some(typed) = response.extensions_mut().remove::<server::Typed>() {
                        // Its body is the problem, unwritten: dropped as it is.
                        let (parts, _unwritten) = response.into_parts();
                        let plan = pending.plan(|settings, facts, id| {
                            server::answer_typed(settings, facts, &typed.0, id)
                        });
                        return Poll::Ready(Ok(apply(parts, plan, &mut pending)));
                    }
                    let answered = response.extensions().get::<server::Answered>().is_some();
                    let step = server::step(&pending.settings, response.status(), answered, || {
                        let content_type = response.headers().get(CONTENT_TYPE);
                        let upper = http_body::Body::size_hint(response.body()).upper();
                        (content_type.map(HeaderValue::as_bytes), upper)
                    });
                    match step {
                        server::Step::Pass { overwrite_id } => {
                            pending.set_request_id(response.headers_mut(), overwrite_id);
                            return Poll::Ready(Ok(response.map(Body::new)));
                        }
                        server::Step::Read => State::Foreign {
                            future: Box::pin(answer_foreign(response.map(Body::new), pending)),
                        },
                    }
                }
                StateProjection::Foreign { future } => {
                    return future.as_mut().poll(cx).map(Ok);
                }
            };
            self.as_mut().project().state.set(next);
        }
    }
}

/// An answer plan applied to the response it answers, marked [`server::Answered`] for any
/// layer around this one.
fn apply(mut parts: Parts_, plan: server::Plan, pending: &mut Pending) -> Response<Body> {
    parts.status = plan.status;
    let headers = &mut parts.headers;
    if plan.replaces_body {
        headers.remove(CONTENT_LENGTH);
    }
    headers.insert(CONTENT_TYPE, plan.content_type);
    let header = pending.settings.request_id_header.clone();
    headers.insert(header, pending.answer_id().clone());
    parts.extensions.insert(server::Answered);
    Response::from_parts(parts, Body::from(plan.body))
}

/// The answer to an error response read by the layer ([`server::Step::Read`]): see
/// [`ProblemLayer`].
async fn answer_foreign(response: Response<Body>, mut pending: Pending) -> Response<Body> {
    let (mut parts, body) = response.into_parts();
    let (bytes, complete) = match axum::body::to_bytes(body, ERROR_BODY_LIMIT).await {
        Ok(bytes) => (bytes, true),
        Err(_) => (Bytes::new(), false),
    };
    let error = ErrorResponse {
        status: parts.status,
        content_type: parts.headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes),
        body: &bytes,
        complete,
    };
    let plan =
        pending.plan(|settings, facts, id| server::answer_foreign(settings, facts, &error, id));
    if let Some(plan) = plan {
        apply(parts, plan, &mut pending)
    } else {
        pending.set_request_id(&mut parts.headers, true);
        Response::from_parts(parts, Body::from(bytes))
    }
}

/// A layer that makes every error response an Unkey problem, with a request id for every
/// request and panics caught: the parts of this module composed, outermost first
/// [`SafeRequestIdLayer`], tower-http's `SetRequestIdLayer` with [`MakeUnkeyRequestId`],
/// [`ProblemLayer`] and tower-http's `CatchPanicLayer` with [`ProblemForPanic`].
/// `UnkeyLayer::new()` is the one line for all of it:
///
/// - a request id for every request: the request's own (header `x-request-id` by default) when
///   it keeps [`RequestId`]'s rule, else a fresh `req_...`; handlers extract it as
///   [`RequestId`] (and `TraceLayer` sees `tower_http::request_id::RequestId`); the response
///   carries it in the same header, and a problem in `meta.requestId`;
/// - error responses as [`ProblemLayer`] says: problems answered typed (request id filled in,
///   content type negotiated, written once), anything else made a problem;
/// - a panic anywhere in the inner service answered with a generic 500;
/// - internal errors and panics reported once, where they are answered, in the request's span
///   (see [`report`](crate::report)).
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

type Composed<S> =
    SafeRequestId<SetRequestId<ProblemService<CatchPanic<S, ProblemForPanic>>, MakeUnkeyRequestId>>;

/// The service of [`UnkeyLayer`]: the composition it describes, around `S`.
#[derive(Clone, Debug)]
pub struct UnkeyService<S> {
    inner: Composed<S>,
}

impl<S> Layer<S> for UnkeyLayer {
    type Service = UnkeyService<S>;

    fn layer(&self, inner: S) -> UnkeyService<S> {
        let header = &self.settings.request_id_header;
        let caught = CatchPanicLayer::custom(ProblemForPanic).layer(inner);
        let problems = ProblemService {
            inner: caught,
            settings: Arc::clone(&self.settings),
            ids_checked: true,
        };
        let set = SetRequestIdLayer::new(header.clone(), MakeUnkeyRequestId).layer(problems);
        UnkeyService {
            inner: SafeRequestIdLayer::new(header.clone()).layer(set),
        }
    }
}

impl<S, ReqBody, ResBody> Service<axum::http::Request<ReqBody>> for UnkeyService<S>
where
    S: Service<axum::http::Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<axum::BoxError>,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = UnkeyFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: axum::http::Request<ReqBody>) -> Self::Future {
        UnkeyFuture {
            inner: self.inner.call(request),
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`UnkeyService`].
    pub struct UnkeyFuture<F> {
        #[pin]
        inner: ProblemFuture<tower_http::catch_panic::ResponseFuture<F, ProblemForPanic>>,
    }
}

impl<F, B, E> Future for UnkeyFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Output = Result<Response<Body>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().inner.poll(cx)
    }
}

//! actix-web support (feature `actix-web`): [`Problem`] as an error and a responder,
//! extractors and extractor configs whose errors are problems, and [`UnkeyMiddleware`], which
//! makes every error response an Unkey problem.
//!
//! ```no_run
//! use actix_web::{web, App, HttpServer};
//! use unkey_errors::server::actix::{self as unkey, UnkeyMiddleware};
//! use unkey_errors::{ErrorCode, Problem};
//!
//! async fn forbidden() -> Result<&'static str, Problem> {
//!     Err(Problem::new(ErrorCode::AuthorizationForbidden, "This operation is not allowed"))
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! HttpServer::new(|| {
//!     App::new()
//!         .wrap(UnkeyMiddleware::new())
//!         .app_data(unkey::json_config())
//!         .app_data(unkey::query_config())
//!         .app_data(unkey::path_config())
//!         .route("/forbidden", web::get().to(forbidden))
//!         .default_service(web::to(unkey::not_found))
//! })
//! .bind(("127.0.0.1", 8080))?
//! .run()
//! .await
//! # }
//! ```

use std::future::{ready, Future, Ready};
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{forward_ready, Payload, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::http::header::{self as actix_header, HeaderMap as ActixHeaders};
use actix_web::http::StatusCode as ActixStatus;
use actix_web::{
    web, FromRequest, HttpMessage as _, HttpRequest, HttpResponse, Responder, ResponseError,
};
use futures_util::FutureExt as _;
use serde::de::DeserializeOwned;

use super::framework::{self as server, ErrorResponse, RequestFacts, Settings, ERROR_BODY_LIMIT};
use crate::gateway::{GatewayError, Principal};
use crate::server::RequestId;
use crate::util::without_position;
use crate::verify::KeyVerification;
use crate::{InternalError, Problem, ToProblem};

/// actix-web's status type (from `http` 0.2) for a problem's status.
///
/// # Panics
///
/// Never: both `http` versions take every status from 100 to 999.
#[doc(hidden)]
#[must_use]
pub fn actix_status(status: http::StatusCode) -> ActixStatus {
    #[allow(clippy::expect_used)]
    ActixStatus::from_u16(status.as_u16())
        .expect("invariant: http 1 and http 0.2 both take every status from 100 to 999")
}

/// Inserts headers the crate made (`http` 1: a verification's rate-limit headers, a problem's
/// own; an `&http::HeaderMap` or any pairs) into an actix-web response being built (`http`
/// 0.2), each value kept; no loop of your own. The crate's own problem responses are built
/// with it.
///
/// ```
/// use actix_web::HttpResponse;
/// use http::{HeaderMap, HeaderValue};
/// use unkey_errors::server::actix::insert_headers;
///
/// // In a handler: `verification.rate_limit_headers()`, say.
/// let mut headers = HeaderMap::new();
/// headers.insert("x-ratelimit-remaining", HeaderValue::from_static("7"));
/// let response = insert_headers(&mut HttpResponse::Ok(), &headers).body("ok");
/// assert_eq!(response.headers().get("x-ratelimit-remaining").unwrap(), "7");
/// ```
pub fn insert_headers<'a, 'b>(
    builder: &'b mut actix_web::HttpResponseBuilder,
    headers: impl IntoIterator<Item = (&'a http::HeaderName, &'a http::HeaderValue)>,
) -> &'b mut actix_web::HttpResponseBuilder {
    for (name, value) in headers {
        builder.append_header((actix_name(name), actix_value(value.as_bytes())));
    }
    builder
}

/// Sets headers the crate made (`http` 1) on an actix-web header map that already exists (`http`
/// 0.2: a `ServiceResponse`'s in a middleware of your own, say): each name they carry loses the
/// values it had and gets theirs, every value kept; other names are left alone.
///
/// ```
/// use actix_web::HttpResponse;
/// use http::{HeaderMap, HeaderValue};
/// use unkey_errors::server::actix::replace_headers;
///
/// let mut response = HttpResponse::Ok()
///     .insert_header(("x-ratelimit-remaining", "8"))
///     .finish();
/// let mut headers = HeaderMap::new();
/// headers.insert("x-ratelimit-remaining", HeaderValue::from_static("7"));
/// replace_headers(response.headers_mut(), &headers);
/// let values: Vec<_> = response.headers().get_all("x-ratelimit-remaining").collect();
/// assert_eq!(values, ["7"]);
/// ```
pub fn replace_headers<'a>(
    target: &mut actix_header::HeaderMap,
    headers: impl IntoIterator<Item = (&'a http::HeaderName, &'a http::HeaderValue)>,
) {
    let mut replaced: Vec<&http::HeaderName> = Vec::new();
    for (name, value) in headers {
        let name_actix = actix_name(name);
        if !replaced.contains(&name) {
            replaced.push(name);
            target.remove(&name_actix);
        }
        target.append(name_actix, actix_value(value.as_bytes()));
    }
}

/// A header name of `http` 1 as actix-web's (`http` 0.2).
fn actix_name(name: &http::HeaderName) -> actix_header::HeaderName {
    #[allow(clippy::expect_used)]
    actix_header::HeaderName::from_bytes(name.as_str().as_bytes())
        .expect("invariant: a header name http 1 accepts, http 0.2 accepts")
}

/// A header value's bytes, valid for `http` 1 (or a header-safe request id), as actix-web's.
fn actix_value(value: &[u8]) -> actix_header::HeaderValue {
    #[allow(clippy::expect_used)]
    actix_header::HeaderValue::from_bytes(value)
        .expect("invariant: a header value http 1 accepts, http 0.2 accepts")
}

/// The response a problem or a gateway error becomes: its status, content type and headers,
/// the answer in its extensions for [`UnkeyMiddleware`], and as its body, written when
/// actix-web sends it (the middleware writes it instead, once). Its cause is reported now,
/// where the answer is made.
fn typed_response(answer: server::TypedAnswer) -> HttpResponse {
    let (typed, body, headers) = server::typed(answer);
    let answer = &*typed.0;
    let mut builder = HttpResponse::build(actix_status(answer.status()));
    builder.insert_header((
        actix_header::CONTENT_TYPE,
        actix_value(answer.content_type().as_bytes()),
    ));
    let mut response = insert_headers(&mut builder, &headers).body(body);
    response.extensions_mut().insert(typed);
    response
}

impl MessageBody for server::ProblemBody {
    type Error = std::convert::Infallible;

    fn size(&self) -> actix_web::body::BodySize {
        actix_web::body::BodySize::Sized(self.len() as u64)
    }

    fn poll_next(
        self: Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<web::Bytes, Self::Error>>> {
        std::task::Poll::Ready(self.get_mut().take().map(|data| Ok(web::Bytes::from(data))))
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> ActixStatus {
        actix_status(self.status())
    }

    /// The response [`Problem::into_http_response`] makes, its body written when actix-web
    /// sends it. Its cause is reported here, where the answer is made (see
    /// [`report`](crate::report)); asking for [`status_code`](ResponseError::status_code)
    /// first changes nothing. Under [`UnkeyMiddleware`] the middleware writes the body once
    /// instead, with the request id, in the content type negotiated from `Accept`.
    fn error_response(&self) -> HttpResponse {
        typed_response(server::TypedAnswer::Problem(self.clone()))
    }
}

impl Responder for Problem {
    type Body = BoxBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        typed_response(server::TypedAnswer::Problem(self))
    }
}

impl FromRequest for Principal {
    type Error = GatewayError;
    type Future = Ready<Result<Self, GatewayError>>;

    /// The verified caller: the `Principal` (or the `KeyVerification`) a middleware that verified
    /// the key in process put in the request's extensions (`unkey-keyauth` does), else the one
    /// Unkey's gateway sent in its `X-Unkey-Principal` header
    /// ([`Principal::from_request_headers`]); a missing or unreadable header is answered as the
    /// gateway answers a missing or invalid credential, without echoing it. The header only for
    /// a service that can be reached through the gateway alone.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let extensions = req.extensions();
        let values = req
            .headers()
            .get_all(crate::gateway::PRINCIPAL_HEADER.as_str())
            .map(actix_header::HeaderValue::as_bytes);
        ready(Principal::of_request(
            extensions.get::<Principal>(),
            extensions.get::<KeyVerification>(),
            values,
        ))
    }
}

impl ResponseError for GatewayError {
    fn status_code(&self) -> ActixStatus {
        actix_status(self.status())
    }

    /// The gateway's JSON answer, its body written when actix-web sends it; an internal
    /// error's cause is reported here. Under [`UnkeyMiddleware`] the middleware answers it as
    /// the gateway does instead: JSON or the error page by the request's `Accept`
    /// ([`prefers_json`](crate::gateway::prefers_json)), with the request id.
    fn error_response(&self) -> HttpResponse {
        typed_response(server::TypedAnswer::Gateway(Box::new(self.clone())))
    }
}

impl Responder for GatewayError {
    type Body = BoxBody;

    /// As [`ResponseError::error_response`]: JSON, or under [`UnkeyMiddleware`] what the
    /// request's `Accept` chooses.
    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        typed_response(server::TypedAnswer::Gateway(Box::new(self)))
    }
}

impl<A: 'static> ResponseError for InternalError<A> {
    fn status_code(&self) -> ActixStatus {
        actix_status(ToProblem::status(self))
    }

    /// The problem's response; an internal error is answered with the generic 500 and
    /// reported.
    fn error_response(&self) -> HttpResponse {
        self.to_problem().error_response()
    }
}

/// A `JsonConfig` whose errors are problems: 400 `unkey/application/invalid_input`, 413
/// `user/bad_request/request_body_too_large` or 400 `user/bad_request/request_body_unreadable`.
/// actix's own `web::Json` reports no field path (only a missing field is located); [`Json`]
/// does.
#[must_use]
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().error_handler(|err, _| {
        let problem = match &err {
            JsonPayloadError::Deserialize(inner) => {
                let message = without_position(inner);
                // serde's "missing field `x`" names the field; other messages do not.
                let location = server::with_missing_field("body".to_owned(), &message);
                server::invalid_input(location, message)
            }
            JsonPayloadError::ContentType => {
                server::invalid_input("header.content-type", "must be application/json")
            }
            JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
                server::unreadable_body(true)
            }
            _ => server::unreadable_body(false),
        };
        problem.into()
    })
}

/// A `QueryConfig` whose errors are problems (400 `unkey/application/invalid_input`).
#[must_use]
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _| {
        let QueryPayloadError::Deserialize(inner) = &err else {
            return server::invalid_input("query", err.to_string()).into();
        };
        server::invalid_input("query", inner.to_string()).into()
    })
}

/// A `PathConfig` whose errors are problems (400 `unkey/application/invalid_input`).
#[must_use]
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, _| server::invalid_input("path", err.to_string()).into())
}

/// A JSON request body whose error is a problem naming the field at fault (`body.limit`),
/// with serde's message without its position.
#[derive(Clone, Copy, Debug, Default)]
pub struct Json<T>(pub T);

server::extractor_conversions!(Json);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = Problem;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Problem>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = req
            .headers()
            .get(actix_header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await.map_err(|err| {
                server::unreadable_body(
                    err.as_response_error().status_code() == ActixStatus::PAYLOAD_TOO_LARGE,
                )
            })?;
            server::json_body(content_type.as_deref(), &bytes).map(Json)
        })
    }
}

/// A query string whose error is a problem naming the parameter at fault (`query.page`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Query<T>(pub T);

server::extractor_conversions!(Query);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(server::query(Some(req.query_string())).map(Query))
    }
}

/// Path parameters whose error is a problem naming the parameters (`path`), with the
/// message of actix-web's path deserializer.
///
/// ```
/// use unkey_errors::server::actix::Path;
///
/// async fn get_key(Path(id): Path<String>) -> String {
///     id
/// }
/// # let _ = actix_web::web::get().to(get_key);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Path<T>(pub T);

server::extractor_conversions!(Path);

impl<T: DeserializeOwned + 'static> FromRequest for Path<T> {
    type Error = Problem;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Problem>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let extracted = web::Path::<T>::from_request(req, payload);
        Box::pin(async move {
            match extracted.await {
                Ok(path) => Ok(Path(path.into_inner())),
                Err(err) => Err(
                    match (
                        err.as_error::<Problem>(),
                        err.as_error::<actix_web::error::PathError>(),
                    ) {
                        // `path_config()` made it a problem already.
                        (Some(problem), _) => problem.clone(),
                        (None, Some(actix_web::error::PathError::Deserialize(inner))) => {
                            server::invalid_input("path", inner.to_string())
                        }
                        _ => server::invalid_input("path", err.to_string()),
                    },
                ),
            }
        })
    }
}

impl FromRequest for RequestId {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    /// The request's id, as [`UnkeyMiddleware`] set it (also `web::ReqData<RequestId>`).
    /// Without one, the service is set up wrong: a 500 whose cause says so.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(req.extensions().get::<RequestId>().cloned().ok_or_else(|| {
            Problem::internal_owned(
                "no request id: extracting RequestId needs UnkeyMiddleware around the handler",
            )
        }))
    }
}

/// actix-web's method (from `http` 0.2) as `http` 1's; no allocation for the standard ones.
fn method(method: &actix_web::http::Method) -> http::Method {
    #[allow(clippy::expect_used)]
    http::Method::from_bytes(method.as_str().as_bytes())
        .expect("invariant: a method http 0.2 accepted is a valid token for http 1")
}

/// A handler for unmatched routes (`default_service`): 404 with type `about:blank`, "No route
/// for GET /a".
#[allow(clippy::unused_async)] // actix-web handlers are async functions
pub async fn not_found(req: HttpRequest) -> Problem {
    server::no_route(&method(req.method()), req.path())
}

/// Middleware that makes every error response an Unkey problem; the same behaviour as
/// [`UnkeyLayer`](crate::server::axum::UnkeyLayer) for axum, from the same answer plan (actix-web has
/// no tower):
///
/// - a request id for every request: the request's own (header `x-request-id` by default)
///   when it keeps [`RequestId`]'s rule, else a fresh `req_...`; handlers see it as
///   `web::ReqData<RequestId>`; every error answer carries it in the same header and in
///   `meta.requestId` (a problem's own id gives way), any other response in the header unless
///   it has one of its own;
/// - a problem this crate made reaches the middleware typed (also from another task), and is
///   written once, in the content type negotiated from `Accept` as the live server does;
/// - any other error response is read: a JSON problem keeps its status and takes the request's
///   id; anything else becomes a problem: a 4xx keeps its status and its text as the detail,
///   an empty 404 is "no route" only when no route matched; a 5xx body is never echoed (and is
///   reported);
/// - a panic anywhere in the inner service answered with a generic 500; it and internal
///   errors are reported once, where they are answered, in the request's span (feature
///   `tracing`; see [`report`](crate::report)).
#[derive(Clone, Debug, Default)]
pub struct UnkeyMiddleware {
    settings: Arc<Settings>,
}

impl UnkeyMiddleware {
    /// The middleware with the defaults: header `x-request-id`, negotiation on, foreign errors
    /// rewritten.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    server::settings_builder!();
}

impl<S, B> Transform<S, ServiceRequest> for UnkeyMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Transform = UnkeyMiddlewareService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(UnkeyMiddlewareService {
            service: Rc::new(service),
            settings: Arc::clone(&self.settings),
        }))
    }
}

/// The service of [`UnkeyMiddleware`].
pub struct UnkeyMiddlewareService<S> {
    service: Rc<S>,
    settings: Arc<Settings>,
}

impl<S, B> Service<ServiceRequest> for UnkeyMiddlewareService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>>>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let settings = Arc::clone(&self.settings);
        let request_id = req
            .headers()
            .get(settings.request_id_header.as_str())
            .and_then(|value| RequestId::from_bytes(value.as_bytes()).ok())
            .unwrap_or_else(RequestId::generate);
        req.extensions_mut().insert(request_id.clone());
        let facts = RequestFacts::new(
            req.headers()
                .get_all(actix_header::ACCEPT)
                .map(actix_header::HeaderValue::as_bytes),
            method(req.method()),
            None,
        );
        // Kept to answer with a response when the service gives none (an error or a panic).
        // The request itself cannot be kept: actix-web routes it inside `call`, which needs it
        // unshared.
        let (request_method, request_uri) = (req.method().clone(), req.uri().clone());
        let span = server::RequestSpan::new(Some(&request_id));
        // A panic while calling, not only while the future runs, is caught.
        let called =
            span.in_scope(|| std::panic::catch_unwind(AssertUnwindSafe(|| self.service.call(req))));
        Box::pin(async move {
            let result = match called {
                Ok(future) => {
                    let mut caught = std::pin::pin!(AssertUnwindSafe(future).catch_unwind());
                    std::future::poll_fn(|cx| span.in_scope(|| caught.as_mut().poll(cx))).await
                }
                Err(panic) => Err(panic),
            };
            let response = match result {
                Ok(Ok(response)) => {
                    let (request, response) = response.map_into_boxed_body().into_parts();
                    return Ok(finish(request, response, &settings, &request_id, facts).await);
                }
                // An error the service answered without a response, and a panic: answered
                // as a response all the same, so that outer middleware and actix's test
                // helpers see one; reported where they become one, in the request's span.
                Ok(Err(err)) => span.in_scope(|| err.error_response()),
                Err(panic) => span.in_scope(|| {
                    typed_response(server::TypedAnswer::Problem(server::panic_problem(&*panic)))
                }),
            };
            let request = stand_in(request_method, &request_uri, &request_id);
            Ok(finish(request, response, &settings, &request_id, facts).await)
        })
    }
}

/// The request a response made without one is paired with: the original's method and URI, and
/// its request id; its headers, app data and match info are gone with it.
fn stand_in(
    method: actix_web::http::Method,
    uri: &actix_web::http::Uri,
    id: &RequestId,
) -> HttpRequest {
    let request = actix_web::test::TestRequest::default()
        .method(method)
        .uri(&uri.to_string())
        .to_http_request();
    request.extensions_mut().insert(id.clone());
    request
}

/// Answers the response as the plan says, paired with its request.
async fn finish(
    req: HttpRequest,
    response: HttpResponse,
    settings: &Settings,
    request_id: &RequestId,
    mut facts: RequestFacts,
) -> ServiceResponse<BoxBody> {
    if response.status().as_u16() >= 400 && req.match_pattern().is_none() {
        facts.unmatched_path = Some(req.path().into());
    }
    let (head, body) = response.into_parts();
    let answered = answer(head, body, settings, request_id, facts).await;
    ServiceResponse::new(req, answered)
}

/// See [`UnkeyMiddleware`]: the plan's steps (`server::step`), applied.
async fn answer(
    mut head: HttpResponse<()>,
    body: BoxBody,
    settings: &Settings,
    request_id: &RequestId,
    facts: RequestFacts,
) -> HttpResponse {
    let typed = head.extensions_mut().remove::<server::Typed>();
    if let Some(typed) = typed {
        drop(body); // the problem, unwritten: the middleware writes it
        let plan = server::answer_typed(settings, &facts, &typed.0, request_id.as_str());
        return apply(head, plan, settings, request_id);
    }
    let status = http_status(head.status());
    let answered = head.extensions().contains::<server::Answered>();
    let step = server::step(settings, status, answered, || {
        let content_type = head.headers().get(actix_header::CONTENT_TYPE);
        let upper = match body.size() {
            actix_web::body::BodySize::None => Some(0),
            actix_web::body::BodySize::Sized(n) => Some(n),
            actix_web::body::BodySize::Stream => None,
        };
        (content_type.map(actix_header::HeaderValue::as_bytes), upper)
    });
    if let server::Step::Pass { overwrite_id } = step {
        set_request_id(head.headers_mut(), settings, request_id, overwrite_id);
        return head.set_body(body);
    }
    let (bytes, complete) = match actix_web::body::to_bytes_limited(body, ERROR_BODY_LIMIT).await {
        Ok(Ok(bytes)) => (bytes, true),
        _ => (web::Bytes::new(), false),
    };
    let error = ErrorResponse {
        status,
        content_type: head
            .headers()
            .get(actix_header::CONTENT_TYPE)
            .map(actix_header::HeaderValue::as_bytes),
        body: &bytes,
        complete,
    };
    if let Some(plan) = server::answer_foreign(settings, &facts, &error, request_id.as_str()) {
        apply(head, plan, settings, request_id)
    } else {
        set_request_id(head.headers_mut(), settings, request_id, true);
        head.set_body(BoxBody::new(bytes))
    }
}

/// actix-web's status (`http` 0.2) as `http` 1's.
fn http_status(status: ActixStatus) -> http::StatusCode {
    #[allow(clippy::expect_used)]
    http::StatusCode::from_u16(status.as_u16())
        .expect("invariant: actix-web's status codes are 100 to 999, as http's")
}

/// An answer plan applied to the response it answers, marked [`server::Answered`] for any
/// middleware around this one.
fn apply(
    mut head: HttpResponse<()>,
    plan: server::Plan,
    settings: &Settings,
    request_id: &RequestId,
) -> HttpResponse {
    *head.status_mut() = actix_status(plan.status);
    let headers = head.headers_mut();
    if plan.replaces_body {
        headers.remove(actix_header::CONTENT_LENGTH);
    }
    headers.insert(
        actix_header::CONTENT_TYPE,
        actix_value(plan.content_type.as_bytes()),
    );
    set_request_id(headers, settings, request_id, true);
    head.extensions_mut().insert(server::Answered);
    head.set_body(BoxBody::new(plan.body))
}

/// Sets the request's id in a response's header: over one it has when `overwrite`, else only
/// where it has none.
fn set_request_id(
    headers: &mut ActixHeaders,
    settings: &Settings,
    request_id: &RequestId,
    overwrite: bool,
) {
    let name = actix_name(&settings.request_id_header);
    if overwrite || !headers.contains_key(&name) {
        headers.insert(name, actix_value(request_id.as_str().as_bytes()));
    }
}

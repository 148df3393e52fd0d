//! actix-web support (feature `actix-web`): [`Problem`] as an error and a responder,
//! extractors and extractor configs whose errors are problems, and [`UnkeyMiddleware`], which
//! makes every error response an Unkey problem.
//!
//! ```no_run
//! use actix_web::{web, App, HttpServer};
//! use unkey_errors::actix::{self as unkey, UnkeyMiddleware};
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
use crate::util::without_position;
use crate::{InternalError, IntoProblem, Problem, RequestId};

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

/// The response for a problem: its status, content type and headers, and its body.
fn respond(problem: &Problem, body: impl MessageBody + 'static) -> HttpResponse {
    let mut response = HttpResponse::build(actix_status(problem.status()))
        .insert_header((actix_header::CONTENT_TYPE, problem.content_type().as_str()))
        .body(body);
    insert_headers(response.headers_mut(), problem.headers());
    response
}

/// Copies a problem's headers (`http` 1) into actix-web's (`http` 0.2), replacing any of the
/// same name.
fn insert_headers<'a>(
    target: &mut ActixHeaders,
    headers: impl Iterator<Item = (&'a http::HeaderName, &'a http::HeaderValue)>,
) {
    for (name, value) in headers {
        #[allow(clippy::expect_used)]
        let (name, value) = (
            actix_header::HeaderName::from_bytes(name.as_str().as_bytes())
                .expect("invariant: a header name http 1 accepts, http 0.2 accepts"),
            actix_header::HeaderValue::from_bytes(value.as_bytes())
                .expect("invariant: a header value http 1 accepts, http 0.2 accepts"),
        );
        target.insert(name, value);
    }
}

/// The response carrying a problem typed in its extensions, for [`UnkeyMiddleware`], which
/// writes its status, headers and body: until then it has the problem's status and no body.
fn typed_response(problem: Problem) -> HttpResponse {
    let mut response = HttpResponse::new(actix_status(problem.status()));
    response.extensions_mut().insert(server::Typed(problem));
    response
}

impl ResponseError for Problem {
    fn status_code(&self) -> ActixStatus {
        actix_status(self.status())
    }

    /// The response [`Problem::into_http_response`] makes. Under [`UnkeyMiddleware`] the
    /// problem rides to the middleware typed, which fills in the request id, negotiates the
    /// content type, writes it once and reports its cause; without it, its cause is reported
    /// here, without a request id (see [`report`](crate::report)). Asking for
    /// [`status_code`](ResponseError::status_code) first changes nothing.
    fn error_response(&self) -> HttpResponse {
        if server::under_layer() {
            return typed_response(self.clone());
        }
        server::report_unanswered(self);
        respond(self, self.to_json_vec())
    }
}

impl Responder for Problem {
    type Body = BoxBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        self.error_response()
    }
}

impl<A: 'static> ResponseError for InternalError<A> {
    fn status_code(&self) -> ActixStatus {
        actix_status(IntoProblem::status(self))
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
/// use unkey_errors::actix::Path;
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
/// [`UnkeyLayer`](crate::axum::UnkeyLayer) for axum (actix-web has no tower):
///
/// - a request id for every request: the request's own (header `x-request-id` by default)
///   when it keeps [`RequestId`]'s rule, else a fresh `req_...`; handlers see it as
///   `web::ReqData<RequestId>`; the response carries it in the same header, and a problem in
///   `meta.requestId`;
/// - a response that already is an Unkey problem goes out as it is, except that the request id
///   is filled in when the body has none, header and body are made to carry the same id, and
///   the content type follows `Accept` as the live server negotiates;
/// - any other error response becomes a problem: a 4xx keeps its status and its text as the
///   detail, an empty 404 is "no route" only when no route matched; a 5xx body is never echoed
///   (and is reported);
/// - a panic anywhere in the inner service answered with a generic 500; it and internal
///   errors are reported with the request id.
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
        // A panic while calling, not only while the future runs, is caught.
        let called = {
            let _polling = server::Polling::enter();
            std::panic::catch_unwind(AssertUnwindSafe(|| self.service.call(req)))
        };
        Box::pin(async move {
            let result = match called {
                Ok(future) => {
                    let mut caught = std::pin::pin!(AssertUnwindSafe(future).catch_unwind());
                    std::future::poll_fn(|cx| {
                        let _polling = server::Polling::enter();
                        caught.as_mut().poll(cx)
                    })
                    .await
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
                // helpers see one.
                Ok(Err(err)) => {
                    let _polling = server::Polling::enter();
                    err.error_response()
                }
                Err(panic) => typed_response(server::panic_problem(&*panic)),
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

/// Adds the request id to a response, and answers it if it is an error.
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

/// See [`UnkeyMiddleware`]: a problem handed over typed answered, the request id in the header
/// (the problem's own when it has a header-safe one), any other error response answered.
async fn answer(
    mut head: HttpResponse<()>,
    body: BoxBody,
    settings: &Settings,
    request_id: &RequestId,
    facts: RequestFacts,
) -> HttpResponse {
    let header = settings.request_id_header.as_str();
    let typed = head.extensions_mut().remove::<server::Typed>();
    if let Some(typed) = typed {
        drop(body); // empty: the middleware writes it
        let plan = server::answer_problem(
            settings,
            &facts,
            typed.into_problem(),
            Some(request_id.as_str()),
        );
        return apply(head, plan, header, request_id);
    }
    if head.status().as_u16() < 400 {
        set_header(head.headers_mut(), header, request_id.as_str());
        return head.set_body(body);
    }
    let fits = matches!(body.size(), actix_web::body::BodySize::Sized(n) if n <= ERROR_BODY_LIMIT as u64)
        || matches!(body.size(), actix_web::body::BodySize::None);
    let content_type = head
        .headers()
        .get(actix_header::CONTENT_TYPE)
        .map(actix_header::HeaderValue::as_bytes);
    if !server::reads_foreign_body(settings, content_type, fits) {
        set_header(head.headers_mut(), header, request_id.as_str());
        return head.set_body(body);
    }
    let (bytes, complete) = match actix_web::body::to_bytes_limited(body, ERROR_BODY_LIMIT).await {
        Ok(Ok(bytes)) => (bytes, true),
        _ => (web::Bytes::new(), false),
    };
    #[allow(clippy::expect_used)]
    let status = http::StatusCode::from_u16(head.status().as_u16())
        .expect("invariant: actix-web's status codes are 100 to 999, as http's");
    let error = ErrorResponse {
        status,
        content_type,
        body: &bytes,
        complete,
    };
    if let Some(plan) = server::answer_foreign(settings, &facts, &error, Some(request_id.as_str()))
    {
        apply(head, plan, header, request_id)
    } else {
        set_header(head.headers_mut(), header, request_id.as_str());
        head.set_body(BoxBody::new(bytes))
    }
}

/// An answer plan applied to the response it answers.
fn apply(
    mut head: HttpResponse<()>,
    plan: server::Plan,
    header: &str,
    request_id: &RequestId,
) -> HttpResponse {
    *head.status_mut() = actix_status(plan.status);
    let headers = head.headers_mut();
    headers.remove(actix_header::CONTENT_LENGTH);
    headers.insert(
        actix_header::CONTENT_TYPE,
        actix_header::HeaderValue::from_static(plan.content_type.as_str()),
    );
    if let Some(own) = &plan.headers {
        insert_headers(headers, own.iter());
    }
    let id = match &plan.request_id {
        server::HeaderId::Request => request_id.as_str(),
        server::HeaderId::Own(id) => id,
    };
    set_header(headers, header, id);
    head.set_body(BoxBody::new(plan.body))
}

/// Sets the request id header; every id that reaches here keeps the header-safe rule.
fn set_header(headers: &mut ActixHeaders, name: &str, id: &str) {
    if let (Ok(name), Ok(value)) = (
        actix_header::HeaderName::from_bytes(name.as_bytes()),
        actix_header::HeaderValue::from_str(id),
    ) {
        headers.insert(name, value);
    }
}

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
use actix_web::http::header::{
    self as actix_header, HeaderName as ActixHeaderName, HeaderValue as ActixHeaderValue,
};
use actix_web::http::StatusCode as ActixStatus;
use actix_web::{
    web, FromRequest, HttpMessage as _, HttpRequest, HttpResponse, Responder, ResponseError,
};
use futures_util::FutureExt as _;
use serde::de::DeserializeOwned;

use super::framework::{self as server, Settings, FOREIGN_BODY_LIMIT};
use crate::server::PendingReport;
use crate::{InternalError, IntoProblem, Problem, RequestId};

/// actix-web's status type (from `http` 0.2) for a problem's status.
#[doc(hidden)]
#[must_use]
pub fn actix_status(status: http::StatusCode) -> ActixStatus {
    ActixStatus::from_u16(status.as_u16()).unwrap_or(ActixStatus::INTERNAL_SERVER_ERROR)
}

/// The response for a problem with a content type; the problem rides in its extensions so
/// that [`UnkeyMiddleware`] can add the request id and negotiate.
fn respond(problem: &Problem, content_type: crate::ContentType) -> HttpResponse {
    let mut builder = HttpResponse::build(actix_status(problem.status()));
    builder.insert_header((actix_header::CONTENT_TYPE, content_type.as_str()));
    for (name, value) in problem.headers() {
        builder.insert_header((name.as_str(), value.as_bytes()));
    }
    let mut response = builder.body(problem.to_json_vec());
    let mut carried = problem.clone();
    if let Some(report) = carried.take_report() {
        response.extensions_mut().insert(report);
    }
    response.extensions_mut().insert(carried);
    response
}

impl ResponseError for Problem {
    fn status_code(&self) -> ActixStatus {
        actix_status(self.status())
    }

    /// The response [`Problem::into_http_response`] makes.
    fn error_response(&self) -> HttpResponse {
        respond(self, self.content_type())
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
/// actix's own `web::Json` reports no field path; [`Json`] does.
#[must_use]
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().error_handler(|err, _| {
        let problem = match &err {
            JsonPayloadError::Deserialize(inner) => {
                let message = inner.to_string();
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

/// A JSON request body whose error is a problem naming the field at fault (`body.limit`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Json<T>(pub T);

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

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(server::query(Some(req.query_string())).map(Query))
    }
}

/// A handler for unmatched routes (`default_service`): 404 with type `about:blank`.
#[allow(clippy::unused_async)] // actix-web handlers are async functions
pub async fn not_found(req: HttpRequest) -> Problem {
    let method =
        http::Method::from_bytes(req.method().as_str().as_bytes()).unwrap_or(http::Method::GET);
    server::foreign_error(http::StatusCode::NOT_FOUND, b"", &method, req.path())
}

/// Middleware that makes every error response an Unkey problem; the same behaviour as
/// [`UnkeyLayer`](crate::axum::UnkeyLayer) for axum:
///
/// - a request id for every request: from the request header (default `x-request-id`) when it
///   keeps [`RequestId`]'s rule, else generated; in the request's extensions
///   (`web::ReqData<RequestId>`), in `meta.requestId` of a problem that has none, and in the
///   same header of every response;
/// - the content type negotiated from `Accept` as Unkey's server does, and what the OpenAPI
///   spec declares when the request sends no `Accept`;
/// - error responses that are not problems turned into problems; a 5xx body is never echoed;
/// - a panic in a handler answered with 500 `unkey/application/unexpected_error`.
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
        let service = Rc::clone(&self.service);
        let settings = Arc::clone(&self.settings);
        Box::pin(async move {
            let headers = to_http_headers(req.headers());
            let request_id = settings.request_id(&headers);
            req.extensions_mut().insert(request_id.clone());
            let accept = server::accept_headers(&headers);
            // The request cannot be cloned here (routing needs it uniquely), so a response
            // made without it (an error or a panic) leaves as an error whose response is final.
            let (method, path) = (req.method().as_str().to_owned(), req.path().to_owned());
            let response = match AssertUnwindSafe(service.call(req)).catch_unwind().await {
                Ok(Ok(response)) => response.map_into_boxed_body(),
                Ok(Err(err)) => {
                    let problem = err.as_error::<Problem>().cloned().unwrap_or_else(|| {
                        let status = http::StatusCode::from_u16(
                            err.as_response_error().status_code().as_u16(),
                        )
                        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
                        let method = http::Method::from_bytes(method.as_bytes())
                            .unwrap_or(http::Method::GET);
                        server::foreign_error(status, b"", &method, &path)
                    });
                    return Err(Finished::new(problem, &settings, &request_id, &accept).into());
                }
                Err(panic) => {
                    let problem = server::panic_problem(&*panic);
                    return Err(Finished::new(problem, &settings, &request_id, &accept).into());
                }
            };
            Ok(finish(response, &settings, &request_id, &accept).await)
        })
    }
}

/// A problem whose response is final: request id set, content type negotiated, header ready.
#[derive(Debug)]
struct Finished {
    problem: Problem,
    content_type: crate::ContentType,
    header: Option<(ActixHeaderName, ActixHeaderValue)>,
}

impl Finished {
    fn new(
        mut problem: Problem,
        settings: &Settings,
        request_id: &RequestId,
        accept: &http::HeaderMap,
    ) -> Self {
        if problem.request_id().is_empty() {
            problem.set_request_id(request_id.clone());
        }
        if let Some(report) = problem.take_report() {
            report.report(request_id.as_str());
        }
        let content_type = settings.content_type(&problem, accept);
        Self {
            problem,
            content_type,
            header: request_id_header(settings, request_id),
        }
    }
}

impl std::fmt::Display for Finished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.problem.fmt(f)
    }
}

impl ResponseError for Finished {
    fn status_code(&self) -> ActixStatus {
        actix_status(self.problem.status())
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = respond(&self.problem, self.content_type);
        if let Some((name, value)) = &self.header {
            response.headers_mut().insert(name.clone(), value.clone());
        }
        response
    }
}

/// The configured request id header with the id, in actix-web's types.
fn request_id_header(
    settings: &Settings,
    request_id: &RequestId,
) -> Option<(ActixHeaderName, ActixHeaderValue)> {
    let name = ActixHeaderName::from_bytes(settings.request_id_header.as_str().as_bytes()).ok()?;
    let value = ActixHeaderValue::from_str(request_id.as_str()).ok()?;
    Some((name, value))
}

/// The request's headers as `http` 1 types (actix-web 4 uses `http` 0.2); only what is valid
/// in both is kept.
fn to_http_headers(headers: &actix_header::HeaderMap) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_str().as_bytes()),
            http::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// Adds the request id, negotiates, and rewrites a foreign error response.
async fn finish(
    response: ServiceResponse<BoxBody>,
    settings: &Settings,
    request_id: &RequestId,
    accept: &http::HeaderMap,
) -> ServiceResponse<BoxBody> {
    let (req, mut response) = response.into_parts();
    if let Some((name, value)) = request_id_header(settings, request_id) {
        response.headers_mut().insert(name, value);
    }
    if let Some(report) = response.extensions_mut().remove::<PendingReport>() {
        report.report(request_id.as_str());
    }
    let carried = response.extensions_mut().remove::<Problem>();
    let problem = match carried {
        Some(problem) => problem,
        None if settings.rewrite_foreign_errors && response.status().as_u16() >= 400 => {
            let status = http::StatusCode::from_u16(response.status().as_u16())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            let (head, body) = response.into_parts();
            let bytes = actix_web::body::to_bytes_limited(body, FOREIGN_BODY_LIMIT)
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default();
            let method = http::Method::from_bytes(req.method().as_str().as_bytes())
                .unwrap_or(http::Method::GET);
            let problem = server::foreign_error(status, &bytes, &method, req.path());
            response = head.set_body(BoxBody::new(()));
            *response.status_mut() = actix_status(problem.status());
            problem
        }
        None => return ServiceResponse::new(req, response),
    };
    let mut problem = problem;
    if problem.request_id().is_empty() {
        problem.set_request_id(request_id.clone());
    }
    let content_type = settings.content_type(&problem, accept);
    let mut response = response.set_body(BoxBody::new(problem.to_json_vec()));
    let headers = response.headers_mut();
    headers.insert(
        actix_header::CONTENT_TYPE,
        ActixHeaderValue::from_static(content_type.as_str()),
    );
    headers.remove(actix_header::CONTENT_LENGTH);
    ServiceResponse::new(req, response)
}

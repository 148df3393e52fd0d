//! What the framework integrations share: request ids, content negotiation, turning
//! rejections and foreign error responses into problems. Knows no framework.

use std::borrow::Cow;

use http::header::ACCEPT;
use http::{HeaderMap, HeaderName, Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::{ContentType, ErrorCode, Problem, RequestId, ValidationError};

/// The default header a request id is read from and echoed in: `x-request-id`, as
/// tower-http's request-id layer sets it.
pub const DEFAULT_REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// How much of a foreign error body is read to turn it into a problem.
pub(crate) const FOREIGN_BODY_LIMIT: usize = 16 * 1024;

/// The settings the server integrations share.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) request_id_header: HeaderName,
    pub(crate) negotiate: bool,
    pub(crate) rewrite_foreign_errors: bool,
}

/// The builder methods of a type holding `settings: Arc<Settings>` (the axum layer, the
/// actix-web middleware): one definition for both.
macro_rules! settings_builder {
    () => {
        /// Reads and echoes the request id in `header` instead of `x-request-id`.
        #[must_use]
        pub fn request_id_header(mut self, header: http::HeaderName) -> Self {
            std::sync::Arc::make_mut(&mut self.settings).request_id_header = header;
            self
        }

        /// Whether to negotiate the content type from `Accept` (default true); false always
        /// uses what the OpenAPI spec declares.
        #[must_use]
        pub fn negotiate(mut self, negotiate: bool) -> Self {
            std::sync::Arc::make_mut(&mut self.settings).negotiate = negotiate;
            self
        }

        /// Whether to turn error responses that are not problems into problems (default true).
        #[must_use]
        pub fn rewrite_foreign_errors(mut self, rewrite: bool) -> Self {
            std::sync::Arc::make_mut(&mut self.settings).rewrite_foreign_errors = rewrite;
            self
        }
    };
}
pub(crate) use settings_builder;

impl Default for Settings {
    fn default() -> Self {
        Self {
            request_id_header: DEFAULT_REQUEST_ID_HEADER,
            negotiate: true,
            rewrite_foreign_errors: true,
        }
    }
}

impl Settings {
    /// The request's id, if it sent a valid one in the configured header, else a fresh one.
    pub(crate) fn request_id(&self, headers: &HeaderMap) -> RequestId {
        headers
            .get(&self.request_id_header)
            .and_then(RequestId::from_header)
            .unwrap_or_else(RequestId::generate)
    }

    /// The content type of a problem for a request with these `Accept` values: the server's
    /// negotiation when the request sent `Accept`, else what the OpenAPI spec declares.
    pub(crate) fn content_type(&self, problem: &Problem, accept: &HeaderMap) -> ContentType {
        if self.negotiate && accept.contains_key(ACCEPT) {
            problem.negotiated_content_type(accept)
        } else {
            problem.content_type()
        }
    }
}

/// The `Accept` headers of a request, kept to negotiate once the response is known.
pub(crate) fn accept_headers(headers: &HeaderMap) -> HeaderMap {
    let mut accept = HeaderMap::new();
    for value in headers.get_all(ACCEPT) {
        accept.append(ACCEPT, value.clone());
    }
    accept
}

/// The problem for an error response that is not one: a framework's own rejection, a status
/// returned by a handler, a missing route.
pub(crate) fn foreign_error(
    status: StatusCode,
    body: &[u8],
    method: &Method,
    path: &str,
) -> Problem {
    let text = String::from_utf8_lossy(crate::util::truncate_bytes(body, 512))
        .trim()
        .to_owned();
    match status.as_u16() {
        413 => Problem::new(
            ErrorCode::BadRequestRequestBodyTooLarge,
            "The request body exceeds the maximum allowed size.",
        ),
        400 | 415 | 422 => {
            let message = if text.is_empty() {
                "The request is invalid.".to_owned()
            } else {
                text
            };
            Problem::new(
                ErrorCode::ApplicationInvalidInput,
                "The request contains invalid input that failed validation",
            )
            .with_validation_error(ValidationError::new("request", message))
        }
        404 => about_blank(status, format!("No route for {method} {path}")),
        405 => about_blank(status, format!("Method {method} is not allowed for {path}")),
        // A 5xx body may hold internals: it is never echoed.
        500 => Problem::new(
            ErrorCode::ApplicationUnexpectedError,
            crate::INTERNAL_ERROR_DETAIL,
        ),
        501..=599 if status != StatusCode::SERVICE_UNAVAILABLE => {
            about_blank(status, crate::INTERNAL_ERROR_DETAIL.to_owned())
        }
        503 => Problem::new(
            ErrorCode::ApplicationServiceUnavailable,
            "The service is temporarily unavailable.",
        ),
        _ => about_blank(
            status,
            status.canonical_reason().unwrap_or("Error").to_owned(),
        ),
    }
}

/// A problem with no Unkey code: RFC 9457's `about:blank` type, the status's reason as title.
fn about_blank(status: StatusCode, detail: String) -> Problem {
    let title = status.canonical_reason().unwrap_or("Error");
    Problem::custom(status, title, "about:blank", detail)
}

/// The problem for a panic in a handler: generic, nothing of the panic in it; the panic's
/// message is reported.
pub(crate) fn panic_problem(payload: &(dyn std::any::Any + Send)) -> Problem {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with a payload that is not a string".to_owned());
    Problem::panic(message)
}

/// 400 `unkey/application/invalid_input` with one validation error.
pub(crate) fn invalid_input(
    location: impl Into<Cow<'static, str>>,
    message: impl Into<Cow<'static, str>>,
) -> Problem {
    Problem::new(
        ErrorCode::ApplicationInvalidInput,
        "The request contains invalid input that failed validation",
    )
    .with_validation_error(ValidationError::new(location, message))
}

/// `prefix.path`, or `prefix` alone for the root.
fn location(prefix: &str, path: &serde_path_to_error::Path) -> String {
    // serde_path_to_error writes `.` for the root and `?` for a key it never got to read.
    let path = path.to_string();
    let path = path.strip_suffix(".?").unwrap_or(&path);
    if matches!(path, "" | "." | "?") {
        prefix.to_owned()
    } else {
        format!("{prefix}.{path}")
    }
}

/// `location` with the field a "missing field `x`" message names appended: serde reports a
/// missing field at its parent object.
pub(crate) fn with_missing_field(location: String, message: &str) -> String {
    match message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        Some(field) => format!("{location}.{field}"),
        None => location,
    }
}

/// Whether a request's content type is JSON (`application/json`, `application/*+json`).
pub(crate) fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|v| v.split(';').next())
        .map(|media| media.trim().to_ascii_lowercase())
        .is_some_and(|media| {
            media == "application/json"
                || (media.starts_with("application/") && media.ends_with("+json"))
        })
}

/// Reads a JSON request body; a failure names the field (`body.limit`).
pub(crate) fn json_body<T: DeserializeOwned>(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, Problem> {
    if !is_json(content_type) {
        return Err(invalid_input(
            "header.content-type",
            "must be application/json",
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let message = err.inner().to_string();
        let location = with_missing_field(location("body", err.path()), &message);
        invalid_input(location, message)
    })?;
    deserializer
        .end()
        .map_err(|err| invalid_input("body", err.to_string()))?;
    Ok(value)
}

/// Reads a query string; a failure names the parameter (`query.page`).
pub(crate) fn query<T: DeserializeOwned>(query: Option<&str>) -> Result<T, Problem> {
    let parse = form_urlencoded::parse(query.unwrap_or_default().as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(parse)).map_err(|err| {
        let message = err.inner().to_string();
        invalid_input(
            with_missing_field(location("query", err.path()), &message),
            message,
        )
    })
}

/// The problem for a request body that could not be read: too large (413) or unreadable.
pub(crate) fn unreadable_body(too_large: bool) -> Problem {
    if too_large {
        Problem::new(
            ErrorCode::BadRequestRequestBodyTooLarge,
            "The request body exceeds the maximum allowed size.",
        )
    } else {
        Problem::new(
            ErrorCode::BadRequestRequestBodyUnreadable,
            "The request body could not be read.",
        )
    }
}

#[cfg(test)]
mod tests {
    use http::{Method, StatusCode};

    use super::foreign_error;
    use crate::ErrorCode;

    #[test]
    fn foreign_errors_map_to_codes_and_never_echo_a_5xx_body() {
        let secret = b"panicked at src/db.rs:42 password=hunter2";
        let cases: &[(u16, Option<ErrorCode>, u16)] = &[
            (400, Some(ErrorCode::ApplicationInvalidInput), 400),
            (415, Some(ErrorCode::ApplicationInvalidInput), 400),
            (422, Some(ErrorCode::ApplicationInvalidInput), 400),
            (413, Some(ErrorCode::BadRequestRequestBodyTooLarge), 413),
            (404, None, 404),
            (405, None, 405),
            (418, None, 418),
            (500, Some(ErrorCode::ApplicationUnexpectedError), 500),
            (502, None, 502),
            (503, Some(ErrorCode::ApplicationServiceUnavailable), 503),
            (504, None, 504),
        ];
        for &(status, code, answered) in cases {
            let status = StatusCode::from_u16(status).unwrap_or_default();
            let problem = foreign_error(status, secret, &Method::GET, "/x");
            assert_eq!(
                (problem.code(), problem.status().as_u16()),
                (code, answered),
                "{status}"
            );
            if status.is_server_error() {
                assert!(!problem.to_json_string().contains("hunter2"), "{status}");
            }
            if code.is_none() {
                assert_eq!(problem.type_url(), "about:blank");
                assert_eq!(Some(problem.title()), status.canonical_reason());
            }
        }
    }
}

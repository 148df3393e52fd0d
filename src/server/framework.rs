//! What the framework integrations share, knowing no framework: what an error response becomes
//! ([`answer_error`]), and reading request bodies and query strings with the field at fault.

use std::borrow::Cow;

use http::{HeaderName, Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::problem::escape_into;
use crate::server::PendingReport;
use crate::util::{truncate, without_position};
use crate::{ContentType, ErrorCode, Problem, ValidationError};

/// The default header a request id is read from and echoed in: `x-request-id`, as
/// tower-http's request-id layers use it.
pub const DEFAULT_REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// How much of an error response's body the layers read: Unkey's error bodies are well under
/// 1 KiB. A longer body is not a problem this crate wrote; its start is enough to quote.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The settings the server integrations share.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) request_id_header: HeaderName,
    pub(crate) negotiate: bool,
    pub(crate) rewrite_foreign_errors: bool,
}

/// The builder methods of a type holding `settings: Arc<Settings>` (the axum layers, the
/// actix-web middleware): one definition for all.
macro_rules! settings_builder {
    () => {
        /// Reads and echoes the request id in `header` instead of `x-request-id`.
        #[must_use]
        pub fn request_id_header(mut self, header: http::HeaderName) -> Self {
            std::sync::Arc::make_mut(&mut self.settings).request_id_header = header;
            self
        }

        /// Whether to negotiate the content type of error responses from `Accept`, as the
        /// live server does (default true); false always uses what the OpenAPI spec declares.
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

/// Implements `Deref`, `DerefMut` and `From<T>` for an extractor `$name<T>(pub T)`, the same
/// for axum's and actix-web's.
macro_rules! extractor_conversions {
    ($name:ident) => {
        impl<T> std::ops::Deref for $name<T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.0
            }
        }

        impl<T> std::ops::DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }

        impl<T> From<T> for $name<T> {
            fn from(value: T) -> Self {
                Self(value)
            }
        }
    };
}
pub(crate) use extractor_conversions;

impl Default for Settings {
    fn default() -> Self {
        Self {
            request_id_header: DEFAULT_REQUEST_ID_HEADER,
            negotiate: true,
            rewrite_foreign_errors: true,
        }
    }
}

/// What a layer keeps of every request to answer its error, if it has one: nothing that
/// allocates when a route matched.
#[derive(Clone, Debug)]
pub(crate) struct RequestFacts {
    /// What `Accept` negotiated; `None` when the request sent none.
    pub(crate) accept: Option<ContentType>,
    pub(crate) method: Method,
    /// The path, when no route matched: only then is "no route" the answer to an empty 404.
    pub(crate) unmatched_path: Option<Box<str>>,
}

impl RequestFacts {
    /// The facts of a request whose `Accept` values are `accept`.
    pub(crate) fn new<'a>(
        mut accept: impl Iterator<Item = &'a [u8]>,
        method: Method,
        unmatched_path: Option<Box<str>>,
    ) -> Self {
        let accept = accept
            .next()
            .map(|first| ContentType::negotiate_values(std::iter::once(first).chain(accept)));
        Self {
            accept,
            method,
            unmatched_path,
        }
    }
}

/// An error response (status 400 or more) as a layer sees it.
pub(crate) struct ErrorResponse<'a> {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<&'a [u8]>,
    /// The body, read up to [`ERROR_BODY_LIMIT`]; `complete` is false when it was longer or
    /// could not be read to its end.
    pub(crate) body: &'a [u8],
    pub(crate) complete: bool,
    /// The request id the response header carries (set by the request-id layers).
    pub(crate) request_id: Option<&'a str>,
}

/// What to answer instead of an error response.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) content_type: ContentType,
    /// The new body; `None` keeps the body as it is.
    pub(crate) body: Option<Vec<u8>>,
    /// The request id for the response header, when it must change to agree with the body.
    pub(crate) request_id: Option<String>,
    /// A report to make, for a non-problem 5xx.
    pub(crate) report: Option<PendingReport>,
}

/// What an error response becomes. A problem this crate can read goes out as it is, except
/// that the request id is filled in when the body has none (spliced into the bytes when they
/// are this crate's documented form, so the body is written once), header and body are made to
/// carry the same request id, and the content type follows negotiation. Anything else becomes a
/// problem ([`foreign_error`]) when `rewrite_foreign_errors`, else goes out untouched (`None`).
pub(crate) fn answer_error(
    settings: &Settings,
    facts: &RequestFacts,
    response: &ErrorResponse<'_>,
) -> Option<Answer> {
    let is_json = response.content_type.is_some_and(is_json_media_type);
    let existing = (is_json && response.complete)
        .then(|| Problem::from_slice(response.body).ok())
        .flatten();
    let content_type = |problem: &Problem| match (settings.negotiate, facts.accept) {
        (true, Some(accepted)) => problem.content_type_for(accepted),
        _ => problem.content_type(),
    };
    if let Some(mut problem) = existing {
        let mut answer = Answer {
            status: response.status,
            content_type: content_type(&problem),
            body: None,
            request_id: None,
            report: None,
        };
        match (problem.request_id(), response.request_id) {
            ("", Some(id)) => {
                answer.body = Some(splice_request_id(response.body, id).unwrap_or_else(|| {
                    problem.set_request_id(id.to_owned());
                    problem.to_json_vec()
                }));
            }
            (own, header) if Some(own) != header && !own.is_empty() => {
                if crate::server::request_id::check(own.as_bytes()).is_ok() {
                    // The handler chose this id: the header follows the body.
                    answer.request_id = Some(own.to_owned());
                } else if let Some(id) = header {
                    problem.set_request_id(id.to_owned());
                    answer.body = Some(problem.to_json_vec());
                }
            }
            _ => {}
        }
        return Some(answer);
    }
    if !settings.rewrite_foreign_errors {
        return None;
    }
    let text = String::from_utf8_lossy(response.body);
    let mut problem = foreign_error(response.status, text.trim(), facts);
    let report = response.status.is_server_error().then(|| {
        let shown = truncate(text.trim(), 1024);
        let message = format!(
            "a {} response that was not a problem: {shown:?}",
            response.status.as_u16()
        );
        PendingReport::message(message, &problem)
    });
    if let Some(id) = response.request_id {
        problem.set_request_id(id.to_owned());
    }
    Some(Answer {
        status: problem.status(),
        content_type: content_type(&problem),
        body: Some(problem.to_json_vec()),
        request_id: None,
        report,
    })
}

/// `body` with `id` as `meta.requestId`, when `body` is this crate's documented form with an
/// empty id (`{"meta":{"requestId":""...`): the bytes spliced, not the problem written again.
fn splice_request_id(body: &[u8], id: &str) -> Option<Vec<u8>> {
    const PREFIX: &[u8] = br#"{"meta":{"requestId":""#;
    let rest = body.strip_prefix(PREFIX)?.strip_prefix(b"\"")?;
    let mut escaped = String::with_capacity(id.len());
    escape_into(&mut escaped, id);
    let mut out = Vec::with_capacity(body.len() + escaped.len());
    out.extend_from_slice(PREFIX);
    out.extend_from_slice(escaped.as_bytes());
    out.push(b'"');
    out.extend_from_slice(rest);
    Some(out)
}

/// Whether a content type is one this crate writes problems in (with any parameters).
pub(crate) fn is_json_media_type(content_type: &[u8]) -> bool {
    let Ok(content_type) = std::str::from_utf8(content_type) else {
        return false;
    };
    let media = content_type.split(';').next().unwrap_or_default().trim();
    media.eq_ignore_ascii_case("application/json")
        || media.eq_ignore_ascii_case("application/problem+json")
}

/// The problem for an error response that is not one: a handler's own status and text, a
/// framework's rejection, a missing route. A 4xx keeps its status and its text as the detail,
/// with the status's reason as title (`unkey/application/invalid_input` for 400,
/// `user/bad_request/request_body_too_large` for 413, RFC 9457's `about:blank` otherwise). A
/// 5xx body is never echoed: 500 and 503 are Unkey's generic problems, any other 5xx
/// `about:blank` with the generic detail.
pub(crate) fn foreign_error(status: StatusCode, text: &str, facts: &RequestFacts) -> Problem {
    let reason = status.canonical_reason().unwrap_or("Error");
    let detail = |fallback: &str| -> String {
        if text.is_empty() {
            fallback.to_owned()
        } else {
            truncate(text, 512).to_owned()
        }
    };
    let method = &facts.method;
    match status.as_u16() {
        400 => Problem::new(
            ErrorCode::ApplicationInvalidInput,
            detail("The request contains invalid input that failed validation"),
        ),
        413 => Problem::new(
            ErrorCode::BadRequestRequestBodyTooLarge,
            detail("The request body exceeds the maximum allowed size."),
        ),
        404 if text.is_empty() => match &facts.unmatched_path {
            Some(path) => about_blank(status, format!("No route for {method} {path}")),
            None => about_blank(status, reason.to_owned()),
        },
        405 if text.is_empty() => {
            let detail = match &facts.unmatched_path {
                Some(path) => format!("Method {method} is not allowed for {path}"),
                None => format!("Method {method} is not allowed"),
            };
            about_blank(status, detail)
        }
        500 => Problem::new(
            ErrorCode::ApplicationUnexpectedError,
            crate::INTERNAL_ERROR_DETAIL,
        ),
        503 => Problem::new(
            ErrorCode::ApplicationServiceUnavailable,
            "The service is temporarily unavailable.",
        ),
        _ if status.is_server_error() => {
            about_blank(status, crate::INTERNAL_ERROR_DETAIL.to_owned())
        }
        _ => about_blank(status, detail(reason)),
    }
}

/// A problem with no Unkey code: RFC 9457's `about:blank` type, the status's reason as title.
fn about_blank(status: StatusCode, detail: String) -> Problem {
    let title = status.canonical_reason().unwrap_or("Error");
    Problem::custom(status, title, "about:blank", detail)
}

/// The answer to an unmatched route: 404 `about:blank`, "No route for GET /a".
pub(crate) fn no_route(method: &Method, path: &str) -> Problem {
    about_blank(
        StatusCode::NOT_FOUND,
        format!("No route for {method} {path}"),
    )
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
pub(crate) fn location(prefix: &str, path: &serde_path_to_error::Path) -> String {
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

/// The problem for a JSON body that did not deserialize: the field at fault as the location,
/// serde's message without its position (the location says where).
pub(crate) fn json_error(err: &serde_path_to_error::Error<serde_json::Error>) -> Problem {
    let message = without_position(err.inner());
    let location = with_missing_field(location("body", err.path()), &message);
    invalid_input(location, message)
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
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| json_error(&e))?;
    deserializer
        .end()
        .map_err(|err| invalid_input("body", without_position(&err)))?;
    Ok(value)
}

/// The problem for a query string that did not deserialize: the parameter at fault.
pub(crate) fn query_error(
    err: &serde_path_to_error::Error<serde_urlencoded::de::Error>,
) -> Problem {
    let message = err.inner().to_string();
    invalid_input(
        with_missing_field(location("query", err.path()), &message),
        message,
    )
}

/// Reads a query string; a failure names the parameter (`query.page`).
pub(crate) fn query<T: DeserializeOwned>(query: Option<&str>) -> Result<T, Problem> {
    let parse = form_urlencoded::parse(query.unwrap_or_default().as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(parse))
        .map_err(|e| query_error(&e))
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
#[allow(clippy::unwrap_used)] // a test fails loudly where the library may not
mod tests {
    use http::{Method, StatusCode};

    use super::{answer_error, foreign_error, ErrorResponse, RequestFacts, Settings};
    use crate::{ContentType, ErrorCode, Problem};

    fn facts(unmatched_path: Option<&str>) -> RequestFacts {
        RequestFacts::new(
            std::iter::empty(),
            Method::GET,
            unmatched_path.map(Box::from),
        )
    }

    #[test]
    fn foreign_errors_keep_a_4xx_text_and_never_echo_a_5xx_body() {
        let secret = "panicked at src/db.rs:42 password=hunter2";
        let cases: &[(u16, &str, Option<ErrorCode>, &str)] = &[
            (
                400,
                "bad limit",
                Some(ErrorCode::ApplicationInvalidInput),
                "bad limit",
            ),
            (
                413,
                "",
                Some(ErrorCode::BadRequestRequestBodyTooLarge),
                "The request body exceeds the maximum allowed size.",
            ),
            (409, "name already taken", None, "name already taken"),
            (404, "no such thing here", None, "no such thing here"),
            (404, "", None, "Not Found"),
            (418, "", None, "I'm a teapot"),
            (
                500,
                secret,
                Some(ErrorCode::ApplicationUnexpectedError),
                crate::INTERNAL_ERROR_DETAIL,
            ),
            (502, secret, None, crate::INTERNAL_ERROR_DETAIL),
            (
                503,
                secret,
                Some(ErrorCode::ApplicationServiceUnavailable),
                "The service is temporarily unavailable.",
            ),
        ];
        for &(status, text, code, detail) in cases {
            let status = StatusCode::from_u16(status).unwrap_or_default();
            let problem = foreign_error(status, text, &facts(None));
            assert_eq!(
                (problem.status(), problem.code(), problem.detail()),
                (status, code, detail),
                "{status}"
            );
            assert!(!problem.to_json_string().contains("hunter2"), "{status}");
            if code.is_none() {
                assert_eq!(problem.type_url(), "about:blank");
                assert_eq!(Some(problem.title()), status.canonical_reason());
            }
        }
        let no_route = foreign_error(StatusCode::NOT_FOUND, "", &facts(Some("/a")));
        assert_eq!(no_route.detail(), "No route for GET /a");
    }

    #[test]
    fn a_problem_gets_the_request_id_spliced_in_and_agrees_with_the_header() {
        let settings = Settings::default();
        let body = Problem::new(ErrorCode::DataKeyNotFound, "gone").to_json_vec();
        let response = |body, request_id| ErrorResponse {
            status: StatusCode::NOT_FOUND,
            content_type: Some(b"application/json"),
            body,
            complete: true,
            request_id,
        };
        let answer =
            answer_error(&settings, &facts(None), &response(&body, Some("req_1"))).unwrap();
        let filled = Problem::new(ErrorCode::DataKeyNotFound, "gone")
            .with_request_id("req_1")
            .to_json_vec();
        assert_eq!(answer.body, Some(filled));
        assert_eq!(answer.request_id, None);
        assert_eq!(answer.content_type, ContentType::Json);

        // The handler's own id wins, and the header follows it.
        let own = Problem::new(ErrorCode::DataKeyNotFound, "gone")
            .with_request_id("req_mine")
            .to_json_vec();
        let answer = answer_error(&settings, &facts(None), &response(&own, Some("req_1"))).unwrap();
        assert_eq!(
            (answer.body, answer.request_id.as_deref()),
            (None, Some("req_mine"))
        );

        // An id that cannot go into a header gives way to the header's.
        let unsafe_id = Problem::new(ErrorCode::DataKeyNotFound, "gone")
            .with_request_id("req mine")
            .to_json_vec();
        let answer = answer_error(
            &settings,
            &facts(None),
            &response(&unsafe_id, Some("req_1")),
        )
        .unwrap();
        let body = answer.body.unwrap();
        assert_eq!(Problem::from_slice(&body).unwrap().request_id(), "req_1");
        assert_eq!(answer.request_id, None);
    }
}

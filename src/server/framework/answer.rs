//! Rewriting error responses: how a problem reaches the layer typed ([`hand_over`]), and the
//! answer plan of an error response ([`answer_problem`], [`answer_foreign`]), which the axum
//! and actix-web adapters apply.

use std::cell::Cell;

use http::{Method, StatusCode};

use super::Settings;
use crate::report::{Cause, DefaultReportSink, ReportSink};
use crate::server::request_id;
use crate::util::truncate;
use crate::{ContentType, ErrorCode, Problem};

/// How much of an error response's body the layers read: Unkey's error bodies are well under
/// 1 KiB. A longer body is not a problem this crate wrote; its start is enough to quote.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

thread_local! {
    /// How many server layers are polling the service inside them on this thread.
    static LAYERS: Cell<usize> = const { Cell::new(0) };
}

/// Marks, while it lives, that a server layer is polling the service inside it on this thread:
/// a response made meanwhile hands its problem to that layer, which reports with the request id,
/// instead of reporting without one. Nothing else about the problem depends on it.
pub(crate) struct Polling(());

impl Polling {
    pub(crate) fn enter() -> Self {
        LAYERS.with(|layers| layers.set(layers.get() + 1));
        Self(())
    }
}

impl Drop for Polling {
    fn drop(&mut self) {
        LAYERS.with(|layers| layers.set(layers.get().saturating_sub(1)));
    }
}

/// Whether a response made now is answered by a server layer (see [`Polling`]).
pub(crate) fn under_layer() -> bool {
    LAYERS.with(|layers| layers.get() > 0)
}

/// A problem on its way to the layer in a response's extensions; the layer writes the
/// response's headers and body (a middleware inside the layer that reads an error body sees
/// it empty: put it outside).
#[derive(Clone, Debug)]
pub(crate) struct Typed(pub(crate) Problem);

impl Typed {
    pub(crate) fn into_problem(self) -> Problem {
        self.0
    }
}

/// What a framework's response conversion does with a problem: under a layer, hand it over
/// typed (`Ok`); else report its cause now, without a request id, and write it (`Err`).
#[cfg(feature = "axum")]
pub(crate) fn hand_over(problem: Problem) -> Result<Problem, Problem> {
    if under_layer() {
        return Ok(problem);
    }
    report_unanswered(&problem);
    Err(problem)
}

/// Reports a problem's cause, if any, where it is answered with no layer: without a request id.
pub(crate) fn report_unanswered(problem: &Problem) {
    if let Some(report) = problem.to_report() {
        DefaultReportSink.report(&report);
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

    fn content_type(&self, settings: &Settings, problem: &Problem) -> ContentType {
        match (settings.negotiate, self.accept) {
            (true, Some(accepted)) => problem.content_type_for(accepted),
            _ => problem.content_type(),
        }
    }
}

/// An error response whose body is not a problem handed over typed, as a layer reads it.
pub(crate) struct ErrorResponse<'a> {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<&'a [u8]>,
    /// The body, read up to [`ERROR_BODY_LIMIT`]; `complete` is false when it was longer or
    /// could not be read to its end.
    pub(crate) body: &'a [u8],
    pub(crate) complete: bool,
}

/// Whether a layer reads the body of an error response that was not handed over typed: only
/// when it may answer it, and with nothing to rewrite, only a JSON body known to fit (anything
/// else goes out untouched, never cut).
pub(crate) fn reads_foreign_body(
    settings: &Settings,
    content_type: Option<&[u8]>,
    fits: bool,
) -> bool {
    settings.rewrite_foreign_errors || (fits && content_type.is_some_and(is_json_media_type))
}

/// What a layer answers, whatever the framework: the adapters apply it.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) status: StatusCode,
    pub(crate) content_type: ContentType,
    /// The response headers the problem carries, if any.
    pub(crate) headers: Option<http::HeaderMap>,
    /// The request id for the response header.
    pub(crate) request_id: HeaderId,
    /// The body, written once.
    pub(crate) body: Vec<u8>,
    /// Whether the response had a body of its own (and maybe its length), which this one
    /// replaces; a problem handed over typed had none.
    pub(crate) replaces_body: bool,
}

/// The request id a plan's response header carries.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeaderId {
    /// The request's own (none if the request has none).
    Request,
    /// The problem's own, header-safe id, which wins over the request's.
    Own(String),
}

/// The answer for a problem: the request id filled in when it has none (a header-safe id of
/// its own wins, and the header follows it), the content type negotiated, written once; its
/// cause reported with the request id.
pub(crate) fn answer_problem(
    settings: &Settings,
    facts: &RequestFacts,
    mut problem: Problem,
    request_id: Option<&str>,
) -> Plan {
    let own = problem.request_id();
    let (header, body) = if !own.is_empty() && request_id::check(own.as_bytes()).is_ok() {
        (HeaderId::Own(own.to_owned()), problem.to_json_vec())
    } else {
        let id = request_id.unwrap_or_default();
        (HeaderId::Request, problem.to_json_vec_with_request_id(id))
    };
    if let Some(report) = problem.to_report() {
        let id = match &header {
            HeaderId::Own(id) => Some(id.as_str()),
            HeaderId::Request => request_id,
        };
        let report = match id {
            Some(id) => report.with_request_id(id),
            None => report,
        };
        settings.sink.report(&report);
    }
    Plan {
        status: problem.status(),
        content_type: facts.content_type(settings, &problem),
        headers: problem.take_headers(),
        request_id: header,
        body,
        replaces_body: false,
    }
}

/// The answer to an error response that was not handed over typed: a problem this crate can
/// read is answered as [`answer_problem`] says (a JSON problem made by hand, or sent by
/// another server); anything else becomes a problem ([`foreign_error`]) when
/// `rewrite_foreign_errors`, else goes out untouched (`None`). A 5xx that was no problem is
/// reported.
pub(crate) fn answer_foreign(
    settings: &Settings,
    facts: &RequestFacts,
    response: &ErrorResponse<'_>,
    request_id: Option<&str>,
) -> Option<Plan> {
    let is_json = response.content_type.is_some_and(is_json_media_type);
    if is_json && response.complete {
        if let Ok(problem) = Problem::from_slice(response.body) {
            let mut plan = answer_problem(settings, facts, problem, request_id);
            plan.replaces_body = true;
            // A problem keeps the status it was sent with, and with its own id (nothing to
            // fill in), its bytes.
            plan.status = response.status;
            if matches!(plan.request_id, HeaderId::Own(_)) {
                response.body.clone_into(&mut plan.body);
            }
            return Some(plan);
        }
    }
    if !settings.rewrite_foreign_errors {
        return None;
    }
    let text = String::from_utf8_lossy(response.body);
    let mut problem = foreign_error(response.status, text.trim(), facts);
    if response.status.is_server_error() {
        let shown = truncate(text.trim(), 1024);
        let message = format!(
            "a {} response that was not a problem: {shown:?}",
            response.status.as_u16()
        );
        let error: Box<dyn std::error::Error + Send + Sync> = message.into();
        problem.set_cause(Cause::owned(error.into()));
    }
    let mut plan = answer_problem(settings, facts, problem, request_id);
    plan.replaces_body = true;
    Some(plan)
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)] // a test fails loudly where the library may not
mod tests {
    use http::{Method, StatusCode};

    use std::sync::{Arc, Mutex};

    use super::{
        answer_foreign, answer_problem, foreign_error, ErrorResponse, HeaderId, RequestFacts,
        Settings,
    };
    use crate::report::Report;
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
    fn a_problem_gets_the_request_id_and_agrees_with_the_header() {
        let settings = Settings::default();
        let gone = || Problem::new(ErrorCode::DataKeyNotFound, "gone");
        let plan = answer_problem(&settings, &facts(None), gone(), Some("req_1"));
        assert_eq!(plan.body, gone().with_request_id("req_1").to_json_vec());
        assert_eq!(plan.request_id, HeaderId::Request);
        assert_eq!(plan.content_type, ContentType::Json);

        // The handler's own id wins, and the header follows it.
        let own = gone().with_request_id("req_mine");
        let plan = answer_problem(&settings, &facts(None), own.clone(), Some("req_1"));
        assert_eq!(
            (plan.body, plan.request_id),
            (own.to_json_vec(), HeaderId::Own("req_mine".to_owned()))
        );

        // An id that cannot go into a header gives way to the request's.
        let unsafe_id = gone().with_request_id("req mine");
        let plan = answer_problem(&settings, &facts(None), unsafe_id, Some("req_1"));
        assert_eq!(
            Problem::from_slice(&plan.body).unwrap().request_id(),
            "req_1"
        );
        assert_eq!(plan.request_id, HeaderId::Request);

        // A problem read from a body keeps the status it was sent with.
        let body = gone().with_status(StatusCode::GONE).to_json_vec();
        let response = ErrorResponse {
            status: StatusCode::GONE,
            content_type: Some(b"application/json"),
            body: &body,
            complete: true,
        };
        let plan = answer_foreign(&settings, &facts(None), &response, Some("req_2")).unwrap();
        assert_eq!(plan.status, StatusCode::GONE);
        assert_eq!(
            Problem::from_slice(&plan.body).unwrap().request_id(),
            "req_2"
        );
    }

    #[test]
    fn the_answer_reports_a_cause_once_with_the_request_id() {
        let seen: Arc<Mutex<Vec<Report>>> = Arc::default();
        let sink = Arc::clone(&seen);
        let settings = Settings {
            sink: Arc::new(move |report: &Report| sink.lock().unwrap().push(report.clone())),
            ..Settings::default()
        };
        let problem = Problem::internal(&std::io::Error::other("disk full"));
        let plan = answer_problem(&settings, &facts(None), problem, Some("req_1"));
        assert!(!String::from_utf8_lossy(&plan.body).contains("disk full"));
        let reports = seen.lock().unwrap();
        assert_eq!(reports.len(), 1);
        assert_eq!(
            (reports[0].request_id(), reports[0].message().as_str()),
            (Some("req_1"), "disk full")
        );
    }
}

//! The answer plan of a response, knowing no framework: how a problem becomes a response
//! ([`typed`]), what a layer does with each response ([`step`]), and the answer to an error
//! ([`answer_typed`], [`answer_foreign`]). The axum and actix-web adapters only read the
//! response's facts, apply the plan, and convert between `http` 0.2 and 1.
//!
//! The rules, each decided here once:
//! - a problem is reported where it becomes a response, once ([`typed`]); a layer reports only
//!   what it answers itself (a foreign 5xx, a panic);
//! - a problem's body is written once: by the layer that answers it, or, with no layer, by the
//!   response's body when the server sends it ([`ProblemBody`]); no layer re-reads a body the
//!   crate wrote, nested layers included ([`Answered`]);
//! - the request's id is the id of every error answer, in header and body (a problem read from
//!   elsewhere included); a response below 400 keeps a request id header of its own;
//! - a body is read only when it may be answered, and at most [`ERROR_BODY_LIMIT`] of it.

use std::sync::Arc;

use http::{HeaderValue, Method, StatusCode};

use super::Settings;
use crate::gateway::GatewayError;
use crate::problem::ContentType;
use crate::problem::{Cause, INTERNAL_ERROR_DETAIL};
use crate::report::Report;
use crate::util::truncate;
use crate::{ErrorCode, Problem};

/// How much of an error response's body the layers read: Unkey's error bodies are well under
/// 1 KiB. A longer body is not a problem this crate wrote; its start is enough to quote.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// An answer this crate made, on its way from the response conversion to a layer, in the
/// response's extensions; the response's [`ProblemBody`] shares it, and writes it where no
/// layer answers.
#[derive(Clone, Debug)]
pub(crate) struct Typed(pub(crate) Arc<TypedAnswer>);

/// What a [`Typed`] answer is: a problem (the API's envelope) or the gateway's error.
#[derive(Debug)]
pub(crate) enum TypedAnswer {
    Problem(Problem),
    /// Boxed: the enum stays the size of a problem, which is what most answers are.
    Gateway(Box<GatewayError>),
}

impl TypedAnswer {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Self::Problem(problem) => problem.status(),
            Self::Gateway(error) => error.status(),
        }
    }

    /// The content type of the answer made without a layer: the problem's spec default, or
    /// the gateway's JSON.
    pub(crate) fn content_type(&self) -> HeaderValue {
        match self {
            Self::Problem(problem) => problem.content_type().header_value(),
            Self::Gateway(_) => gateway_content_type(true),
        }
    }

    /// The answer's response headers, taken out.
    fn take_headers(&mut self) -> http::HeaderMap {
        match self {
            Self::Problem(problem) => problem.take_headers(),
            Self::Gateway(error) => error.take_headers(),
        }
    }

    fn json_len(&self) -> usize {
        match self {
            Self::Problem(problem) => problem.json_len(),
            Self::Gateway(error) => error.json_len(),
        }
    }

    fn to_json_vec(&self) -> Vec<u8> {
        match self {
            Self::Problem(problem) => problem.to_json_vec(),
            Self::Gateway(error) => error.to_json_vec(),
        }
    }
}

/// Marks a response a layer answered, so that a layer around it passes it on as it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Answered;

/// The body of a problem's response: the problem, written when the server takes its data, once;
/// its exact length is known before. A layer that answers the response drops it unwritten.
#[derive(Debug)]
pub(crate) struct ProblemBody {
    problem: Option<Arc<TypedAnswer>>,
}

impl ProblemBody {
    pub(crate) fn new(problem: Arc<TypedAnswer>) -> Self {
        Self {
            problem: Some(problem),
        }
    }

    /// The body's exact length, without writing it: 0 once its data was taken.
    pub(crate) fn len(&self) -> usize {
        self.problem.as_deref().map_or(0, TypedAnswer::json_len)
    }

    /// Whether its data was taken.
    #[cfg(feature = "axum")]
    pub(crate) fn is_taken(&self) -> bool {
        self.problem.is_none()
    }

    /// The body's data, written now, the first time; `None` after.
    pub(crate) fn take(&mut self) -> Option<Vec<u8>> {
        self.problem.take().map(|answer| answer.to_json_vec())
    }
}

/// What a problem or a gateway error becomes at the conversion into a response (axum's
/// `IntoResponse`, actix-web's `ResponseError`): its cause reported now, where the answer is
/// made (in the layer's span, which carries the request id, when there is one), and the answer
/// shared by the response's extension and body; its response headers are handed back to be
/// moved onto the response.
pub(crate) fn typed(mut answer: TypedAnswer) -> (Typed, ProblemBody, http::HeaderMap) {
    let report = match &answer {
        TypedAnswer::Problem(problem) => problem.to_report(),
        TypedAnswer::Gateway(error) => error.to_report(),
    };
    if let Some(report) = report {
        report.emit();
    }
    // The headers go on the response, moved; the layer needs only the rest.
    let headers = answer.take_headers();
    let answer = Arc::new(answer);
    (
        Typed(Arc::clone(&answer)),
        ProblemBody::new(answer),
        headers,
    )
}

/// What a layer does with a response that carries no [`Typed`] problem.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// It goes out as it is, with the request id in its header: set only if it has none
    /// (`overwrite_id` false: a response below 400, or one a layer inside answered), else
    /// always (an error the layer may not answer).
    Pass { overwrite_id: bool },
    /// Its body is read (up to [`ERROR_BODY_LIMIT`]) and answered by [`answer_foreign`].
    Read,
}

/// The step for a response without a typed problem: its status, whether a layer inside
/// answered it ([`Answered`]), and, asked only for an error, its content type and the most its
/// body can hold, if known.
pub(crate) fn step<'a>(
    settings: &Settings,
    status: StatusCode,
    answered: bool,
    body: impl FnOnce() -> (Option<&'a [u8]>, Option<u64>),
) -> Step {
    if answered || status.as_u16() < 400 {
        return Step::Pass {
            overwrite_id: false,
        };
    }
    let (content_type, body_upper) = body();
    // With nothing to rewrite, only a JSON body known to fit is read: anything else goes out
    // untouched, never cut.
    let fits = body_upper.is_some_and(|n| n <= ERROR_BODY_LIMIT as u64);
    if settings.rewrite_foreign_errors || (fits && content_type.is_some_and(is_json_media_type)) {
        Step::Read
    } else {
        Step::Pass { overwrite_id: true }
    }
}

/// What a layer keeps of every request to answer its error, if it has one: nothing that
/// allocates when a route matched.
#[derive(Clone, Debug)]
pub(crate) struct RequestFacts {
    /// What `Accept` negotiated; `None` when the request sent none.
    pub(crate) accept: Option<ContentType>,
    /// Whether the gateway's rule answers this request with JSON rather than its page
    /// ([`prefers_json`](crate::gateway::prefers_json) of the first `Accept`).
    pub(crate) gateway_json: bool,
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
        let first = accept.next();
        let gateway_json = first.is_some_and(crate::gateway::prefers_json);
        let accept =
            first.map(|first| ContentType::negotiate_values(std::iter::once(first).chain(accept)));
        Self {
            accept,
            gateway_json,
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

/// What a layer answers for an error, whatever the framework: the adapters apply it, with
/// the request's id in the header (always: the body carries the same).
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) status: StatusCode,
    pub(crate) content_type: HeaderValue,
    /// The body, written once.
    pub(crate) body: Vec<u8>,
    /// Whether the response had a body of its own (and maybe its length), which this one
    /// replaces; a typed problem's response has only its [`ProblemBody`].
    pub(crate) replaces_body: bool,
}

/// The answer for a problem or gateway error handed over typed: written once, with the
/// request's id, in the content type negotiated (for the gateway's error, JSON or its page by
/// the gateway's rule). Its cause was reported where it became a response.
pub(crate) fn answer_typed(
    settings: &Settings,
    facts: &RequestFacts,
    answer: &TypedAnswer,
    request_id: &str,
) -> Plan {
    match answer {
        TypedAnswer::Problem(problem) => answer_problem(settings, facts, problem, request_id),
        TypedAnswer::Gateway(error) => {
            let body = error.body_for(facts.gateway_json, request_id);
            Plan {
                status: error.status(),
                content_type: gateway_content_type(facts.gateway_json),
                body,
                replaces_body: false,
            }
        }
    }
}

/// The content type of the gateway's JSON or of its page, from literals (the header value
/// checked when compiled, not on every answer).
fn gateway_content_type(json: bool) -> HeaderValue {
    if json {
        HeaderValue::from_static("application/json")
    } else {
        HeaderValue::from_static("text/html; charset=utf-8")
    }
}

/// [`answer_typed`] for a problem.
fn answer_problem(
    settings: &Settings,
    facts: &RequestFacts,
    problem: &Problem,
    request_id: &str,
) -> Plan {
    Plan {
        status: problem.status(),
        content_type: facts.content_type(settings, problem).header_value(),
        body: problem.to_json_vec_with_request_id(request_id),
        replaces_body: false,
    }
}

/// The answer to an error response read by a layer ([`Step::Read`]): a problem this crate
/// can read (a JSON problem made by hand, or passed on from another server), or the gateway's
/// envelope, keeps its status and takes the request's id; anything else becomes a problem ([`foreign_error`]) when
/// `rewrite_foreign_errors`, else goes out untouched (`None`). A 5xx that was no problem is
/// reported here, where it is answered, with the request id.
pub(crate) fn answer_foreign(
    settings: &Settings,
    facts: &RequestFacts,
    response: &ErrorResponse<'_>,
    request_id: &str,
) -> Option<Plan> {
    let is_json = response.content_type.is_some_and(is_json_media_type);
    if is_json && response.complete {
        if let Ok(problem) = Problem::from_slice(response.body) {
            let mut plan = answer_problem(settings, facts, &problem, request_id);
            plan.status = response.status;
            plan.replaces_body = true;
            return Some(plan);
        }
        // The gateway's envelope passed on (a gateway's answer relayed): answered as the
        // gateway answers, with its status and the request's id.
        if let Ok(error) = GatewayError::from_slice(response.body) {
            let answer = TypedAnswer::Gateway(Box::new(error));
            let mut plan = answer_typed(settings, facts, &answer, request_id);
            plan.status = response.status;
            plan.replaces_body = true;
            return Some(plan);
        }
    }
    if !settings.rewrite_foreign_errors {
        return None;
    }
    let text = String::from_utf8_lossy(response.body);
    let problem = foreign_error(response.status, text.trim(), facts);
    if response.status.is_server_error() {
        let shown = truncate(text.trim(), 1024);
        let message = format!(
            "a {} response that was not a problem: {shown:?}",
            response.status.as_u16()
        );
        let error: Box<dyn std::error::Error + Send + Sync> = message.into();
        let cause = Cause::owned(error.into());
        Report::new(&cause, problem.status(), problem.code())
            .with_request_id(request_id)
            .emit();
    }
    let mut plan = answer_problem(settings, facts, &problem, request_id);
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
        500 => Problem::new(ErrorCode::ApplicationUnexpectedError, INTERNAL_ERROR_DETAIL),
        503 => Problem::new(
            ErrorCode::ApplicationServiceUnavailable,
            "The service is temporarily unavailable.",
        ),
        _ if status.is_server_error() => about_blank(status, INTERNAL_ERROR_DETAIL.to_owned()),
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

    use super::{
        answer_foreign, answer_typed, foreign_error, step, ErrorResponse, RequestFacts, Settings,
        Step, TypedAnswer, ERROR_BODY_LIMIT,
    };
    use crate::problem::{ContentType, INTERNAL_ERROR_DETAIL};
    use crate::{ErrorCode, Problem};

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
                INTERNAL_ERROR_DETAIL,
            ),
            (502, secret, None, INTERNAL_ERROR_DETAIL),
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
    fn every_error_answer_carries_the_request_id() {
        let settings = Settings::default();
        let gone = || Problem::new(ErrorCode::DataKeyNotFound, "gone");
        let typed = |problem| TypedAnswer::Problem(problem);
        let plan = answer_typed(&settings, &facts(None), &typed(gone()), "req_1");
        assert_eq!(plan.body, gone().with_request_id("req_1").to_json_vec());
        assert_eq!(plan.content_type, ContentType::Json.as_str());

        // A handler's own id gives way to the request's: one id per answer.
        let own = gone().with_request_id("req_mine");
        let plan = answer_typed(&settings, &facts(None), &typed(own), "req_1");
        assert_eq!(plan.body, gone().with_request_id("req_1").to_json_vec());

        // A problem read from a body (another server's answer passed on) keeps the status it
        // was sent with, and takes the request's id.
        let body = gone()
            .with_status(StatusCode::GONE)
            .with_request_id("req_upstream")
            .to_json_vec();
        let response = ErrorResponse {
            status: StatusCode::GONE,
            content_type: Some(b"application/json"),
            body: &body,
            complete: true,
        };
        let plan = answer_foreign(&settings, &facts(None), &response, "req_2").unwrap();
        assert_eq!(plan.status, StatusCode::GONE);
        assert_eq!(
            Problem::from_slice(&plan.body).unwrap().request_id(),
            "req_2"
        );
    }

    #[test]
    fn the_step_is_one_rule_for_every_response() {
        let mut settings = Settings::default();
        let json: Option<&[u8]> = Some(b"application/json");
        let html: Option<&[u8]> = Some(b"text/html");
        let pass = |overwrite_id| Step::Pass { overwrite_id };
        let ok = StatusCode::OK;
        let bad = StatusCode::BAD_REQUEST;
        // Below 400, and what a layer inside answered: out as it is, a header of its own kept.
        assert_eq!(step(&settings, ok, false, || (json, Some(10))), pass(false));
        assert_eq!(step(&settings, bad, true, || (json, Some(10))), pass(false));
        // An error is read when it may be answered.
        assert_eq!(step(&settings, bad, false, || (html, None)), Step::Read);
        settings.rewrite_foreign_errors = false;
        // With nothing to rewrite, only a JSON body known to fit.
        assert_eq!(step(&settings, bad, false, || (json, Some(10))), Step::Read);
        let limit = ERROR_BODY_LIMIT as u64;
        assert_eq!(
            step(&settings, bad, false, || (json, Some(limit))),
            Step::Read
        );
        assert_eq!(
            step(&settings, bad, false, || (json, Some(limit + 1))),
            pass(true)
        );
        assert_eq!(step(&settings, bad, false, || (json, None)), pass(true));
        assert_eq!(step(&settings, bad, false, || (html, Some(10))), pass(true));
    }

    #[test]
    fn a_problem_body_is_written_once_when_asked_for() {
        let problem = Problem::new(ErrorCode::DataKeyNotFound, "gone");
        let expected = problem.to_json_vec();
        let (typed, mut body, _) = super::typed(TypedAnswer::Problem(problem));
        assert_eq!(typed.0.status(), http::StatusCode::NOT_FOUND);
        assert_eq!(body.len(), expected.len());
        assert_eq!(body.take(), Some(expected));
        assert_eq!((body.take(), body.len()), (None, 0));
    }

    #[test]
    fn a_gateway_error_is_answered_by_the_gateways_rule_with_the_request_id() {
        use crate::gateway::GatewayError;
        let settings = Settings::default();
        let denied = TypedAnswer::Gateway(Box::new(GatewayError::new(ErrorCode::ClientInvalidKey)));
        let request =
            |accept: &'static [u8]| RequestFacts::new(std::iter::once(accept), Method::GET, None);
        let json = answer_typed(&settings, &request(b"application/json"), &denied, "req_1");
        assert_eq!(json.status.as_u16(), 401);
        assert_eq!(json.content_type, "application/json");
        assert_eq!(
            GatewayError::from_slice(&json.body).unwrap().request_id(),
            "req_1"
        );
        for accept in [&b"text/html,*/*"[..], b""] {
            let page = answer_typed(&settings, &request(accept), &denied, "req_1");
            assert_eq!(page.content_type, "text/html; charset=utf-8");
            assert!(String::from_utf8(page.body).unwrap().contains("req_1"));
        }
        // The gateway's envelope relayed as bytes keeps its status and takes the request's id.
        let relayed = GatewayError::new(ErrorCode::ClientRateLimited)
            .with_request_id("req_upstream")
            .to_json_vec();
        let response = ErrorResponse {
            status: StatusCode::TOO_MANY_REQUESTS,
            content_type: Some(b"application/json"),
            body: &relayed,
            complete: true,
        };
        let plan = answer_foreign(&settings, &request(b"*/*"), &response, "req_2").unwrap();
        assert_eq!((plan.status.as_u16(), plan.replaces_body), (429, true));
        let read = GatewayError::from_slice(&plan.body).unwrap();
        assert_eq!(
            (read.code(), read.request_id()),
            (Some(ErrorCode::ClientRateLimited), "req_2")
        );
        // No Accept at all: the page, as the gateway answers.
        let page = answer_typed(&settings, &facts(None), &denied, "req_1");
        assert_eq!(page.content_type, "text/html; charset=utf-8");
        // Without a layer, the body is the JSON, its length known before.
        let (_, mut body, _) = super::typed(denied);
        let len = body.len();
        assert_eq!(body.take().map(|b| b.len()), Some(len));
    }
}

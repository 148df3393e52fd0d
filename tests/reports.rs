//! A problem is a value: building, cloning, comparing or dropping one reports nothing; each
//! internal error or panic is reported exactly once per answer, where the answer is made.
//!
//! With the feature `tracing` and a subscriber, a report is one `ERROR` event: a subscriber
//! scoped to each test counts them, with the request id of the span they were made in.
#![cfg(all(
    feature = "tracing",
    feature = "axum",
    feature = "actix-web",
    feature = "derive"
))]

use std::error::Error;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use unkey_errors::{problem::INTERNAL_ERROR_DETAIL, ErrorCode, InternalError, Problem, ToProblem};

/// Each event, as `name=value` pairs (an `error` field as its source chain), and after them the
/// `request_id` of the innermost span entered that has one, as `span.request_id=...`.
#[derive(Clone, Default)]
struct Capture {
    events: Arc<Mutex<Vec<String>>>,
    /// Each span's fields, by id - 1.
    spans: Arc<Mutex<Vec<String>>>,
    /// The spans entered, innermost last (the tests run on one thread).
    entered: Arc<Mutex<Vec<u64>>>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }

    fn record_error(&mut self, field: &Field, value: &(dyn Error + 'static)) {
        let mut chain = value.to_string();
        let mut source = value.source();
        while let Some(error) = source {
            let _ = write!(chain, " <- {error}");
            source = error.source();
        }
        let _ = write!(self.0, "{}=[{chain}] ", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Fields(String::new());
        attributes.record(&mut fields);
        let mut spans = self.spans.lock().unwrap();
        spans.push(fields.0);
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        let spans = self.spans.lock().unwrap();
        let span_id = self.entered.lock().unwrap().iter().rev().find_map(|id| {
            let span = &spans[usize::try_from(*id).unwrap() - 1];
            let start = span.find("request_id=")?;
            Some(span[start..].split(' ').next()?.to_owned())
        });
        if let Some(id) = span_id {
            let _ = write!(fields.0, "span.{id}");
        }
        self.events.lock().unwrap().push(fields.0);
    }
    fn enter(&self, id: &Id) {
        self.entered.lock().unwrap().push(id.into_u64());
    }
    fn exit(&self, _: &Id) {
        self.entered.lock().unwrap().pop();
    }
}

/// The events `f` made, with a subscriber of its own.
fn events(f: impl FnOnce()) -> Vec<String> {
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), f);

    capture.events.lock().unwrap().clone()
}

#[derive(Debug, thiserror::Error)]
#[error("loading key")]
struct Load(#[source] std::io::Error);

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[problem(responses(axum, actix_web))]
enum AppError {
    #[error("database failed")]
    #[problem(internal)]
    Db(#[from] Load),
}

fn db() -> AppError {
    AppError::Db(Load(std::io::Error::other("connection reset")))
}

#[test]
fn building_cloning_comparing_and_dropping_a_problem_reports_nothing() {
    let seen = events(|| {
        let problem = Problem::from(db());
        let copy = problem.clone();
        let _ = db().to_problem();
        let _ = db().to_problem();
        assert_eq!(
            copy,
            Problem::new(ErrorCode::ApplicationUnexpectedError, INTERNAL_ERROR_DETAIL)
        );
        drop(problem);
        drop(copy);
        let internal: InternalError = std::io::Error::other("disk full").into();
        drop(internal.into_problem());
        // A plain http::Response is a value too: its maker reports, from `to_report`.
        drop(Problem::from(db()).into_http_response());
    });
    assert_eq!(seen, Vec::<String>::new());
}

#[test]
fn axum_answered_without_a_layer_reports_once_without_an_id() {
    use axum::response::IntoResponse;
    let seen = events(|| {
        let response = db().into_response();
        assert_eq!(response.status(), 500);
    });
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].contains("error=[database failed <- loading key <- connection reset]"),
        "the error keeps its source chain: {}",
        seen[0]
    );
    assert!(seen[0].contains("status=500"), "{}", seen[0]);
    assert!(!seen[0].contains("request_id=\"req"), "{}", seen[0]);
}

#[test]
fn actix_asking_for_the_status_first_reports_once() {
    use actix_web::ResponseError;
    let seen = events(|| {
        let internal: InternalError = std::io::Error::other("disk full").into();
        assert_eq!(internal.status_code(), 500);
        let response = internal.error_response();
        assert_eq!(response.status(), 500);
        let problem = Problem::from(db());
        assert_eq!(problem.status_code(), 500);
        let _ = problem.error_response();
    });
    assert_eq!(seen.len(), 2, "one for each answer: {seen:?}");
    assert!(seen[0].contains("error=[disk full]"), "{}", seen[0]);
}

#[test]
fn axum_under_the_layer_reports_once_in_the_requests_span() {
    use tower::ServiceExt as _;
    let app = axum::Router::new()
        .route(
            "/",
            axum::routing::get(|| async { Err::<(), AppError>(db()) }),
        )
        .layer(unkey_errors::server::axum::UnkeyLayer::new());
    let seen = events(|| {
        let request = axum::http::Request::get("/")
            .header("x-request-id", "req_layered")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = futures_util::FutureExt::now_or_never(app.oneshot(request))
            .unwrap()
            .unwrap();
        assert_eq!(response.status(), 500);
    });
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].contains("error=[database failed <- loading key <- connection reset]"),
        "{}",
        seen[0]
    );
    assert!(
        seen[0].ends_with("span.request_id=\"req_layered\""),
        "{}",
        seen[0]
    );
}

#[test]
fn actix_a_panic_under_the_middleware_is_an_ok_500_for_call_service() {
    let seen = events(|| actix_web::rt::System::new().block_on(actix_panic()));
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].contains("kind=\"panic\""), "{}", seen[0]);
    assert!(
        seen[0].contains("error=[the handler panicked]"),
        "{}",
        seen[0]
    );
    assert!(
        seen[0].ends_with("span.request_id=\"req_panicked\""),
        "{}",
        seen[0]
    );
}

async fn panics() -> String {
    panic!("the handler panicked")
}

async fn actix_panic() {
    use actix_web::{test, web, App};
    let app = test::init_service(
        App::new()
            .wrap(unkey_errors::server::actix::UnkeyMiddleware::new())
            .route("/panic", web::get().to(panics)),
    )
    .await;
    let request = test::TestRequest::get()
        .uri("/panic")
        .insert_header(("x-request-id", "req_panicked"))
        .to_request();
    // actix's own helper panics on an `Err`: a response is what it needs.
    let response = test::call_service(&app, request).await;
    assert_eq!(response.status(), 500);
    assert_eq!(
        response.headers().get("x-request-id").unwrap(),
        "req_panicked"
    );
    let body = test::read_body(response).await;
    let problem = Problem::from_slice(&body).unwrap();
    assert_eq!(problem.request_id(), "req_panicked");
    assert!(!String::from_utf8_lossy(&body).contains("the handler panicked"));
}

/// A subscriber scoped with `with_default` that came and went leaves no trace: a report made
/// after it, with no subscriber in force, is a line on standard error (seen from a child
/// process running this same test), not an event for nobody.
#[test]
fn after_a_scoped_subscriber_is_gone_a_report_is_a_line_on_stderr() {
    const CHILD: &str = "UNKEY_ERRORS_REPORTS_CHILD";
    if std::env::var_os(CHILD).is_some() {
        use axum::response::IntoResponse;
        let _ = events(|| {});
        let _ = db().into_response();
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "after_a_scoped_subscriber_is_gone_a_report_is_a_line_on_stderr",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("unkey-errors: "))
        .collect();
    assert_eq!(
        lines,
        ["unkey-errors: internal error answered with 500 unkey/application/unexpected_error: database failed: loading key: connection reset"],
        "{stderr}"
    );
}

#[test]
fn axum_a_problem_with_a_status_below_400_keeps_its_body_under_the_layer() {
    use tower::ServiceExt as _;
    let app = axum::Router::new()
        .route(
            "/",
            axum::routing::get(|| async {
                Problem::new(ErrorCode::DataKeyNotFound, "odd")
                    .with_status(axum::http::StatusCode::OK)
            }),
        )
        .layer(unkey_errors::server::axum::UnkeyLayer::new());
    let request = axum::http::Request::get("/")
        .header("x-request-id", "req_ok")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = futures_util::FutureExt::now_or_never(app.oneshot(request))
        .unwrap()
        .unwrap();
    let response = futures_util::FutureExt::now_or_never(unkey_errors::testing::collect(response))
        .unwrap()
        .unwrap();
    assert_eq!(response.status(), 200);
    let problem = Problem::from_slice(response.body()).unwrap();
    assert_eq!((problem.detail(), problem.request_id()), ("odd", "req_ok"));
}

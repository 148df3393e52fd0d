//! `#[derive(ToProblem)]` as users write it: the example enum as written, structs,
//! validation errors, generics, lifetimes and `#[non_exhaustive]`.

use unkey_errors::{
    answer::Answer, problem::ValidationError, problem::INTERNAL_ERROR_DETAIL, ErrorCode,
    InternalError, Problem, ToProblem,
};

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[error("upstream said no")]
#[problem(AuthorizationForbidden, detail = "the upstream service refused")]
struct OtherError;

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("key {0} was not found")]
    #[problem(DataKeyNotFound)] // detail = the Display text
    KeyNotFound(String),
    #[error("api {id} is protected")]
    #[problem(
        ApplicationProtectedResource,
        detail = "the api {id} cannot be deleted"
    )]
    Protected { id: String },
    #[error("database failed")]
    #[problem(internal)] // generic 500, chain reported, never in the body
    Db(#[from] std::io::Error),
    #[error(transparent)]
    #[problem(transparent)] // delegates to the field's own conversion
    Upstream(OtherError),
}

#[test]
fn the_example_enum_answers_as_its_attributes_say() {
    let problem = Problem::from(AppError::KeyNotFound("key_1".into()));
    assert_eq!(problem.code(), Some(ErrorCode::DataKeyNotFound));
    assert_eq!(problem.status().as_u16(), 404);
    assert_eq!(problem.detail(), "key key_1 was not found");

    let problem = Problem::from(AppError::Protected { id: "api_1".into() });
    assert_eq!(
        problem.code(),
        Some(ErrorCode::ApplicationProtectedResource)
    );
    assert_eq!(problem.detail(), "the api api_1 cannot be deleted");

    let problem = Problem::from(AppError::Upstream(OtherError));
    assert_eq!(problem.code(), Some(ErrorCode::AuthorizationForbidden));
    assert_eq!(problem.detail(), "the upstream service refused");
}

#[test]
fn an_internal_variant_answers_the_generic_500_and_carries_its_chain() {
    let io = std::io::Error::other("connection to db-7.internal:5432 refused");
    let problem = Problem::from(AppError::Db(io));
    assert_eq!(
        (problem.status().as_u16(), problem.code(), problem.detail()),
        (
            500,
            Some(ErrorCode::ApplicationUnexpectedError),
            INTERNAL_ERROR_DETAIL
        )
    );
    let body = problem.to_json_string();
    assert!(
        !body.contains("db-7") && !body.contains("database"),
        "{body}"
    );
    // The problem carries the error as data; its report says the whole chain, once made.
    let report = problem.to_report().unwrap();
    assert_eq!(
        report.message(),
        "database failed: connection to db-7.internal:5432 refused"
    );
    assert_eq!(report.request_id(), None, "no layer knew it");
    assert_eq!(
        problem,
        Problem::new(ErrorCode::ApplicationUnexpectedError, INTERNAL_ERROR_DETAIL)
    );
}

#[test]
fn status_and_answers_are_known_without_making_the_problem() {
    assert_eq!(AppError::KeyNotFound(String::new()).status().as_u16(), 404);
    assert_eq!(
        AppError::Protected { id: String::new() }.status().as_u16(),
        403
    );
    assert_eq!(AppError::Upstream(OtherError).status().as_u16(), 403);
    assert_eq!(
        AppError::answers(),
        [
            Answer::for_code(ErrorCode::DataKeyNotFound),
            Answer::for_code(ErrorCode::ApplicationProtectedResource),
            Answer::for_code(ErrorCode::ApplicationUnexpectedError),
            Answer::for_code(ErrorCode::AuthorizationForbidden),
        ]
    );
}

#[test]
fn question_mark_on_a_problem_a_derived_enum_and_any_error_in_one_handler() {
    fn lookup() -> Result<(), Problem> {
        Err(Problem::new(ErrorCode::DataKeyNotFound, "no such key"))
    }
    fn protected() -> Result<(), AppError> {
        Err(AppError::Protected { id: "api_1".into() })
    }
    fn handler(step: u8) -> Result<(), InternalError<AppError>> {
        match step {
            0 => lookup()?,
            1 => protected()?,
            _ => {
                let _: u32 = "not a number".parse()?;
            }
        }
        Ok(())
    }
    let answered = |step| handler(step).unwrap_err().into_problem();
    let problem = answered(0);
    assert_eq!(
        (problem.status().as_u16(), problem.detail()),
        (404, "no such key")
    );
    let problem = answered(1);
    assert_eq!(
        (problem.status().as_u16(), problem.detail()),
        (403, "the api api_1 cannot be deleted")
    );
    let problem = answered(2);
    assert_eq!(
        (problem.status().as_u16(), problem.detail()),
        (500, INTERNAL_ERROR_DETAIL)
    );
    assert!(handler(2).unwrap_err().is_internal());
    assert!(!handler(0).unwrap_err().is_internal());
}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[error("invalid input")]
#[problem(ApplicationInvalidInput, detail = "{count} fields are invalid")]
struct Invalid {
    count: usize,
    #[problem(errors)]
    errors: Vec<ValidationError>,
}

#[test]
fn a_struct_with_validation_errors() {
    let invalid = Invalid {
        count: 2,
        errors: vec![
            ValidationError::new("body.limit", "must be at least 1"),
            ValidationError::new("body.apiId", "is required"),
        ],
    };
    let problem = invalid.to_problem();
    assert_eq!(problem.detail(), "2 fields are invalid");
    let locations: Vec<&str> = problem
        .validation_errors()
        .unwrap_or_default()
        .iter()
        .map(ValidationError::location)
        .collect();
    assert_eq!(locations, ["body.limit", "body.apiId"]);
    assert_eq!(invalid.status().as_u16(), 400);
}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[non_exhaustive]
enum Generic<'a, T: std::fmt::Debug + std::fmt::Display + 'static, U> {
    #[error("missing {0}")]
    #[problem(DataKeyNotFound)]
    Missing(&'a str),
    #[error("bad {0:?}")]
    #[problem(ApplicationInvalidInput, detail = "bad {0} ({0:?})")]
    Bad(T),
    #[error(transparent)]
    #[problem(transparent)]
    Inner(U),
    #[error("failed")]
    #[problem(internal)]
    Failed,
}

#[test]
fn generics_lifetimes_and_non_exhaustive_enums() {
    type G<'a> = Generic<'a, u32, OtherError>;
    let problem = G::Missing("key_2").to_problem();
    assert_eq!(
        (problem.status().as_u16(), problem.detail()),
        (404, "missing key_2")
    );
    let problem = Problem::from(G::Bad(7));
    assert_eq!(problem.detail(), "bad 7 (7)");
    assert_eq!(G::Inner(OtherError).to_problem().status().as_u16(), 403);
    assert_eq!(G::Failed.status().as_u16(), 500);
    assert_eq!(G::answers().len(), 4);
}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum Never {}

#[test]
fn an_enum_without_variants_answers_nothing() {
    assert!(Never::answers().is_empty());
}

#[test]
fn a_code_converts_with_its_title_as_the_detail() {
    let problem: Problem = ErrorCode::AuthorizationForbidden.into();
    assert_eq!(
        (problem.status().as_u16(), problem.title(), problem.detail()),
        (403, "Forbidden", "Forbidden")
    );
}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum Limited {
    #[error("slow down")]
    #[problem(
        TooManyRequestsWorkspaceRateLimited,
        detail = "slow down for {wait:?}",
        retry_after = wait,
        rate_limit = limit
    )]
    Workspace {
        wait: std::time::Duration,
        limit: unkey_errors::ratelimit::RateLimit,
    },
    #[error("busy")]
    #[problem(ApplicationServiceUnavailable, retry_after = 0)]
    Busy(std::time::Duration),
    #[error("key limited")]
    #[problem(TooManyRequestsWorkspaceRateLimited, gateway_rate_limit = 0)]
    Gateway(unkey_errors::ratelimit::RateLimit),
}

#[test]
fn retry_after_and_rate_limit_fields_become_headers_and_answers_say_so() {
    use std::time::Duration;
    let problem = Problem::from(Limited::Workspace {
        wait: Duration::from_millis(1500),
        limit: unkey_errors::ratelimit::RateLimit::new(100, 0, Duration::from_secs(30)),
    });
    assert_eq!(problem.detail(), "slow down for 1.5s");
    let response = problem.into_http_response();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "2");
    assert_eq!(response.headers()["ratelimit-limit"], "100");
    assert_eq!(response.headers()["ratelimit-remaining"], "0");
    assert_eq!(response.headers()["ratelimit-reset"], "30");
    let busy = Problem::from(Limited::Busy(Duration::from_secs(5))).into_http_response();
    assert_eq!(busy.headers()["retry-after"], "5");
    // The gateway's dialect: X-RateLimit-*, the reset a Unix time in seconds.
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let limit = unkey_errors::ratelimit::RateLimit::new(10, 0, Duration::from_secs(60));
    let gateway = Problem::from(Limited::Gateway(limit)).into_http_response();
    assert_eq!(gateway.headers()["x-ratelimit-limit"], "10");
    assert_eq!(gateway.headers()["x-ratelimit-remaining"], "0");
    let reset: u64 = gateway.headers()["x-ratelimit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((before + 60..=before + 61).contains(&reset), "{reset}");
    assert!(gateway.headers().get("ratelimit-limit").is_none());
    let answers = Limited::answers();
    assert!(answers[0].sends_retry_after() && answers[0].sends_rate_limit());
    assert!(answers[1].sends_retry_after() && !answers[1].sends_rate_limit());
    assert!(answers[2].sends_gateway_rate_limit() && !answers[2].sends_rate_limit());
}

/// A hand-written `ToProblem`: `answers` is required, so it cannot drop out of a document.
#[derive(Debug)]
struct Upstream;

impl ToProblem for Upstream {
    fn to_problem(&self) -> Problem {
        Problem::from(ErrorCode::UpstreamBadGateway)
    }

    fn answers() -> Vec<Answer> {
        vec![Answer::for_code(ErrorCode::UpstreamBadGateway)]
    }
}

impl std::fmt::Display for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("upstream failed")
    }
}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[allow(dead_code)] // only its answers are looked at
enum Proxy {
    #[error("{0}")]
    #[problem(transparent)]
    Upstream(Upstream),
}

#[test]
fn a_transparent_hand_written_field_keeps_its_answers() {
    assert_eq!(
        Proxy::answers(),
        [Answer::for_code(ErrorCode::UpstreamBadGateway)]
    );
}

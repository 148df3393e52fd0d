//! 5xx hygiene: the internal-error path never puts source messages, paths or backtraces in a
//! response body, while the whole chain stays available for logs.

use std::fmt;

use unkey_errors::{problem::INTERNAL_ERROR_DETAIL, ErrorCode, InternalError, Problem};

#[derive(Debug)]
struct Layered {
    message: &'static str,
    source: Option<Box<Layered>>,
}

impl fmt::Display for Layered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Layered {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

fn secret_error() -> Layered {
    Layered {
        message: "query failed for user admin@example.com",
        source: Some(Box::new(Layered {
            message: "open /var/lib/postgres/data/pg_hba.conf: permission denied",
            source: Some(Box::new(Layered {
                message: "stack backtrace:\n   0: app::db::connect at src/db.rs:42",
                source: None,
            })),
        })),
    }
}

const SECRETS: [&str; 6] = [
    "admin@example.com",
    "/var/lib",
    "pg_hba",
    "backtrace",
    "src/db.rs",
    "permission denied",
];

#[test]
fn the_body_is_generic_and_the_chain_is_kept_for_logs() {
    let err: InternalError = InternalError::new(secret_error());
    let chain = err.source_chain();
    for secret in SECRETS {
        assert!(chain.contains(secret), "the chain keeps {secret}");
    }
    assert!(err.to_string().starts_with("internal error: query failed"));

    let response = Problem::from(err)
        .with_request_id("req_1")
        .into_http_response();
    assert_eq!(response.status(), 500);
    let body = String::from_utf8(response.body().clone()).unwrap();
    for secret in SECRETS {
        assert!(!body.contains(secret), "{secret} leaked into {body}");
    }
    let problem = Problem::from_slice(body.as_bytes()).unwrap();
    assert_eq!(problem.code(), Some(ErrorCode::ApplicationUnexpectedError));
    assert_eq!(problem.detail(), INTERNAL_ERROR_DETAIL);
}

#[test]
fn question_mark_converts_any_error() {
    fn handler() -> Result<(), InternalError> {
        let _: u32 = "not a number".parse()?;
        Ok(())
    }
    let err = handler().unwrap_err();
    assert_eq!(err.source_chain(), "invalid digit found in string");
    assert_eq!(
        InternalError::<Problem>::new("plain message").source_chain(),
        "plain message"
    );
}

#[test]
fn new_wraps_an_error_for_every_answer_type() {
    // With an `A` of the service's own (here `ErrorCode`, which answers as a problem too).
    let err = InternalError::<ErrorCode>::new("pool exhausted");
    assert!(err.is_internal());
    assert_eq!(err.source_chain(), "pool exhausted");
    // A problem keeps its answer whatever `A` is.
    let kept = InternalError::<ErrorCode>::new(Problem::from(ErrorCode::DataKeyNotFound));
    assert_eq!(kept.into_problem().status().as_u16(), 404);
}

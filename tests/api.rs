//! Properties of the public types that users rely on without thinking about them.

use std::fmt::Debug;

use unkey_errors::report::ReportKind;
use unkey_errors::{
    answer::Answer, client::ApiErrorBody, client::InvalidRetryAfter, client::LegacyCode,
    client::LegacyError, client::RetryAfter, client::UnknownLegacyCode, client::Unrecognised,
    code::CodeForm, code::ParseCodeError, code::StatusSource, gateway::GatewayError,
    problem::Category, problem::ContentType, problem::ExtraMember, problem::ParseError,
    problem::Scope, problem::ValidationError, ratelimit::InvalidRateLimit, ratelimit::RateLimit,
    server::InvalidRequestId, server::RequestId, ApiError, ErrorCode, Problem,
};

fn error_type<T: std::error::Error + Send + Sync + 'static>() {}
fn common<T: Clone + Debug + PartialEq>() {}

/// Checks `$check` for each type, and names every type checked, for the completeness test.
macro_rules! checked {
    ($check:ident: $($ty:ty),* $(,)?) => {{
        $($check::<$ty>();)*
        vec![$(stringify!($ty)),*]
    }};
}

// Every public type being `Send + Sync` is checked over rustdoc's JSON, which cannot miss one:
// `.ci/public_api.py`, with the public surface pinned in `tests/public-api.txt`.

#[test]
fn public_types_are_send_sync_and_errors_are_std_errors() {
    let _ = checked!(error_type:
        ParseError, ParseCodeError, Problem, ApiError, InvalidRequestId, InvalidRetryAfter,
        InvalidRateLimit, UnknownLegacyCode, GatewayError,
    );
    let _ = checked!(common:
        ErrorCode, Problem, ValidationError, ExtraMember, ParseError, ParseCodeError, Category,
        CodeForm, Scope, StatusSource, ContentType, Answer, ApiError, ApiErrorBody, GatewayError,
        LegacyCode, LegacyError, UnknownLegacyCode, Unrecognised, RetryAfter, InvalidRetryAfter,
        InvalidRateLimit, RateLimit, RequestId, InvalidRequestId, ReportKind,
    );
}

#[test]
fn problem_display_names_status_title_detail_and_code() {
    let problem = Problem::new(
        ErrorCode::AuthorizationForbidden,
        "This operation is not allowed",
    );
    assert_eq!(
        problem.to_string(),
        "403 Forbidden: This operation is not allowed (unkey/authorization/forbidden)"
    );
    let unknown = Problem::custom(http::StatusCode::CONFLICT, "Conflict", "urn:x", "dup");
    assert_eq!(unknown.to_string(), "409 Conflict: dup (urn:x)");
}

#[test]
fn a_static_detail_is_borrowed_and_problem_stays_small() {
    // Borrowed: the problem's detail and request id are the static strings themselves.
    const DETAIL: &str = "This operation is not allowed";
    const ID: &str = "req_2c9a0jf23l4k567";
    let problem = Problem::new(ErrorCode::AuthorizationForbidden, DETAIL).with_request_id(ID);
    assert!(std::ptr::eq(problem.detail(), DETAIL));
    assert!(std::ptr::eq(problem.request_id(), ID));
    assert!(std::ptr::eq(
        problem.title(),
        ErrorCode::AuthorizationForbidden.title()
    ));
    // An owned detail is not borrowed from anywhere.
    let owned = String::from(DETAIL);
    let problem = Problem::new(ErrorCode::AuthorizationForbidden, owned.clone());
    assert!(!std::ptr::eq(problem.detail(), owned.as_str()));
    // Five strings, the errors array, extra members, status and code: the size is part of
    // what moving a problem costs.
    assert!(
        std::mem::size_of::<Problem>() <= 160,
        "{}",
        std::mem::size_of::<Problem>()
    );
    assert_eq!(std::mem::size_of::<ErrorCode>(), 1);
    assert_eq!(std::mem::size_of::<Option<ErrorCode>>(), 1);
}

#[test]
fn codes_are_ordered_and_hashable_for_maps() {
    let mut set = std::collections::BTreeSet::new();
    set.extend(ErrorCode::ALL.iter().copied());
    assert_eq!(
        set.len(),
        ErrorCode::ALL.len(),
        "no two codes compare equal"
    );
    let map: std::collections::HashMap<ErrorCode, u16> = ErrorCode::ALL
        .iter()
        .map(|c| (*c, c.status().as_u16()))
        .collect();
    assert_eq!(map[&ErrorCode::ApplicationProtectedResource], 403);
}

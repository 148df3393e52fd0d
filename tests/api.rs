//! Properties of the public types that users rely on without thinking about them.

use std::fmt::Debug;

use unkey_errors::{
    Category, CodeForm, ContentType, ErrorCode, ExtraMember, ParseCodeError, ParseError, Problem,
    Scope, StatusSource, ValidationError,
};

fn send_sync_static<T: Send + Sync + 'static>() {}
fn error_type<T: std::error::Error + Send + Sync + 'static>() {}
fn common<T: Clone + Debug + PartialEq>() {}

#[test]
fn public_types_are_send_sync_and_errors_are_std_errors() {
    send_sync_static::<ErrorCode>();
    send_sync_static::<Problem>();
    send_sync_static::<ValidationError>();
    send_sync_static::<ExtraMember>();
    send_sync_static::<ParseError>();
    send_sync_static::<ParseCodeError>();
    send_sync_static::<ContentType>();
    error_type::<ParseError>();
    error_type::<ParseCodeError>();
    error_type::<Problem>();
    common::<ErrorCode>();
    common::<Problem>();
    common::<ValidationError>();
    common::<ExtraMember>();
    common::<ParseError>();
    common::<ParseCodeError>();
    common::<Category>();
    common::<CodeForm>();
    common::<Scope>();
    common::<StatusSource>();
    common::<ContentType>();
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
    assert_eq!(set.len(), 89);
    let map: std::collections::HashMap<ErrorCode, u16> = ErrorCode::ALL
        .iter()
        .map(|c| (*c, c.status().as_u16()))
        .collect();
    assert_eq!(map[&ErrorCode::ApplicationProtectedResource], 403);
}

//! `assert_problem!` passes on the right problem from every source, and its failure report is
//! short and exact.

use std::panic::catch_unwind;

use unkey_errors::testing::{check, sample, Expected};
use unkey_errors::{assert_problem, problem::ValidationError, ApiError, ErrorCode, Problem};

#[test]
fn passes_on_every_source() {
    let problem = Problem::new(ErrorCode::ApplicationInvalidInput, "invalid")
        .with_request_id("req_1")
        .with_validation_error(ValidationError::new("body.limit", "too small"));
    let bytes = problem.to_json_vec();
    let text = problem.to_json_string();
    let response = problem.clone().into_http_response();
    let api_error = ApiError::from_response(&response);
    assert_problem!(problem, ErrorCode::ApplicationInvalidInput);
    assert_problem!(bytes, ErrorCode::ApplicationInvalidInput);
    assert_problem!(bytes.as_slice(), ErrorCode::ApplicationInvalidInput);
    assert_problem!(text, ErrorCode::ApplicationInvalidInput);
    assert_problem!(text.as_str(), ErrorCode::ApplicationInvalidInput);
    assert_problem!(
        response,
        ErrorCode::ApplicationInvalidInput,
        detail = "invalid",
        request_id = "req_1"
    );
    assert_problem!(
        api_error,
        ErrorCode::ApplicationInvalidInput,
        errors = [("body.limit", "too small")]
    );
    let live = Problem::new_live(ErrorCode::ApplicationProtectedResource, "p");
    assert_problem!(live, ErrorCode::ApplicationProtectedResource, status = 412);
}

#[test]
fn samples_exist_for_every_code() {
    for &code in ErrorCode::ALL {
        let problem = sample(code);
        assert_problem!(problem, code, request_id = "req_2c9a0jf23l4k567");
        assert_eq!(
            problem.validation_errors().map_or(0, <[_]>::len),
            usize::from(code.has_errors_array())
        );
    }
}

fn report(source: &impl unkey_errors::testing::AnswerSource, expected: &Expected) -> String {
    check(source, expected).unwrap_err()
}

#[test]
fn the_failure_report_is_short_and_exact() {
    let problem = Problem::new(
        ErrorCode::AuthorizationForbidden,
        "This operation is not allowed",
    )
    .with_request_id("req_1");
    assert_eq!(
        report(&problem, &Expected::new(ErrorCode::DataKeyNotFound)),
        "not the expected problem:\n  code:       expected unkey/data/key_not_found, found unkey/authorization/forbidden\n  status:     expected 404, found 403\n  actual:     403 unkey/authorization/forbidden \"Forbidden\": \"This operation is not allowed\""
    );
    assert_eq!(
        report(&problem, &Expected::new(ErrorCode::AuthorizationForbidden).detail("other").request_id("req_2")),
        "not the expected problem:\n  detail:     expected \"other\", found \"This operation is not allowed\"\n  request id: expected \"req_2\", found \"req_1\"\n  actual:     403 unkey/authorization/forbidden \"Forbidden\": \"This operation is not allowed\""
    );
    let mut response = problem.clone().into_http_response();
    *response.status_mut() = http::StatusCode::OK;
    assert_eq!(
        report(&response, &Expected::new(ErrorCode::AuthorizationForbidden)),
        "not the expected problem:\n  HTTP status 200 differs from the body's 403\n  actual:     403 unkey/authorization/forbidden \"Forbidden\": \"This operation is not allowed\""
    );
    assert_eq!(
        report(&b"<html>502</html>".as_slice(), &Expected::new(ErrorCode::AuthorizationForbidden)),
        "neither an Unkey problem nor a gateway error: expected value at line 1 column 1\n  body starts: \"<html>502</html>\""
    );
}

#[test]
fn a_failing_assertion_panics_with_the_report() {
    let result = catch_unwind(|| {
        assert_problem!(
            Problem::new(ErrorCode::AuthorizationForbidden, "no"),
            ErrorCode::DataKeyNotFound
        );
    });
    let payload = result.unwrap_err();
    let message = payload.downcast_ref::<String>().unwrap();
    assert!(
        message.starts_with(
            "not the expected problem:\n  code:       expected unkey/data/key_not_found"
        ),
        "{message}"
    );
}

#[test]
fn validation_errors_match_on_locations_alone_and_in_order() {
    let problem = Problem::new(ErrorCode::ApplicationInvalidInput, "invalid")
        .with_validation_error(ValidationError::new("body.limit", "too small"))
        .with_validation_error(ValidationError::new("body.apiId", "is required"));
    assert_problem!(
        problem,
        ErrorCode::ApplicationInvalidInput,
        errors = ["body.limit", "body.apiId"]
    );
    let expected = Expected::new(ErrorCode::ApplicationInvalidInput);
    let report = check(
        &problem,
        &expected.clone().errors(["body.apiId", "body.limit"]),
    )
    .unwrap_err();
    assert!(
        report.contains(r#"errors:     expected ["body.apiId", "body.limit"], found ["body.limit: too small", "body.apiId: is required"]"#),
        "{report}"
    );
    assert!(
        check(&problem, &expected.clone().errors(["body.limit"])).is_err(),
        "one missing"
    );
    assert!(check(
        &problem,
        &expected.errors([("body.limit", "too big"), ("body.apiId", "is required")])
    )
    .is_err());
}

#[test]
fn a_body_that_could_not_be_read_fails_the_check_with_its_reason() {
    let unread: Result<Problem, &str> = Err("connection reset while reading the body");
    let report = check(&unread, &Expected::new(ErrorCode::DataKeyNotFound)).unwrap_err();
    assert_eq!(
        report,
        "no answer to check: connection reset while reading the body"
    );
}

#[test]
fn without_a_code_only_what_is_named_is_checked() {
    let conflict = Problem::custom(
        http::StatusCode::CONFLICT,
        "Conflict",
        "about:blank",
        "name taken",
    );
    assert_problem!(
        conflict,
        status = 409,
        title = "Conflict",
        detail = "name taken"
    );
    assert_problem!(conflict, status = 409);
    let report = check(
        &conflict,
        &Expected::any()
            .status(409)
            .title("Gone")
            .detail("name free"),
    )
    .unwrap_err();
    assert_eq!(
        report,
        "not the expected problem:\n  title:      expected \"Gone\", found \"Conflict\"\n  detail:     expected \"name free\", found \"name taken\"\n  actual:     409 about:blank \"Conflict\": \"name taken\""
    );
    // The form with a code checks a title as well.
    let report = check(
        &Problem::from(ErrorCode::DataKeyNotFound),
        &Expected::new(ErrorCode::DataKeyNotFound).title("Gone"),
    )
    .unwrap_err();
    assert!(
        report.contains("title:      expected \"Gone\", found \"Not Found\""),
        "{report}"
    );
}

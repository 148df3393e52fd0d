//! Every code round-trips through each of its four written forms (and their lenient
//! variants); malformed and unknown input gets a precise error.

use std::collections::HashSet;

use unkey_errors::{code::CodeForm, ErrorCode};

#[test]
fn every_code_round_trips_through_all_four_forms() {
    for &code in ErrorCode::ALL {
        for form in code.forms() {
            assert_eq!(form.parse::<ErrorCode>(), Ok(code), "{form}");
        }
        assert_eq!(code.to_string().parse::<ErrorCode>(), Ok(code));
        assert_eq!(code.to_string(), code.as_str());
        assert_eq!(ErrorCode::try_from(code.as_str()), Ok(code));
    }
}

#[test]
fn lenient_url_variants_parse_for_every_code() {
    for &code in ErrorCode::ALL {
        let path = code.as_str();
        for url in [
            format!("http://unkey.com/docs/errors/{path}"),
            format!("HTTPS://UNKEY.COM/docs/errors/{path}"),
            format!("https://www.unkey.com/docs/errors/{path}/"),
            format!("https://unkey.com/docs/api-reference/errors-v2/{path}?utm=x"),
            format!("https://unkey.com/docs/api-reference/errors-v2/{path}#example"),
            format!("https://unkey.com:443/docs/errors/{path}/?a=b#c"),
        ] {
            assert_eq!(url.parse::<ErrorCode>(), Ok(code), "{url}");
        }
    }
}

#[test]
fn all_forms_of_all_codes_are_distinct() {
    let mut seen = HashSet::new();
    for code in ErrorCode::ALL {
        for form in code.forms() {
            assert!(seen.insert(form), "{form} appears twice");
        }
    }
}

#[test]
fn all_is_in_order_and_complete() {
    // Ord follows declaration order, which is catalogue order, and ALL holds each code once.
    assert!(ErrorCode::ALL.windows(2).all(|w| w[0] < w[1]));
    for code in ErrorCode::ALL {
        assert_eq!(code.as_str().parse::<ErrorCode>().ok(), Some(*code));
    }
}

#[test]
fn serde_uses_the_path_and_accepts_every_form() {
    let code = ErrorCode::DataKeyNotFound;
    assert_eq!(
        serde_json::to_string(&code).unwrap(),
        r#""unkey/data/key_not_found""#
    );
    let from_urn: ErrorCode = serde_json::from_str(r#""err:unkey:data:key_not_found""#).unwrap();
    assert_eq!(from_urn, code);
    let err = serde_json::from_str::<ErrorCode>(r#""unkey/data/nope""#).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"unknown error code "unkey/data/nope" (path form) at line 1 column 17"#
    );
}

/// (input, form, unknown, exact message)
const BAD: &[(&str, Option<CodeForm>, bool, &str)] = &[
    (
        "",
        None,
        false,
        r#"malformed error code "": expected a path (unkey/authorization/forbidden), a URN (err:unkey:authorization:forbidden) or an Unkey docs URL"#,
    ),
    (
        "forbidden",
        None,
        false,
        r#"malformed error code "forbidden": expected a path (unkey/authorization/forbidden), a URN (err:unkey:authorization:forbidden) or an Unkey docs URL"#,
    ),
    (
        "unkey/data/nope",
        Some(CodeForm::Path),
        true,
        r#"unknown error code "unkey/data/nope" (path form)"#,
    ),
    (
        "Unkey/Data/Key_Not_Found",
        Some(CodeForm::Path),
        false,
        r#"malformed error code "Unkey/Data/Key_Not_Found" (path form): expected <system>/<category>/<name>"#,
    ),
    (
        "unkey/data",
        Some(CodeForm::Path),
        false,
        r#"malformed error code "unkey/data" (path form): expected <system>/<category>/<name>"#,
    ),
    (
        "unkey/data/key_not_found/",
        Some(CodeForm::Path),
        false,
        r#"malformed error code "unkey/data/key_not_found/" (path form): expected <system>/<category>/<name>"#,
    ),
    (
        " unkey/data/key_not_found",
        Some(CodeForm::Path),
        false,
        r#"malformed error code " unkey/data/key_not_found" (path form): expected <system>/<category>/<name>"#,
    ),
    (
        "err:unkey:data:nope",
        Some(CodeForm::Urn),
        true,
        r#"unknown error code "err:unkey:data:nope" (URN form)"#,
    ),
    (
        "err:unkey:data",
        Some(CodeForm::Urn),
        false,
        r#"malformed error code "err:unkey:data" (URN form): expected err:<system>:<category>:<name>"#,
    ),
    (
        "err:unkey/data/key_not_found",
        Some(CodeForm::Urn),
        false,
        r#"malformed error code "err:unkey/data/key_not_found" (URN form): expected err:<system>:<category>:<name>"#,
    ),
    (
        "https://unkey.com/docs/errors/unkey/data/role/duplicate",
        Some(CodeForm::Url),
        false,
        r#"malformed error code "https://unkey.com/docs/errors/unkey/data/role/duplicate" (URL form): expected https://unkey.com/docs/errors/<system>/<category>/<name> or https://unkey.com/docs/api-reference/errors-v2/<system>/<category>/<name>"#,
    ),
    (
        "https://unkey.com/docs/errors/unkey/data/nope",
        Some(CodeForm::Url),
        true,
        r#"unknown error code "https://unkey.com/docs/errors/unkey/data/nope" (URL form)"#,
    ),
    (
        "https://example.com/docs/errors/unkey/data/key_not_found",
        Some(CodeForm::Url),
        false,
        r#"malformed error code "https://example.com/docs/errors/unkey/data/key_not_found" (URL form): expected https://unkey.com/docs/errors/<system>/<category>/<name> or https://unkey.com/docs/api-reference/errors-v2/<system>/<category>/<name>"#,
    ),
    (
        "ftp://unkey.com/docs/errors/unkey/data/key_not_found",
        Some(CodeForm::Url),
        false,
        r#"malformed error code "ftp://unkey.com/docs/errors/unkey/data/key_not_found" (URL form): expected https://unkey.com/docs/errors/<system>/<category>/<name> or https://unkey.com/docs/api-reference/errors-v2/<system>/<category>/<name>"#,
    ),
    (
        "https://",
        Some(CodeForm::Url),
        false,
        r#"malformed error code "https://" (URL form): expected https://unkey.com/docs/errors/<system>/<category>/<name> or https://unkey.com/docs/api-reference/errors-v2/<system>/<category>/<name>"#,
    ),
    (
        "unkey/data/key_not_found\n",
        Some(CodeForm::Path),
        false,
        r#"malformed error code "unkey/data/key_not_found\n" (path form): expected <system>/<category>/<name>"#,
    ),
];

#[test]
fn bad_input_gets_a_precise_error() {
    for &(input, form, unknown, message) in BAD {
        let err = input.parse::<ErrorCode>().unwrap_err();
        assert_eq!(err.form(), form, "{input:?}");
        assert_eq!(err.is_unknown(), unknown, "{input:?}");
        assert_eq!(err.input(), input);
        assert_eq!(err.to_string(), message, "{input:?}");
    }
}

#[test]
fn a_long_input_is_quoted_in_part() {
    let input = format!("unkey/data/{}", "x".repeat(10_000));
    let err = input.parse::<ErrorCode>().unwrap_err();
    assert_eq!(err.input().len(), 256);
    assert!(err.to_string().ends_with("xxx\"... (path form)"), "{err}");
    assert!(err.to_string().len() < 400);
}

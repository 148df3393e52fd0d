//! `Problem::from_slice` reads a body in two passes: a derive over exactly the schema's fields,
//! and, when that fails, the visitor that keeps extra members and names the path at fault
//! (also the `Deserialize` impl). A body must read the same whichever pass reads it: these are
//! the bodies a plain derive would take and the second pass refuses, or the reverse.

use unkey_errors::{ErrorCode, Problem};

const META: &str = r#""meta":{"requestId":"req_1"}"#;
const ERROR: &str = r#""detail":"d","status":403,"title":"Forbidden","type":"https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden""#;

/// Both passes give the same answer; `Err` with this text, or `Ok`.
fn agree(body: &str) -> Result<Problem, String> {
    let both = Problem::from_slice(body.as_bytes());
    let second = serde_json::from_slice::<Problem>(body.as_bytes());
    assert_eq!(both.as_ref().ok(), second.as_ref().ok(), "{body}");
    both.map_err(|err| err.to_string())
}

/// A message without its " at line L column C", after checking that it has one.
fn without_position(message: &str) -> &str {
    let (text, position) = message
        .rsplit_once(" at line 1 column ")
        .unwrap_or_else(|| panic!("no position in {message:?}"));
    assert!(position.parse::<usize>().is_ok(), "{message}");
    text
}

#[test]
fn an_array_in_place_of_an_object_is_refused_at_every_level() {
    // serde's derive reads a struct from an array of its fields in order.
    for (body, message) in [
        (
            format!(r#"[{{"requestId":"r"}},{{{ERROR}}}]"#),
            r#"expected an object with "meta" and "error", found array"#,
        ),
        (
            format!(r#"{{"meta":["req_1"],"error":{{{ERROR}}}}}"#),
            "`meta`: expected an object, found array",
        ),
        (
            format!(r#"{{{META},"error":["d",403,"t","x"]}}"#),
            "`error`: expected an object, found array",
        ),
        (
            format!(r#"{{{META},"error":{{{ERROR},"errors":[["body.a","m"]]}}}}"#),
            "`error.errors[0]`: expected an object, found array",
        ),
    ] {
        // The crate's words; where serde_json puts the column is its own business.
        assert_eq!(
            without_position(&agree(&body).unwrap_err()),
            message,
            "{body}"
        );
    }
}

#[test]
fn what_a_derive_of_options_and_integers_would_take_is_refused() {
    let cases = [(r#""fix":null"#, "fix"), (r#""fix":"f","x":1"#, "x")];
    for (members, name) in cases {
        let body = format!(
            r#"{{{META},"error":{{{ERROR},"errors":[{{"location":"a","message":"m",{members}}}]}}}}"#
        );
        let result = agree(&body);
        if name == "fix" {
            assert!(result
                .unwrap_err()
                .starts_with("`error.errors[0].fix`: expected a string, found null"));
        } else {
            // An extra member of a validation error is kept, by the second pass.
            let problem = result.unwrap();
            assert_eq!(
                problem.validation_errors().unwrap_or_default()[0].extra_members()[0].name(),
                "x"
            );
        }
    }
    for status in ["0", "99", "1000", "65535", "65536", "-1", "403.0"] {
        let body = format!(
            r#"{{{META},"error":{{"detail":"d","status":{status},"title":"t","type":"x"}}}}"#
        );
        let err = agree(&body).unwrap_err();
        assert!(
            err.starts_with("`error.status`: expected an integer from 100 to 999"),
            "{err}"
        );
    }
}

#[test]
fn duplicates_and_unknown_members_go_to_the_second_pass() {
    let duplicate = format!(r#"{{{META},{META},"error":{{{ERROR}}}}}"#);
    assert_eq!(
        without_position(&agree(&duplicate).unwrap_err()),
        "`meta`: duplicate field"
    );
    let extra = format!(r#"{{{META},"error":{{{ERROR},"instance":"/v2/keys"}},"x":[1, 2]}}"#);
    let problem = agree(&extra).unwrap();
    let names: Vec<&str> = problem
        .extra_members()
        .iter()
        .map(unkey_errors::problem::ExtraMember::name)
        .collect();
    assert_eq!(names, ["instance", "x"]);
    assert_eq!(problem.to_json_string(), extra, "written back in place");
}

#[test]
fn what_the_first_pass_reads_is_what_the_second_reads() {
    for body in [
        format!(r#"{{{META},"error":{{{ERROR}}}}}"#),
        format!(r#"{{"error":{{{ERROR},"errors":null}},{META}}}"#),
        format!(r#"{{{META},"error":{{{ERROR},"errors":[]}}}}"#),
        format!(
            r#"{{{META},"error":{{{ERROR},"errors":[{{"fix":"f","location":"a","message":"m"}},{{"message":"n","location":"b"}}]}}}}"#
        ),
        format!(r#" {{ "meta" : {{ "requestId" : "\u0072eq" }} , "error" : {{ {ERROR} }} }} "#),
    ] {
        let problem = agree(&body).unwrap();
        assert_eq!(
            problem.code(),
            Some(ErrorCode::AuthorizationForbidden),
            "{body}"
        );
    }
}

//! Bad bodies: each gets a typed error whose message names the JSON path at fault, never a
//! panic. The exact text is pinned: it is part of the crate's interface to people.

use unkey_errors::{problem::Category, problem::Scope, ErrorCode, Problem};

const OK: &str = r#"{"meta":{"requestId":"req_1"},"error":{"detail":"d","status":403,"title":"Forbidden","type":"https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden"}}"#;

/// A body with `error` members `members` (raw JSON, without braces).
fn with_error(members: &str) -> Vec<u8> {
    format!(r#"{{"meta":{{"requestId":"r"}},"error":{{{members}}}}}"#).into_bytes()
}

const BASE: &str = r#""detail":"d","status":403,"title":"t","type":"x""#;

struct Case {
    name: &'static str,
    body: Vec<u8>,
    category: Category,
    path: &'static str,
    display: &'static str,
}

fn case(
    name: &'static str,
    body: impl Into<Vec<u8>>,
    category: Category,
    path: &'static str,
    display: &'static str,
) -> Case {
    Case {
        name,
        body: body.into(),
        category,
        path,
        display,
    }
}

fn cases() -> Vec<Case> {
    use Category::{Data, Eof, Syntax};
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    vec![
        case("empty body", "", Eof, "", "empty body, expected a JSON object"),
        case("white space only", "   \n", Eof, "", "empty body, expected a JSON object"),
        case("html from a proxy", "<html><body>502 Bad Gateway</body></html>", Syntax, "", "expected value at line 1 column 1"),
        case("plain text", "Bad Gateway", Syntax, "", "expected value at line 1 column 1"),
        case("truncated json", &OK.as_bytes()[..60], Eof, "error.status", "`error.status`: EOF while parsing an object at line 1 column 60"),
        case("truncated inside a string", &OK.as_bytes()[..50], Eof, "error.detail", "`error.detail`: EOF while parsing a string at line 1 column 50"),
        case("trailing garbage", format!("{OK} x"), Syntax, "", "trailing characters at line 1 column 174"),
        case("two envelopes", format!("{OK}{OK}"), Syntax, "", "trailing characters at line 1 column 173"),
        case("array", "[]", Data, "", r#"expected an object with "meta" and "error", found array at line 1 column 2"#),
        case("null", "null", Data, "", r#"expected an object with "meta" and "error", found null at line 1 column 4"#),
        case("string", r#""x""#, Data, "", r#"expected an object with "meta" and "error", found string "x" at line 1 column 3"#),
        case("number", "403", Data, "", r#"expected an object with "meta" and "error", found integer 403 at line 1 column 3"#),
        case("empty object", "{}", Data, "meta", "`meta`: missing required field at line 1 column 2"),
        case("missing error", r#"{"meta":{"requestId":"r"}}"#, Data, "error", "`error`: missing required field at line 1 column 26"),
        case("missing request id", r#"{"meta":{},"error":{}}"#, Data, "meta.requestId", "`meta.requestId`: missing required field at line 1 column 10"),
        case("meta is a string", r#"{"meta":"r","error":{}}"#, Data, "meta", r#"`meta`: expected an object, found string "r" at line 1 column 11"#),
        case("error is an array", r#"{"meta":{"requestId":"r"},"error":[]}"#, Data, "error", "`error`: expected an object, found array at line 1 column 36"),
        case("request id is a number", r#"{"meta":{"requestId":7},"error":{}}"#, Data, "meta.requestId", "`meta.requestId`: expected a string, found integer 7 at line 1 column 22"),
        case("status as string", with_error(r#""detail":"d","status":"403","title":"t","type":"x""#), Data, "error.status", r#"`error.status`: expected an integer from 100 to 999, found string "403" at line 1 column 62"#),
        case("status 4e2", with_error(r#""detail":"d","status":4e2,"title":"t","type":"x""#), Data, "error.status", "`error.status`: expected an integer from 100 to 999, found number 400.0 at line 1 column 60"),
        case("status 403.0", with_error(r#""detail":"d","status":403.0,"title":"t","type":"x""#), Data, "error.status", "`error.status`: expected an integer from 100 to 999, found number 403.0 at line 1 column 62"),
        case("negative status", with_error(r#""detail":"d","status":-403,"title":"t","type":"x""#), Data, "error.status", "`error.status`: expected an integer from 100 to 999, found integer -403 at line 1 column 61"),
        case("status 1000", with_error(r#""detail":"d","status":1000,"title":"t","type":"x""#), Data, "error.status", "`error.status`: expected an integer from 100 to 999, found integer 1000 at line 1 column 61"),
        case("status 99", with_error(r#""detail":"d","status":99,"title":"t","type":"x""#), Data, "error.status", "`error.status`: expected an integer from 100 to 999, found integer 99 at line 1 column 59"),
        case("huge status", with_error(r#""detail":"d","status":18446744073709551616,"title":"t","type":"x""#), Data, "error.status", "`error.status`: expected an integer from 100 to 999, found number 1.8446744073709552e19 at line 1 column 77"),
        case("status NaN", with_error(r#""detail":"d","status":NaN,"title":"t","type":"x""#), Syntax, "error.status", "`error.status`: expected value at line 1 column 58"),
        case("status Infinity", with_error(r#""detail":"d","status":Infinity,"title":"t","type":"x""#), Syntax, "error.status", "`error.status`: expected value at line 1 column 58"),
        case("status true", with_error(r#""detail":"d","status":true,"title":"t","type":"x""#), Data, "error.status", "`error.status`: expected an integer from 100 to 999, found boolean true at line 1 column 61"),
        case("status null", with_error(r#""detail":"d","status":null,"title":"t","type":"x""#), Data, "error.status", "`error.status`: expected an integer from 100 to 999, found null at line 1 column 61"),
        case("duplicate detail", with_error(r#""detail":"d","detail":"e","status":403,"title":"t","type":"x""#), Data, "error.detail", "`error.detail`: duplicate field at line 1 column 56"),
        case("duplicate meta", format!(r#"{{"meta":{{"requestId":"r"}},"error":{{{BASE}}},"meta":{{}}}}"#), Data, "meta", "`meta`: duplicate field at line 1 column 91"),
        case("duplicate request id", r#"{"meta":{"requestId":"r","requestId":"s"},"error":{}}"#, Data, "meta.requestId", "`meta.requestId`: duplicate field at line 1 column 36"),
        case("duplicate extra member", with_error(&format!(r#"{BASE},"x":1,"x":2"#)), Data, "error.x", "`error.x`: duplicate field at line 1 column 96"),
        case("duplicate by escaping", with_error(r#""detail":"d","det\u0061il":"e","status":403,"title":"t","type":"x""#), Data, "error.detail", "`error.detail`: duplicate field at line 1 column 61"),
        case("detail null", with_error(r#""detail":null,"status":403,"title":"t","type":"x""#), Data, "error.detail", "`error.detail`: expected a string, found null at line 1 column 48"),
        case("detail object", with_error(r#""detail":{},"status":403,"title":"t","type":"x""#), Data, "error.detail", "`error.detail`: expected a string, found object at line 1 column 46"),
        case("title number", with_error(r#""detail":"d","status":403,"title":1,"type":"x""#), Data, "error.title", "`error.title`: expected a string, found integer 1 at line 1 column 70"),
        case("type boolean", with_error(r#""detail":"d","status":403,"title":"t","type":false"#), Data, "error.type", "`error.type`: expected a string, found boolean false at line 1 column 85"),
        case("missing type", with_error(r#""detail":"d","status":403,"title":"t""#), Data, "error.type", "`error.type`: missing required field at line 1 column 73"),
        case("missing detail", with_error(r#""status":403,"title":"t","type":"x""#), Data, "error.detail", "`error.detail`: missing required field at line 1 column 71"),
        case("errors is an object", with_error(&format!(r#"{BASE},"errors":{{}}"#)), Data, "error.errors", "`error.errors`: expected an array of validation errors or null, found object at line 1 column 95"),
        case("errors is a string", with_error(&format!(r#"{BASE},"errors":"none""#)), Data, "error.errors", r#"`error.errors`: expected an array of validation errors or null, found string "none" at line 1 column 99"#),
        case("validation error is a string", with_error(&format!(r#"{BASE},"errors":["x"]"#)), Data, "error.errors[0]", r#"`error.errors[0]`: expected an object, found string "x" at line 1 column 97"#),
        case("validation location number", with_error(&format!(r#"{BASE},"errors":[{{"location":"a","message":"m"}},{{"location":1}}]"#)), Data, "error.errors[1].location", "`error.errors[1].location`: expected a string, found integer 1 at line 1 column 138"),
        case("validation message missing", with_error(&format!(r#"{BASE},"errors":[{{"location":"a"}}]"#)), Data, "error.errors[0].message", "`error.errors[0].message`: missing required field at line 1 column 110"),
        case("validation fix null", with_error(&format!(r#"{BASE},"errors":[{{"location":"a","message":"m","fix":null}}]"#)), Data, "error.errors[0].fix", "`error.errors[0].fix`: expected a string, found null at line 1 column 134"),
        case("validation duplicate fix", with_error(&format!(r#"{BASE},"errors":[{{"location":"a","message":"m","fix":"f","fix":"g"}}]"#)), Data, "error.errors[0].fix", "`error.errors[0].fix`: duplicate field at line 1 column 139"),
        case("invalid utf-8", b"{\"meta\":{\"requestId\":\"r\xff\"},\"error\":{}}".to_vec(), Syntax, "meta.requestId", "`meta.requestId`: invalid unicode code point at line 1 column 24"),
        case("overlong utf-8", b"{\"meta\":{\"requestId\":\"\xc0\xaf\"},\"error\":{}}".to_vec(), Syntax, "meta.requestId", "`meta.requestId`: invalid unicode code point at line 1 column 23"),
        case("raw nul byte in a string", b"{\"meta\":{\"requestId\":\"r\x00\"},\"error\":{}}".to_vec(), Syntax, "meta.requestId", r"`meta.requestId`: control character (\u0000-\u001F) found while parsing a string at line 1 column 24"),
        case("lone surrogate escape", r#"{"meta":{"requestId":"\ud800"},"error":{}}"#, Syntax, "meta.requestId", "`meta.requestId`: unexpected end of hex escape at line 1 column 29"),
        case("bad escape", r#"{"meta":{"requestId":"\q"},"error":{}}"#, Syntax, "meta.requestId", "`meta.requestId`: invalid escape at line 1 column 24"),
        case("syntax error in an extra member", with_error(&format!(r#"{BASE},"x":[1,2}}"#)), Syntax, "error.x", "`error.x`: expected `,` or `]` at line 1 column 93"),
        case("single quotes", "{'meta':{}}", Syntax, "", "key must be a string at line 1 column 2"),
        case("50,000-deep array", deep(50_000), Data, "", r#"expected an object with "meta" and "error", found array at line 1 column 1"#),
        case("50,000-deep detail", with_error(&format!(r#""detail":{},"status":403,"title":"t","type":"x""#, deep(50_000))), Data, "error.detail", "`error.detail`: expected a string, found array at line 1 column 45"),
        case("50,000-deep extra member", format!("{}1{}", r#"{"a":"#.repeat(50_000), "}".repeat(50_000)), Data, "meta", "`meta`: missing required field at line 1 column 300001"),
        case("too many extra members", with_error(&(0..65).map(|i| format!(r#""x{i}":0"#)).collect::<Vec<_>>().join(",")), Data, "error", "`error`: more than 64 members the schema does not define at line 1 column 545"),
    ]
}

#[test]
fn every_bad_body_gets_a_typed_error_with_its_path() {
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    for case in cases {
        let err = match Problem::from_slice(&case.body) {
            Ok(problem) => panic!("{}: parsed as {problem}", case.name),
            Err(err) => err,
        };
        assert_eq!(err.classify(), case.category, "{}: {err}", case.name);
        assert_eq!(err.path(), case.path, "{}: {err}", case.name);
        assert_eq!(err.to_string(), case.display, "{}", case.name);
        assert!(case.display.contains(err.message()), "{}", case.name);
        // The same body through plain serde fails too, and names the path where this crate
        // made the message.
        let serde_err = serde_json::from_slice::<Problem>(&case.body).unwrap_err();
        if case.category == Category::Data && !case.path.is_empty() {
            assert!(
                serde_err
                    .to_string()
                    .starts_with(&format!("`{}`: ", case.path)),
                "{}: {serde_err}",
                case.name
            );
        }
    }
}

#[test]
fn real_server_quirks_parse() {
    // Go's key order and escaping, "errors": null, and an unexpected status.
    let body = br#"{"error":{"detail":"a \u003cb\u003e \u0026 c","errors":null,"status":412,"title":"Resource is protected","type":"https://unkey.com/docs/errors/unkey/application/protected_resource"},"meta":{"requestId":"req_abc123def"}}"#;
    let problem = Problem::from_slice(body).unwrap();
    assert_eq!(problem.detail(), "a <b> & c");
    assert_eq!(problem.validation_errors(), None);
    assert_eq!(problem.status().as_u16(), 412);
    assert_eq!(
        problem.code(),
        Some(ErrorCode::ApplicationProtectedResource)
    );
    assert_eq!(problem.request_id(), "req_abc123def");

    // Validation errors in Go's order: fix, location, message.
    let body = br#"{"error":{"detail":"d","errors":[{"fix":"f","location":"body.limit","message":"m"}],"status":400,"title":"Bad Request","type":"https://unkey.com/docs/errors/unkey/application/invalid_input"},"meta":{"requestId":"req_1"}}"#;
    let problem = Problem::from_slice(body).unwrap();
    let error = &problem.validation_errors().unwrap_or_default()[0];
    assert_eq!(
        (error.location(), error.message(), error.fix()),
        ("body.limit", "m", Some("f"))
    );
}

#[test]
fn unknown_types_and_statuses_are_kept_as_sent() {
    for (type_url, status) in [
        (
            "https://unkey.com/docs/errors/unkey/data/role/duplicate",
            409,
        ),
        ("not a url at all", 599),
        ("about:blank", 100),
        ("err:unkey:data:some_future_code", 999),
    ] {
        let body = format!(
            r#"{{"meta":{{"requestId":"r"}},"error":{{"detail":"d","status":{status},"title":"t","type":"{type_url}"}}}}"#
        );
        let problem = Problem::from_slice(body.as_bytes()).unwrap();
        assert_eq!(problem.code(), None);
        assert_eq!(problem.type_url(), type_url);
        assert_eq!(problem.status().as_u16(), status);
        assert_eq!(problem.to_json_string(), body);
    }
}

#[test]
fn extra_members_are_kept_in_place_and_written_back() {
    let body = r#"{"meta":{"requestId":"r","trace":{"id":1}},"error":{"detail":"d","status":403,"title":"t","type":"x","errors":[{"location":"a","message":"m","code":"E1"}],"instance":"/v2/keys.get","weird \"name\"":[1, 2 ,3]},"version":2}"#;
    let problem = Problem::from_slice(body.as_bytes()).unwrap();
    let members: Vec<_> = problem
        .extra_members()
        .iter()
        .map(|m| (m.scope(), m.name(), m.value().get()))
        .collect();
    assert_eq!(
        members,
        [
            (Scope::Meta, "trace", r#"{"id":1}"#),
            (Scope::Error, "instance", r#""/v2/keys.get""#),
            (Scope::Error, "weird \"name\"", "[1, 2 ,3]"),
            (Scope::Envelope, "version", "2"),
        ]
    );
    let extra = &problem.validation_errors().unwrap_or_default()[0].extra_members()[0];
    assert_eq!(
        (extra.scope(), extra.name(), extra.value().get()),
        (Scope::ValidationError, "code", r#""E1""#)
    );
    assert_eq!(problem.to_json_string(), body);
    assert_eq!(serde_json::to_string(&problem).unwrap(), body);
}

#[test]
fn a_detail_of_ten_megabytes_and_a_hundred_thousand_validation_errors_parse() {
    let detail = "é\"\\\n".repeat(10_000_000 / 5);
    let problem = Problem::new(ErrorCode::ApplicationInvalidInput, detail.clone());
    let mut problem = problem;
    for i in 0..100_000 {
        problem.push_validation_error(unkey_errors::problem::ValidationError::new(
            format!("body.items[{i}]"),
            "required",
        ));
    }
    let json = problem.to_json_vec();
    let parsed = Problem::from_slice(&json).unwrap();
    assert_eq!(parsed.detail(), detail);
    assert_eq!(parsed.validation_errors().map_or(0, <[_]>::len), 100_000);
    assert_eq!(parsed, problem);
}

//! Every JSON type in every field: each combination parses (where the schema allows it, or a
//! documented lenient rule does) or fails with a typed error at that field's path.

use serde_json::{json, Value};
use unkey_errors::{problem::Category, Problem};

fn template() -> Value {
    json!({
        "meta": { "requestId": "req_1" },
        "error": {
            "detail": "d", "status": 400, "title": "Bad Request",
            "type": "https://unkey.com/docs/errors/unkey/application/invalid_input",
            "errors": [{ "location": "body.limit", "message": "m", "fix": "f" }]
        }
    })
}

/// (JSON pointer, path in messages, what the field accepts)
const FIELDS: &[(&str, &str, Accepts)] = &[
    ("/meta", "meta", Accepts::Object),
    ("/meta/requestId", "meta.requestId", Accepts::String),
    ("/error", "error", Accepts::Object),
    ("/error/detail", "error.detail", Accepts::String),
    ("/error/status", "error.status", Accepts::Status),
    ("/error/title", "error.title", Accepts::String),
    ("/error/type", "error.type", Accepts::String),
    ("/error/errors", "error.errors", Accepts::ArrayOrNull),
    ("/error/errors/0", "error.errors[0]", Accepts::Object),
    (
        "/error/errors/0/location",
        "error.errors[0].location",
        Accepts::String,
    ),
    (
        "/error/errors/0/message",
        "error.errors[0].message",
        Accepts::String,
    ),
    (
        "/error/errors/0/fix",
        "error.errors[0].fix",
        Accepts::String,
    ),
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Accepts {
    String,
    Status,
    Object,
    ArrayOrNull,
}

fn values() -> Vec<(&'static str, Value)> {
    vec![
        ("null", Value::Null),
        ("true", json!(true)),
        ("zero", json!(0)),
        ("403", json!(403)),
        ("negative", json!(-1)),
        ("float", json!(4.5)),
        ("big", json!(u64::MAX)),
        ("string", json!("x")),
        ("empty string", json!("")),
        ("array", json!([])),
        ("array of one", json!([1])),
        ("object", json!({})),
    ]
}

#[test]
fn every_json_type_in_every_field() {
    let mut cases = 0;
    for &(pointer, path, accepts) in FIELDS {
        for (name, value) in values() {
            cases += 1;
            let mut body = template();
            *body.pointer_mut(pointer).unwrap() = value.clone();
            let bytes = serde_json::to_vec(&body).unwrap();
            let result = Problem::from_slice(&bytes);
            let fits = match accepts {
                Accepts::String => value.is_string(),
                Accepts::Status => value == json!(403),
                Accepts::ArrayOrNull => value.is_null() || value == json!([]),
                // An empty object lacks its required fields; no other type is an object.
                Accepts::Object => false,
            };
            match result {
                Ok(problem) => {
                    assert!(fits, "{path} = {name}: parsed as {problem}");
                    // The value is read as sent: written back, the field holds it.
                    let written: Value = serde_json::from_slice(&problem.to_json_vec()).unwrap();
                    if !(pointer == "/error/errors" && value.is_null()) {
                        assert_eq!(
                            written.pointer(pointer),
                            Some(&value),
                            "{path} = {name}: written back as {written}"
                        );
                    }
                    if pointer == "/error/errors" {
                        // The documented lenient rule: null reads as no array.
                        assert_eq!(
                            problem.validation_errors().map(<[_]>::len),
                            if value.is_null() { None } else { Some(0) }
                        );
                    }
                }
                Err(err) => {
                    assert!(!fits, "{path} = {name}: {err}");
                    assert_eq!(err.classify(), Category::Data, "{path} = {name}: {err}");
                    assert!(
                        err.path().starts_with(path),
                        "{path} = {name}: error at {:?}: {err}",
                        err.path()
                    );
                    assert!(err.to_string().starts_with(&format!("`{}`: ", err.path())));
                }
            }
        }
    }
    assert_eq!(cases, FIELDS.len() * values().len());
}

#[test]
fn error_messages_stay_bounded_for_huge_values() {
    let mut body = template();
    *body.pointer_mut("/error/status").unwrap() = json!("9".repeat(1 << 20));
    let err = Problem::from_slice(&serde_json::to_vec(&body).unwrap()).unwrap_err();
    assert!(err.to_string().len() < 200, "{}", err.to_string().len());
    assert!(err.message().contains("found string \"9999"));
}

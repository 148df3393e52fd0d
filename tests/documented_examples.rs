//! Every documented example (tests/data/examples, copied from Unkey's documentation) parses,
//! and writes back byte for byte; the two reference examples are rebuilt from their codes.

use std::fs;
use std::path::{Path, PathBuf};

use unkey_errors::{ErrorCode, Problem};

fn examples() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/examples");
    let mut files = Vec::new();
    for era in ["errors-v2", "current"] {
        for entry in fs::read_dir(root.join(era)).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            files.push((path, text));
        }
    }
    files.sort();
    files
}

/// The example as published: the files add a trailing newline.
fn published(text: &str) -> &str {
    text.strip_suffix('\n').unwrap()
}

#[test]
fn all_80_documented_examples_round_trip_byte_for_byte() {
    let files = examples();
    assert_eq!(files.len(), 80);
    for (path, text) in &files {
        let problem = Problem::from_slice(text.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let pretty = serde_json::to_string_pretty(&problem).unwrap();
        assert_eq!(pretty, published(text), "{}", path.display());
    }
}

#[test]
fn compact_output_is_the_minified_example() {
    for (path, text) in examples() {
        let problem = Problem::from_slice(text.as_bytes()).unwrap();
        // Minify the published text (its strings hold no structural white space).
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let reparsed = Problem::from_slice(&problem.to_json_vec()).unwrap();
        assert_eq!(reparsed, problem, "{}", path.display());
        assert_eq!(problem.to_json_vec(), serde_json::to_vec(&problem).unwrap());
        let compact: serde_json::Value = serde_json::from_slice(&problem.to_json_vec()).unwrap();
        assert_eq!(compact, value, "{}", path.display());
    }
}

#[test]
fn example_codes_statuses_and_titles_agree_with_the_table() {
    for (path, text) in examples() {
        let problem = Problem::from_slice(text.as_bytes()).unwrap();
        let Some(code) = problem.code() else {
            // Two current examples carry a type that names no code; they keep it as sent.
            assert!(
                problem
                    .type_url()
                    .ends_with("/unkey/data/permission/duplicate")
                    || problem.type_url().ends_with("/unkey/data/role/duplicate"),
                "{}",
                path.display()
            );
            continue;
        };
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(stem, code.as_str().replace('/', "."));
        assert_eq!(problem.status(), code.status(), "{}", path.display());
        assert_eq!(problem.title(), code.title(), "{}", path.display());
        let era_url = if path.to_str().unwrap().contains("errors-v2") {
            code.type_url()
        } else {
            code.page_url()
        };
        assert_eq!(problem.type_url(), era_url);
    }
}

#[test]
fn reference_examples_are_rebuilt_from_their_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/examples/errors-v2");
    for (code, detail) in [
        (
            ErrorCode::AuthorizationForbidden,
            "This operation is not allowed",
        ),
        (
            ErrorCode::ApplicationProtectedResource,
            "The resource you are attempting to modify is protected and cannot be changed",
        ),
    ] {
        let file = root.join(format!("{}.json", code.as_str().replace('/', ".")));
        let text = fs::read_to_string(file).unwrap();
        let expected_detail = Problem::from_slice(text.as_bytes()).unwrap();
        assert_eq!(expected_detail.detail(), detail);
        let built = Problem::new(code, detail).with_request_id("req_2c9a0jf23l4k567");
        assert_eq!(
            serde_json::to_string_pretty(&built).unwrap(),
            published(&text)
        );
        assert_eq!(built, expected_detail);
    }
}

#[test]
fn every_documented_example_is_rebuilt_from_its_code_detail_and_errors() {
    for (path, text) in examples() {
        let parsed = Problem::from_slice(text.as_bytes()).unwrap();
        let Some(code) = parsed.code() else { continue };
        let mut built = Problem::new(code, parsed.detail().to_owned())
            .with_request_id(parsed.request_id().to_owned())
            .with_type_url(parsed.type_url().to_owned());
        built.set_validation_errors(parsed.validation_errors().map(<[_]>::to_vec));
        assert_eq!(
            serde_json::to_string_pretty(&built).unwrap(),
            published(&text),
            "{}",
            path.display()
        );
    }
}

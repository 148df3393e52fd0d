//! The README's tables are generated from `ErrorCode::ALL`; this test fails when they are out of
//! date. `UPDATE_README=1 cargo test --test readme` rewrites them.

use std::fmt::Write as _;
use std::path::Path;

use unkey_errors::ErrorCode;

fn catalogue_table() -> String {
    let mut table =
        String::from("| code | variant | status | title | meaning |\n|---|---|---|---|---|\n");
    for code in ErrorCode::ALL {
        writeln!(
            table,
            "| [`{}`]({}) | `{code:?}` | {} | {} | {} |",
            code.as_str(),
            code.page_url(),
            code.status().as_u16(),
            code.title(),
            code.description()
        )
        .unwrap();
    }
    table
}

fn differences_table() -> String {
    let mut table = String::from("| code | documented | live server |\n|---|---|---|\n");
    for code in ErrorCode::ALL {
        if code.status() != code.live_status() || code.title() != code.live_title() {
            writeln!(
                table,
                "| `{}` | {} {} | {} {} |",
                code.as_str(),
                code.status().as_u16(),
                code.title(),
                code.live_status().as_u16(),
                code.live_title()
            )
            .unwrap();
        }
    }
    table
}

/// `text` with the lines between the `name` markers replaced by `body`.
fn replace_section(text: &str, name: &str, body: &str) -> String {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let from = text
        .find(&start)
        .unwrap_or_else(|| panic!("no {start:?} in README"))
        + start.len();
    let to = text
        .find(&end)
        .unwrap_or_else(|| panic!("no {end:?} in README"));
    format!("{}{body}{}", &text[..from], &text[to..])
}

#[test]
fn readme_tables_are_generated_from_the_code_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let expected = replace_section(&readme, "catalogue", &catalogue_table());
    let expected = replace_section(&expected, "differences", &differences_table());
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(&path, &expected).unwrap();
    } else {
        assert!(
            readme == expected,
            "README tables are out of date: run UPDATE_README=1 cargo test --test readme"
        );
    }
    assert_eq!(
        expected.matches("](https://unkey.com/docs/errors/").count(),
        ErrorCode::ALL.len(),
        "a row per code"
    );
}

//! The crate's table equals the catalogue data file (tests/data/unkey-error-codes.json, a copy
//! of the facts gathered from Unkey's documentation and server), row for row, in order.

use serde::Deserialize;
use unkey_errors::ErrorCode;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    path: String,
    urn: String,
    system: String,
    category: String,
    specific: String,
    status: u16,
    title: String,
    status_source: String,
    server_status: u16,
    server_title: String,
    errors_array: bool,
    documented_in_errors_v2_era: bool,
    type_url_documented: String,
    docs_url_current: String,
}

fn rows() -> Vec<Row> {
    let text = include_str!("data/unkey-error-codes.json");
    serde_json::from_str(text).unwrap()
}

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// The facts file is the catalogue as `shared/` gathered it (Unkey at fc99b6b9): every code in
/// it is in the table with the same facts, in the same order. A code Unkey added later is one
/// entry of the table; `unkey-errors codes --compare` checks it against Unkey's own files.
#[test]
fn every_code_of_the_facts_file_is_in_the_table_with_the_same_facts() {
    let rows = rows();
    let in_table: Vec<ErrorCode> = rows
        .iter()
        .map(|row| {
            row.path
                .parse()
                .unwrap_or_else(|_| panic!("{} is not in the table", row.path))
        })
        .collect();
    let in_order: Vec<ErrorCode> = ErrorCode::ALL
        .iter()
        .copied()
        .filter(|code| in_table.contains(code))
        .collect();
    assert_eq!(in_table, in_order, "the table keeps the facts file's order");
    for (code, row) in in_table.into_iter().zip(&rows) {
        assert_eq!(code.as_str(), row.path);
        assert_eq!(code.urn(), row.urn, "{code}");
        assert_eq!(code.system(), row.system, "{code}");
        assert_eq!(code.category(), row.category, "{code}");
        assert_eq!(code.specific(), row.specific, "{code}");
        assert_eq!(code.status().as_u16(), row.status, "{code}");
        assert_eq!(code.title(), row.title, "{code}");
        assert_eq!(code.status_source().as_str(), row.status_source, "{code}");
        assert_eq!(code.live_status().as_u16(), row.server_status, "{code}");
        assert_eq!(code.live_title(), row.server_title, "{code}");
        assert_eq!(code.has_errors_array(), row.errors_array, "{code}");
        assert_eq!(
            code.in_errors_v2_docs(),
            row.documented_in_errors_v2_era,
            "{code}"
        );
        assert_eq!(code.type_url(), row.type_url_documented, "{code}");
        assert_eq!(code.page_url(), row.docs_url_current, "{code}");
    }
}

#[test]
fn variant_names_are_category_and_specific_in_pascal_case() {
    // The rule: category and name in PascalCase; a name an earlier row already has gets the
    // system's name in front.
    let mut given = std::collections::HashSet::new();
    for code in ErrorCode::ALL {
        let short = pascal(code.category()) + &pascal(code.specific());
        let expected = if given.contains(&short) {
            pascal(code.system()) + &short
        } else {
            short
        };
        assert_eq!(format!("{code:?}"), expected);
        assert!(given.insert(expected), "{code}: a name given twice");
    }
}

#[test]
fn the_codes_that_differ_on_the_live_server_are_the_facts_files() {
    // Counted from the facts, not pinned: the shared catalogue says 11 at fc99b6b9.
    let rows = rows();
    let facts: Vec<&str> = rows
        .iter()
        .filter(|row| row.status != row.server_status || row.title != row.server_title)
        .map(|row| row.path.as_str())
        .collect();
    let table: Vec<&str> = ErrorCode::ALL
        .iter()
        .filter(|c| c.status() != c.live_status() || c.title() != c.live_title())
        .map(|c| c.as_str())
        .filter(|path| rows.iter().any(|row| row.path == *path))
        .collect();
    assert_eq!(table, facts);
    assert!(table.contains(&"unkey/application/protected_resource"));
    assert!(table.contains(&"unkey/authentication/missing"));
}

#[test]
fn systems_are_the_three_known_ones_and_frontline_is_the_gateways() {
    for code in ErrorCode::ALL {
        assert!(
            ["unkey", "user", "frontline"].contains(&code.system()),
            "{code}"
        );
        // The gateway's codes take their statuses from its own mapping.
        assert_eq!(
            code.system() == "frontline",
            code.status_source() == unkey_errors::code::StatusSource::FrontlineGatewayMapping,
            "{code}"
        );
    }
}

#[test]
fn every_code_has_a_description_of_its_own_in_one_sentence() {
    let mut seen = std::collections::BTreeMap::new();
    for &code in ErrorCode::ALL {
        let description = code.description();
        assert!(
            description.starts_with(|c: char| c.is_ascii_uppercase()),
            "{code}: {description:?}"
        );
        assert!(description.ends_with('.'), "{code}: {description:?}");
        assert!(
            // One line, and one cell of the README's table.
            !description.contains(['\n', '"', '|']) && !description.contains("  "),
            "{code}: {description:?}"
        );
        // The description says what the code means; it does not repeat the title.
        assert_ne!(description.trim_end_matches('.'), code.title(), "{code}");
        if let Some(other) = seen.insert(description, code) {
            panic!("{code} and {other} have one description: {description:?}");
        }
    }
}

//! `unkey-errors codes --compare PATH`: the catalogue against a checkout of Unkey's repository.
//!
//! Two of Unkey's own sources are read, in the formats they have there:
//! - `pkg/codes/*.go`: every code's URN, as a Go string constant (`... URN = "err:a:b:c"`);
//! - `docs/product/errors/<system>/<category>/<name>.mdx`: one page per code, whose first
//!   ```` ```json ```` block is the code's example response (its `status`, `title`, `type`).
//!
//! A difference is a code added or removed upstream (in either source), an example that is no
//! problem, an example whose status and title are neither the crate's documented pair nor the
//! live server's, or whose `type` names another code, or a page whose `description` (in its
//! front matter) is not the one the crate's own description was last checked against.
//!
//! Unkey's descriptions are not copied into the crate (its repository is AGPL): the table keeps
//! its own sentence per code and the fingerprint (64-bit FNV-1a) of the page's description it
//! was checked against. A changed page prints the page's new text and fingerprint, so the
//! maintainer can read it, update the crate's sentence where the meaning changed, and record
//! the new fingerprint.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use unkey_errors::__private::reviewed_description;
use unkey_errors::{ErrorCode, Problem};

use crate::Usage;

/// Prints every difference; exit 0 when there is none, 1 when there are some.
pub(crate) fn run(checkout: &Path) -> Result<ExitCode, Usage> {
    let differences = differences(checkout).map_err(Usage)?;
    if differences.is_empty() {
        println!(
            "the catalogue agrees with {}: {} codes",
            checkout.display(),
            ErrorCode::ALL.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for difference in &differences {
        println!("{difference}");
    }
    match differences.len() {
        1 => println!("1 difference"),
        n => println!("{n} differences"),
    }
    Ok(ExitCode::FAILURE)
}

/// Every difference between the catalogue and the checkout, one line each, sorted.
///
/// # Errors
///
/// A sentence saying what could not be read.
pub(crate) fn differences(checkout: &Path) -> Result<Vec<String>, String> {
    let crate_urns: BTreeSet<String> = ErrorCode::ALL.iter().map(|c| c.urn().to_owned()).collect();
    let upstream_urns = urns(&checkout.join("pkg/codes"))?;
    let mut out = Vec::new();
    for urn in upstream_urns.difference(&crate_urns) {
        out.push(format!("added upstream (pkg/codes): {urn}"));
    }
    for urn in crate_urns.difference(&upstream_urns) {
        out.push(format!("removed upstream (pkg/codes): {urn}"));
    }
    let docs = checkout.join("docs/product/errors");
    let pages = pages(&docs)?;
    let crate_paths: BTreeSet<String> = ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let page_paths: BTreeSet<String> = pages.iter().map(|(path, _)| path.clone()).collect();
    for path in page_paths.difference(&crate_paths) {
        out.push(format!("added upstream (docs): {path}"));
    }
    for path in crate_paths.difference(&page_paths) {
        out.push(format!("removed upstream (docs): {path}"));
    }
    for (path, file) in &pages {
        let Ok(code) = path.parse::<ErrorCode>() else {
            continue; // reported above
        };
        let text = read(file)?;
        if let Some(difference) = example_difference(code, &text) {
            out.push(format!("{path}: {difference}"));
        }
        if let Some(difference) = description_difference(code, &text, reviewed_description(code)) {
            out.push(format!("{path}: {difference}"));
        }
    }
    out.sort();
    Ok(out)
}

/// The URNs of the Go constants under `dir`.
fn urns(dir: &Path) -> Result<BTreeSet<String>, String> {
    let mut urns = BTreeSet::new();
    let entries = std::fs::read_dir(dir).map_err(|err| {
        format!(
            "cannot read {}: {err} (is it a checkout of Unkey's repository?)",
            dir.display()
        )
    })?;
    for entry in entries {
        let path = entry.map_err(|err| err.to_string())?.path();
        if path.extension().is_none_or(|ext| ext != "go") {
            continue;
        }
        let text = read(&path)?;
        for line in text.lines() {
            let Some((_, rest)) = line.split_once("URN = \"") else {
                continue;
            };
            if let Some((urn, _)) = rest.split_once('"')
                && urn.starts_with("err:")
            {
                urns.insert(urn.to_owned());
            }
        }
    }
    Ok(urns)
}

/// Every error page under `dir`, by code path (`unkey/data/key_not_found`), with its file.
fn pages(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            for entry in entries {
                stack.push(entry.map_err(|err| err.to_string())?.path());
            }
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "mdx") {
            continue;
        }
        let Ok(relative) = path.strip_prefix(dir) else {
            continue;
        };
        let code_path = relative.with_extension("");
        let parts: Vec<String> = code_path
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        // A page of a code is three deep; others (the overview) are not codes.
        if parts.len() == 3 {
            found.push((parts.join("/"), path));
        }
    }
    found.sort();
    Ok(found)
}

/// What the page's example says that the catalogue does not, if anything.
fn example_difference(code: ErrorCode, text: &str) -> Option<String> {
    // A page without an example states no status: nothing to compare (the catalogue's is the
    // server's mapping then).
    let json = example(text)?;
    let problem = match Problem::from_slice(json.as_bytes()) {
        Ok(problem) => problem,
        Err(err) => return Some(format!("the example is not a problem: {err}")),
    };
    let mut difference = String::new();
    let said = (problem.status(), problem.title());
    let documented = (code.status(), code.title());
    let live = (code.live_status(), code.live_title());
    if said != documented && said != live {
        let _ = write!(
            difference,
            "the example says {} {:?}; the catalogue documents {} {:?} (live {} {:?})",
            said.0.as_u16(),
            said.1,
            documented.0.as_u16(),
            documented.1,
            live.0.as_u16(),
            live.1
        );
    }
    // A type naming no code is kept as sent, as two documented examples have it
    // (`.../unkey/data/role/duplicate`); one naming another code is a difference.
    if let Some(other) = problem.code().filter(|other| *other != code) {
        if !difference.is_empty() {
            difference.push_str("; ");
        }
        let _ = write!(difference, "the example's type names {other}");
    }
    (!difference.is_empty()).then_some(difference)
}

/// What changed in the page's description since the crate's own was checked against the one
/// of fingerprint `reviewed`, if anything. A page without a description has nothing to compare.
fn description_difference(code: ErrorCode, text: &str, reviewed: u64) -> Option<String> {
    let description = description(text)?;
    let now = fingerprint(description);
    (now != reviewed).then(|| {
        format!(
            "the page's description changed (fingerprint {}, reviewed {}): the page says \
             {description:?}; the crate says {:?}",
            literal(now),
            literal(reviewed),
            code.description()
        )
    })
}

/// The `description` of a page's front matter (the block between the first two `---` lines),
/// without its quotes.
fn description(text: &str) -> Option<&str> {
    let front = text.strip_prefix("---")?;
    let front = &front[..front.find("\n---")?];
    let value = front
        .lines()
        .find_map(|line| line.strip_prefix("description:"))?
        .trim();
    Some(
        value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value),
    )
}

/// A fingerprint as the table writes it, `0xcb1e_ef69_8d80_5e3d`, to be copied into an entry.
fn literal(fingerprint: u64) -> String {
    let group = |shift: u32| (fingerprint >> shift) & 0xffff;
    format!(
        "0x{:04x}_{:04x}_{:04x}_{:04x}",
        group(48),
        group(32),
        group(16),
        group(0)
    )
}

/// 64-bit FNV-1a of `text`: the fingerprint of a page's description the table records.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The first ```` ```json ```` block of a page.
fn example(text: &str) -> Option<&str> {
    let start = text.find("```json")?;
    let body = text.get(start..)?;
    let body = body.get(body.find('\n')? + 1..)?;
    let end = body.find("```")?;
    body.get(..end)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_fnv_1a_64() {
        // The published test vectors of FNV-1a 64.
        assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fingerprint("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_fingerprint_is_written_as_the_table_writes_it() {
        assert_eq!(literal(0xcb1e_ef69_8d80_5e3d), "0xcb1e_ef69_8d80_5e3d");
        assert_eq!(literal(1), "0x0000_0000_0000_0001");
    }

    #[test]
    fn the_description_is_read_from_the_front_matter_only() {
        let page =
            "---\ntitle: \"x\"\ndescription: \"Says \\\"what\\\".\"\n---\n\ndescription: no\n";
        assert_eq!(description(page), Some("Says \\\"what\\\"."));
        assert_eq!(
            description("---\ndescription: Bare words\n---\n"),
            Some("Bare words")
        );
        assert_eq!(
            description("---\ntitle: x\n---\ndescription: \"below\"\n"),
            None
        );
        assert_eq!(description("description: \"no front matter\"\n"), None);
        assert_eq!(description("---\ndescription: \"never closed\"\n"), None);
    }

    #[test]
    fn a_description_differs_only_from_another_fingerprint() {
        let code = ErrorCode::DataKeyNotFound;
        let page = "---\ndescription: \"Gone.\"\n---\n";
        assert_eq!(
            description_difference(code, page, fingerprint("Gone.")),
            None
        );
        let difference = description_difference(code, page, fingerprint("Here.")).unwrap();
        assert!(difference.contains(&format!("fingerprint {}", literal(fingerprint("Gone.")))));
        assert!(difference.contains(&format!("reviewed {}", literal(fingerprint("Here.")))));
        assert!(difference.contains(code.description()), "{difference}");
        assert_eq!(description_difference(code, "---\n---\n", 0), None);
    }
}

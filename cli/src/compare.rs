//! `unkey-errors codes --compare PATH`: the catalogue against a checkout of Unkey's repository.
//!
//! Two of Unkey's own sources are read, in the formats they have there:
//! - `pkg/codes/*.go`: every code's URN, as a Go string constant (`... URN = "err:a:b:c"`);
//! - `docs/product/errors/<system>/<category>/<name>.mdx`: one page per code, whose first
//!   ```` ```json ```` block is the code's example response (its `status`, `title`, `type`).
//!
//! A difference is a code added or removed upstream (in either source), an example that is no
//! problem, or an example whose status and title are neither the crate's documented pair nor
//! the live server's, or whose `type` names another code. (A page's prose description is not
//! compared: the catalogue keeps none.)

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    println!("{} differences", differences.len());
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
        if let Some(difference) = example_difference(code, file)? {
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
            if let Some((urn, _)) = rest.split_once('"') {
                if urn.starts_with("err:") {
                    urns.insert(urn.to_owned());
                }
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
fn example_difference(code: ErrorCode, file: &Path) -> Result<Option<String>, String> {
    let text = read(file)?;
    // A page without an example states no status: nothing to compare (the catalogue's is the
    // server's mapping then).
    let Some(json) = example(&text) else {
        return Ok(None);
    };
    let problem = match Problem::from_slice(json.as_bytes()) {
        Ok(problem) => problem,
        Err(err) => return Ok(Some(format!("the example is not a problem: {err}"))),
    };
    let mut difference = String::new();
    let said = (problem.status(), problem.title());
    let documented = (code.status(), code.title());
    let live = (code.server_status(), code.server_title());
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
    Ok((!difference.is_empty()).then_some(difference))
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

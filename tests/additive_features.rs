//! Features only add: a crate that derives `ToProblem` with only `derive` and writes its own
//! `IntoResponse` still compiles when another crate of the graph turns on `axum` (before 0.3,
//! the derive then wrote a second `IntoResponse`: E0119). The two crates are in
//! `tests/additive/`; this builds them as Cargo would for a user's workspace.

use std::process::Command;

#[test]
fn a_feature_turned_on_elsewhere_in_the_graph_breaks_no_crate() {
    let root = env!("CARGO_MANIFEST_DIR");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline", "-p", "additive-b"])
        .arg("--manifest-path")
        .arg(format!("{root}/tests/additive/Cargo.toml"))
        // Its own target directory, kept between runs, beside the workspace's.
        .env("CARGO_TARGET_DIR", format!("{root}/target/additive"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the two crates do not compile together:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

//! The `unkey-errors` command, run as a user runs it.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unkey-errors"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn render_prints_the_whole_response() {
    let output = run(
        &[
            "render",
            "err:unkey:data:key_not_found",
            "The key was not found",
            "--request-id",
            "req_1",
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "HTTP/1.1 404 Not Found\n\
         content-type: application/json\n\
         content-length: 187\n\
         \n\
         {\"meta\":{\"requestId\":\"req_1\"},\"error\":{\"detail\":\"The key was not found\",\"status\":404,\"title\":\"Not Found\",\"type\":\"https://unkey.com/docs/api-reference/errors-v2/unkey/data/key_not_found\"}}\n"
    );
}

#[test]
fn render_defaults_negotiation_and_the_live_mapping() {
    let output = run(&["render", "unkey/authorization/forbidden"], b"");
    let text = stdout(&output);
    assert!(text.contains(r#""detail":"Forbidden""#), "{text}");
    assert!(text.contains(r#""requestId":"req_"#), "{text}");

    let output = run(
        &["render", "unkey/authorization/forbidden", "--accept", "*/*"],
        b"",
    );
    assert!(stdout(&output).contains("content-type: application/problem+json\n"));

    let output = run(
        &["render", "unkey/application/protected_resource", "--live"],
        b"",
    );
    let text = stdout(&output);
    assert!(
        text.starts_with("HTTP/1.1 412 Precondition Failed\n"),
        "{text}"
    );
    assert!(
        text.contains("https://unkey.com/docs/errors/unkey/application/protected_resource"),
        "{text}"
    );
}

#[test]
fn a_mistyped_code_names_its_nearest_match() {
    for typed in [
        "unkey/data/key_not_fund",
        "https://unkey.com/docs/errors/unkey/data/key_notfound",
        "err:unkey:data:keys_not_found",
    ] {
        let output = run(&["render", typed], b"");
        assert_eq!(output.status.code(), Some(2), "{typed}");
        let text = stderr(&output);
        assert!(
            text.contains("did you mean unkey/data/key_not_found?"),
            "{typed}: {text}"
        );
        assert_eq!(
            text.lines().collect::<Vec<_>>().len(),
            2,
            "one line and a hint: {text}"
        );
    }
    let output = run(&["render", "nothing/like/any_code_at_all"], b"");
    assert!(!stderr(&output).contains("did you mean"));
    // Every code as near is named, not one of them.
    let output = run(&["render", "key_not_found"], b"");
    let text = stderr(&output);
    assert!(
        text.contains(
            "did you mean unkey/authentication/key_not_found or unkey/data/key_not_found?"
        ),
        "{text}"
    );
}

#[test]
fn a_mistyped_variant_name_is_suggested_as_a_variant_name() {
    let output = run(&["render", "DataKeyNotFund"], b"");
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("did you mean DataKeyNotFound?"), "{text}");
}

#[test]
fn options_end_at_double_dash_and_help_is_an_option_only() {
    // After `--`, a DETAIL may start with `-`, and `-h` is a detail.
    for detail in ["--not-an-option", "-h"] {
        let output = run(
            &[
                "render",
                "DataKeyNotFound",
                "--request-id",
                "req_1",
                "--",
                detail,
            ],
            b"",
        );
        assert!(output.status.success(), "{detail}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains(&format!(r#""detail":"{detail}""#)), "{text}");
    }
    // Where it is an option, `-h` is the help.
    let output = run(&["render", "DataKeyNotFound", "-h"], b"");
    assert!(output.status.success());
    assert!(stdout(&output).starts_with("unkey-errors: "));
    // An option the command does not take is named.
    let output = run(&["render", "DataKeyNotFound", "--nope"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--nope"), "{}", stderr(&output));
}

#[test]
fn render_live_uses_the_live_title_as_the_default_detail() {
    let output = run(
        &["render", "unkey/application/protected_resource", "--live"],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("HTTP/1.1 412 Precondition Failed\n"),
        "{text}"
    );
    assert!(
        text.contains(r#""detail":"Resource is protected""#),
        "{text}"
    );
}

#[test]
fn codes_shows_the_variant_name_the_derive_takes() {
    let output = run(&["codes", "--status", "404"], b"");
    let text = stdout(&output);
    assert!(text.lines().next().unwrap().contains("variant"), "{text}");
    assert!(
        text.lines()
            .any(|line| line.starts_with("unkey/data/key_not_found")
                && line.contains(" DataKeyNotFound ")),
        "{text}"
    );
}

#[test]
fn explain_reads_the_gateways_rate_limit_headers() {
    let response = b"HTTP/1.1 429 Too Many Requests\r\nx-ratelimit-limit: 10\r\nx-ratelimit-remaining: 0\r\nx-ratelimit-reset: 99999999999\r\n\r\n{\"meta\":{\"requestId\":\"req_gw\"},\"error\":{\"code\":\"err:frontline:client:rate_limited\",\"message\":\"Slow down\"}}";
    let text = stdout(&run(&["explain"], response));
    assert!(
        text.contains("rate limit: 0 left of 10, resets in "),
        "{text}"
    );
}

#[test]
fn render_takes_a_variant_name_as_the_readme_shows_it() {
    let output = run(&["render", "DataKeyNotFound", "--request-id", "req_1"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("HTTP/1.1 404 Not Found\n"));
}

#[test]
fn explain_has_help_and_says_when_statuses_disagree() {
    let output = run(&["explain", "--help"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("unkey-errors explain [--status N]"));
    let body = br#"{"meta":{"requestId":"req_1"},"error":{"detail":"no","status":403,"title":"Forbidden","type":"https://unkey.com/docs/errors/unkey/authorization/forbidden"}}"#;
    let output = run(&["explain", "--status", "500"], body);
    assert!(
        stdout(&output)
            .contains("note:       the HTTP status 500 and the body's status 403 disagree"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn explain_reads_back_what_render_prints() {
    let rendered = run(
        &[
            "render",
            "unkey/application/invalid_input",
            "bad",
            "--request-id",
            "req_9",
        ],
        b"",
    );
    let output = run(&["explain"], &rendered.stdout);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "http:       400 Bad Request\n",
        "shape:      v2 problem details\n",
        "code:       unkey/application/invalid_input (err:unkey:application:invalid_input)\n",
        &format!(
            "means:      {}\n",
            unkey_errors::ErrorCode::ApplicationInvalidInput.description()
        ),
        "detail:     bad\n",
        "request id: req_9\n",
        "retry:      no\n",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
}

#[test]
fn explain_reads_gateway_v1_and_html_bodies() {
    let gateway = br#"{"meta":{"requestId":"req_gw1"},"error":{"code":"err:frontline:client:rate_limited","message":"Slow down"}}"#;
    let text = stdout(&run(&["explain", "--status", "429"], gateway));
    assert!(
        text.contains("shape:      gateway (frontline) envelope\n"),
        "{text}"
    );
    assert!(
        text.contains("code:       frontline/client/rate_limited"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "means:      {}\n",
            unkey_errors::ErrorCode::ClientRateLimited.description()
        )),
        "{text}"
    );
    assert!(
        text.contains("retry:      only when asked (a rate limit)\n"),
        "{text}"
    );

    let v1 = br#"{"error":{"code":"NOT_FOUND","docs":"https://unkey.dev/docs/api-reference/errors/code/NOT_FOUND","message":"key not found","requestId":"req_v1"}}"#;
    let text = stdout(&run(&["explain", "--status", "404"], v1));
    assert!(
        text.contains("shape:      v1 API envelope (retired)\n"),
        "{text}"
    );
    assert!(text.contains("code:       NOT_FOUND"), "{text}");
    assert!(text.contains("request id: req_v1"), "{text}");

    let html = b"HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\n\r\n<html>502</html>";
    let output = run(&["explain"], html);
    assert_eq!(output.status.code(), Some(1), "not an Unkey response");
    let text = stdout(&output);
    assert!(text.contains("http:       502 Bad Gateway\n"), "{text}");
    assert!(
        text.contains("shape:      not an Unkey error response\n"),
        "{text}"
    );
    assert!(
        text.contains(r#"body:       "<html>502</html>" (16 bytes)"#),
        "{text}"
    );
}

#[test]
fn codes_lists_the_catalogue_or_one_status() {
    let all = stdout(&run(&["codes"], b""));
    assert_eq!(all.lines().count(), 1 + unkey_errors::ErrorCode::ALL.len());
    let conflicts = stdout(&run(&["codes", "--status", "409"], b""));
    let rows: Vec<&str> = conflicts.lines().skip(1).collect();
    assert_eq!(rows.len(), 6, "{conflicts}");
    assert!(rows.iter().all(|row| row.contains(" 409 ")), "{conflicts}");
}

#[test]
fn help_and_bad_arguments() {
    let output = run(&["--help"], b"");
    assert!(output.status.success());
    assert!(stdout(&output).contains("usage:"));
    for bad in [
        &[][..],
        &["frobnicate"],
        &["render"],
        &["render", "unkey/data/key_not_found", "detail", "surplus"],
        &["codes", "--status", "four hundred"],
        &["codes", "--verbose"],
        &["render", "unkey/data/key_not_found", "--request-id"],
        &[
            "render",
            "unkey/data/key_not_found",
            "--request-id",
            "bad id",
        ],
    ] {
        let output = run(bad, b"");
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        let text = stderr(&output);
        assert!(text.starts_with("error: "), "{bad:?}: {text}");
        assert!(
            text.ends_with("\nhint: unkey-errors --help shows the usage\n"),
            "{bad:?}: {text}"
        );
        assert!(
            !text.contains("usage:"),
            "{bad:?}: not the whole usage: {text}"
        );
    }
}

/// A tree in the format of Unkey's repository (`pkg/codes/*.go` constants and
/// `docs/product/errors/**/*.mdx` pages), written from the crate's own table. Its pages have no
/// `description` (the crate keeps only a fingerprint of Unkey's), so there is none to compare
/// until a test writes one.
fn unkey_checkout() -> std::path::PathBuf {
    use std::fmt::Write as _;
    use unkey_errors::{ErrorCode, Problem};
    let root = std::env::temp_dir().join(format!(
        "unkey-errors-compare-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let codes = root.join("pkg/codes");
    std::fs::create_dir_all(&codes).unwrap();
    let mut constants = String::from("package codes\n\ntype URN string\n\nconst (\n");
    for &code in ErrorCode::ALL {
        writeln!(
            constants,
            "\t// {code:?} is a code.\n\t{code:?} URN = \"{}\"",
            code.urn()
        )
        .unwrap();
        let page = root.join("docs/product/errors").join(format!("{code}.mdx"));
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        let example = Problem::new(code, "An example").with_request_id("req_1");
        std::fs::write(
            page,
            format!(
                "---\ntitle: \"{}\"\n---\n\n<Danger>{}</Danger>\n\n```json Example\n{}\n```\n\n## What Happened?\n",
                code.specific(),
                code.urn(),
                example.to_json_string()
            ),
        )
        .unwrap();
    }
    constants.push_str(")\n");
    std::fs::write(codes.join("constants_gen.go"), constants).unwrap();
    std::fs::write(
        root.join("docs/product/errors/overview.mdx"),
        "---\ntitle: Overview\n---\n",
    )
    .unwrap();
    root
}

#[test]
fn codes_compare_agrees_with_a_checkout_and_names_every_difference() {
    use unkey_errors::ErrorCode;
    let root = unkey_checkout();
    let output = run(&["codes", "--compare", root.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).starts_with("the catalogue agrees with"));

    // Upstream changes: a code added, one removed, a documented status changed ...
    let constants = root.join("pkg/codes/constants_gen.go");
    let text = std::fs::read_to_string(&constants).unwrap();
    let text = text
        .replace(
            "URN = \"err:unkey:data:key_not_found\"",
            "URN = \"err:unkey:data:key_was_never_there\"",
        )
        .replace(")\n", "\tNew URN = \"err:unkey:data:brand_new\"\n)\n");
    std::fs::write(&constants, text).unwrap();
    let page = root.join("docs/product/errors/unkey/authorization/forbidden.mdx");
    let text = std::fs::read_to_string(&page).unwrap();
    // ... and a description that is not the one the crate's was checked against.
    let text = text.replace("\"status\":403", "\"status\":418").replacen(
        "---\n",
        "---\ndescription: \"What forbidden means.\"\n",
        1,
    );
    std::fs::write(&page, text).unwrap();
    std::fs::create_dir_all(root.join("docs/product/errors/unkey/data")).unwrap();
    std::fs::write(
        root.join("docs/product/errors/unkey/data/brand_new.mdx"),
        "---\n---\n",
    )
    .unwrap();

    let output = run(&["codes", "--compare", root.to_str().unwrap()], b"");
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    for expected in [
        "added upstream (pkg/codes): err:unkey:data:brand_new",
        "added upstream (pkg/codes): err:unkey:data:key_was_never_there",
        "removed upstream (pkg/codes): err:unkey:data:key_not_found",
        "added upstream (docs): unkey/data/brand_new",
        "unkey/authorization/forbidden: the example says 418 \"Forbidden\"; the catalogue documents 403 \"Forbidden\" (live 403 \"Forbidden\")",
        "6 differences",
    ] {
        assert!(text.lines().any(|line| line == expected), "{expected:?} not in:\n{text}");
    }
    // 0xd5cb769ba97fbd3a is FNV-1a 64 of `What forbidden means.`; the reviewed fingerprint is
    // the table's (the command's unit tests check how it is written).
    let described = format!(
        "\"What forbidden means.\"; the crate says {:?}",
        ErrorCode::AuthorizationForbidden.description()
    );
    assert!(
        text.lines().any(|line| line.starts_with(
            "unkey/authorization/forbidden: the page's description changed \
             (fingerprint 0xd5cb_769b_a97f_bd3a, reviewed 0x"
        ) && line.ends_with(&described)),
        "{described:?} not in:\n{text}"
    );
    std::fs::remove_dir_all(&root).unwrap();

    let output = run(&["codes", "--compare", "/nonexistent/unkey"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is it a checkout of Unkey's repository?"));
}

//! `unkey-errors`: Unkey's error responses from the command line.
//!
//! ```text
//! unkey-errors render unkey/data/key_not_found "The key was not found"
//! unkey-errors render unkey/data/key_not_found | unkey-errors explain
//! unkey-errors codes --status 404
//! ```
//!
//! Arguments are read by `lexopt` (no dependencies of its own): the command needs only the
//! library's core, so that a first `cargo run` compiles as little as possible.

mod compare;

use std::io::Read as _;

use lexopt::ValueExt as _;
use std::process::ExitCode;

use http::header::ACCEPT;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use unkey_errors::{
    client::ApiErrorBody, client::RetryAfter, server::RequestId, ApiError, ErrorCode, Problem,
};

const USAGE: &str = "\
unkey-errors: Unkey's error responses from the command line

usage:
  unkey-errors render CODE [DETAIL] [--request-id ID] [--accept MEDIA-RANGES] [--live]
      The complete HTTP response a service sends for CODE, which may be written as a path
      (unkey/data/key_not_found), a URN (err:unkey:data:key_not_found), a docs URL or the
      name of its ErrorCode variant (DataKeyNotFound).
      DETAIL defaults to the code's title (the live title with --live) and ID to a fresh
      req_... id. The content type is what Unkey's OpenAPI spec declares, or negotiated from
      --accept as the live server does; --live uses the live server's status and title and
      the current docs URL. After `--`, everything is an argument: a DETAIL may start with -.

  unkey-errors explain [--status N]
      Reads a failed response on standard input, a body or a whole response as `render`
      prints it, and explains it: a v2 problem, the gateway's or the v1 API's envelope, or
      anything else (HTML or text from a proxy), with its rate limit (RateLimit-* or the
      gateway's X-RateLimit-*). --status gives the HTTP status of a body.

  unkey-errors codes [--status N]
      The catalogue as a table: every code, or the codes documented with status N, with the
      name of its ErrorCode variant (what #[problem(...)] takes).

  unkey-errors codes --compare PATH
      Compares the catalogue with a checkout of Unkey's repository at PATH: the codes of
      pkg/codes/ and the error pages of docs/product/errors/ (their example's status, title
      and type, and whether their description is the one the crate's own was checked
      against). Prints every difference; exits 0 when they agree, 1 when not.

  unkey-errors --help
      This text.
";

/// A mistake in the arguments: reported in one line and a hint, exit status 2.
struct Usage(String);

impl From<lexopt::Error> for Usage {
    fn from(err: lexopt::Error) -> Self {
        Self(err.to_string())
    }
}

fn main() -> ExitCode {
    match run(lexopt::Parser::from_env()) {
        Ok(code) => code,
        Err(Usage(message)) => {
            eprintln!("error: {message}\nhint: unkey-errors --help shows the usage");
            ExitCode::from(2)
        }
    }
}

fn run(mut parser: lexopt::Parser) -> Result<ExitCode, Usage> {
    use lexopt::Arg::{Long, Short, Value};
    let command = match parser.next()? {
        None => return Err(Usage("a command is needed".to_owned())),
        Some(Short('h') | Long("help")) => return Ok(help()),
        Some(Value(command)) => command.string()?,
        Some(other) => return Err(other.unexpected().into()),
    };
    let options = match command.as_str() {
        "render" => Options::parse(parser, &["request-id", "accept"], &["live"])?,
        "explain" | "codes" => Options::parse(parser, &["status", "compare"], &[])?,
        "help" => return Ok(help()),
        other => return Err(Usage(format!("unknown command {other:?}"))),
    };
    // `unkey-errors COMMAND --help` (or -h) is the help too, where it is an option.
    let Some(options) = options else {
        return Ok(help());
    };
    match command.as_str() {
        "render" => render(&options),
        "explain" => {
            options.refuse("compare")?;
            explain(&options)
        }
        _ => match options.value("compare") {
            Some(checkout) => compare::run(std::path::Path::new(checkout)),
            None => codes(&options),
        },
    }
}

fn help() -> ExitCode {
    print!("{USAGE}");
    ExitCode::SUCCESS
}

/// The arguments after the command: positional ones, options with a value, flags.
struct Options {
    positional: Vec<String>,
    values: Vec<(&'static str, String)>,
    flags: Vec<&'static str>,
}

impl Options {
    /// Reads the rest of the arguments: `--name VALUE` (or `--name=VALUE`) for each of
    /// `valued`, `--name` for each of `flags`, anything else positional; after `--`, all of
    /// it. `None` when `-h` or `--help` was given as an option.
    fn parse(
        mut parser: lexopt::Parser,
        valued: &[&'static str],
        flags: &[&'static str],
    ) -> Result<Option<Self>, Usage> {
        use lexopt::Arg::{Long, Short, Value};
        let mut options = Self {
            positional: Vec::new(),
            values: Vec::new(),
            flags: Vec::new(),
        };
        while let Some(arg) = parser.next()? {
            match arg {
                Short('h') | Long("help") => return Ok(None),
                Long(name) if flags.contains(&name) => {
                    let flag = flags.iter().copied().find(|f| *f == name);
                    options.flags.extend(flag);
                }
                Long(name) if valued.contains(&name) => {
                    let option = valued.iter().copied().find(|v| *v == name);
                    let value = parser.value()?.string()?;
                    options.values.extend(option.map(|option| (option, value)));
                }
                Value(value) => options.positional.push(value.string()?),
                other => return Err(other.unexpected().into()),
            }
        }
        Ok(Some(options))
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// An option the command shares the parser of but does not take.
    fn refuse(&self, name: &str) -> Result<(), Usage> {
        match self.value(name) {
            Some(_) => Err(Usage(format!("invalid option '--{name}'"))),
            None => Ok(()),
        }
    }

    fn status(&self) -> Result<Option<StatusCode>, Usage> {
        self.value("status")
            .map(|n| {
                n.parse::<u16>()
                    .ok()
                    .and_then(|n| StatusCode::from_u16(n).ok())
                    .ok_or_else(|| Usage(format!("--status {n:?} is not an HTTP status")))
            })
            .transpose()
    }

    fn at_most(&self, n: usize) -> Result<(), Usage> {
        match self.positional.get(n) {
            Some(extra) => Err(Usage(format!("unexpected argument {extra:?}"))),
            None => Ok(()),
        }
    }
}

fn render(options: &Options) -> Result<ExitCode, Usage> {
    options.at_most(2)?;
    let Some(code) = options.positional.first() else {
        return Err(Usage(
            "render needs a CODE, e.g. unkey/data/key_not_found".to_owned(),
        ));
    };
    // Any written form, or the variant's name as the README's table shows it.
    let by_variant = ErrorCode::ALL
        .iter()
        .copied()
        .find(|known| format!("{known:?}") == *code);
    let code: ErrorCode = match by_variant.map_or_else(|| code.parse(), Ok) {
        Ok(code) => code,
        Err(err) => {
            // A typo is suggested in the form it was typed in: a variant's name, or a path.
            let as_variant = code.starts_with(|c: char| c.is_ascii_uppercase())
                && !code.contains(['/', ':', '_']);
            let near: Vec<String> = nearest(code)
                .iter()
                .map(|near| {
                    if as_variant {
                        format!("{near:?}")
                    } else {
                        near.to_string()
                    }
                })
                .collect();
            let hint = match near.as_slice() {
                [] => String::new(),
                [one] => format!("; did you mean {one}?"),
                [many @ .., last] => format!("; did you mean {} or {last}?", many.join(", ")),
            };
            return Err(Usage(format!("{err}{hint}")));
        }
    };
    let live = options.flag("live");
    let title = if live {
        code.live_title()
    } else {
        code.title()
    };
    let detail = options
        .positional
        .get(1)
        .cloned()
        .unwrap_or_else(|| title.to_owned());
    let request_id = match options.value("request-id") {
        Some(id) => RequestId::parse(id.to_owned()).map_err(|e| Usage(e.to_string()))?,
        None => RequestId::generate(),
    };
    let problem = if live {
        Problem::new_live(code, detail)
    } else {
        Problem::new(code, detail)
    }
    .with_request_id(request_id);
    let response = match options.value("accept") {
        None => problem.into_http_response(),
        Some(accept) => {
            let value = HeaderValue::from_str(accept)
                .map_err(|_| Usage(format!("--accept {accept:?} is not a header value")))?;
            let mut request_headers = HeaderMap::new();
            request_headers.insert(ACCEPT, value);
            problem.into_negotiated_response(&request_headers)
        }
    };
    let status = response.status();
    println!(
        "HTTP/1.1 {} {}",
        status.as_str(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in response.headers() {
        println!("{name}: {}", String::from_utf8_lossy(value.as_bytes()));
    }
    println!("content-length: {}", response.body().len());
    println!();
    println!("{}", String::from_utf8_lossy(response.body()));
    Ok(ExitCode::SUCCESS)
}

/// The codes whose paths are nearest to what was typed, for "did you mean": every code at the
/// least distance (`key_not_found` is as near to `unkey/data/key_not_found` as to
/// `unkey/authentication/key_not_found`).
fn nearest(typed: &str) -> Vec<ErrorCode> {
    let typed = typed.trim().to_ascii_lowercase();
    let path = [
        unkey_errors::code::DOCUMENTED_TYPE_URL_PREFIX,
        unkey_errors::code::CURRENT_DOCS_URL_PREFIX,
    ]
    .iter()
    .find_map(|prefix| typed.strip_prefix(prefix))
    .map(str::to_owned)
    .or_else(|| typed.strip_prefix("err:").map(|urn| urn.replace(':', "/")))
    .unwrap_or(typed);
    let path = path.trim_end_matches('/');
    let distances: Vec<(usize, ErrorCode)> = ErrorCode::ALL
        .iter()
        .map(|&code| {
            let whole = edit_distance(path, code.as_str());
            let name = edit_distance(path, code.specific());
            // The variant's name, as `render` takes it (`DataKeyNotFound`).
            let variant = edit_distance(path, &format!("{code:?}").to_ascii_lowercase());
            (whole.min(name).min(variant), code)
        })
        .collect();
    let Some(least) = distances.iter().map(|(distance, _)| *distance).min() else {
        return Vec::new();
    };
    if least > (path.len() / 4).max(3) {
        return Vec::new();
    }
    distances
        .into_iter()
        .filter(|(distance, _)| *distance == least)
        .map(|(_, code)| code)
        .collect()
}

/// Levenshtein distance, in bytes.
fn edit_distance(a: &str, b: &str) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.bytes().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = current.last().map_or(usize::MAX, |d| d + 1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

fn explain(options: &Options) -> Result<ExitCode, Usage> {
    options.at_most(0)?;
    let given_status = options.status()?;
    let mut input = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("error: cannot read standard input: {err}");
        return Ok(ExitCode::FAILURE);
    }
    let (head_status, headers, body) = split_response(&input);
    let body_status = Problem::from_slice(body).ok().map(|p| p.status());
    let status = given_status.or(head_status).or(body_status);
    let err = ApiError::from_parts(
        status.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        &headers,
        body,
    );
    match status {
        Some(status) => line("http:", &status),
        None => line("http:", &"no status given (pass --status N)"),
    }
    if err.status_disagrees()
        && let Some(stated) = err.body_status()
    {
        line(
            "note:",
            &format_args!(
                "the HTTP status {} and the body's status {} disagree",
                err.status().as_u16(),
                stated.as_u16()
            ),
        );
    }
    match err.body() {
        ApiErrorBody::Problem(problem) => explain_problem(problem),
        ApiErrorBody::Gateway(gateway) => {
            line("shape:", &"gateway (frontline) envelope");
            match gateway.code() {
                Some(code) => known_code(code),
                None => line(
                    "code:",
                    &format_args!("{} (unknown to this version)", gateway.urn()),
                ),
            }
            line("message:", &gateway.message());
        }
        ApiErrorBody::Legacy(legacy) => {
            line("shape:", &"v1 API envelope (retired)");
            line("code:", &legacy.code_str());
            line("message:", &legacy.message());
        }
        ApiErrorBody::Unrecognised(unrecognised) => {
            line("shape:", &"not an Unkey error response");
            if let Some(why) = unrecognised.parse_error() {
                line("why:", why);
            }
            let text = unrecognised.body_prefix_lossy();
            let shown: String = text.chars().take(200).collect();
            let more = if shown.len() < text.len() || unrecognised.is_truncated() {
                "..."
            } else {
                ""
            };
            line(
                "body:",
                &format_args!("{shown:?}{more} ({} bytes)", unrecognised.len()),
            );
        }
        _ => line("shape:", &"not known to this tool"),
    }
    if let Some(id) = err.request_id() {
        line("request id:", &id);
    }
    explain_advice(&err, status.is_some());
    Ok(if err.as_unrecognised().is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// What `explain` says of when to call again: the rate limit (either dialect), the docs page,
/// and, when the status is known, the retry rule.
fn explain_advice(err: &ApiError, status_known: bool) {
    if let Some(limit) = err.rate_limit() {
        // Either dialect: the API's RateLimit-* or the gateway's X-RateLimit-*.
        line(
            "rate limit:",
            &format_args!(
                "{} left of {}, resets in {}s",
                limit.remaining(),
                limit.limit(),
                limit.reset().as_secs()
            ),
        );
    }
    if let Some(docs) = err.page_url() {
        line("docs:", &docs);
    }
    if status_known {
        // Unkey's SDK's rule (`is_retryable`); a rate limit is waited for only when asked.
        let rate_limited = err.status() == http::StatusCode::TOO_MANY_REQUESTS;
        let retry = match (err.is_retryable(), rate_limited) {
            (false, false) => "no".to_owned(),
            (retryable, _) => {
                let yes = if retryable {
                    "yes"
                } else {
                    "only when asked (a rate limit)"
                };
                match err.retry_after() {
                    Some(RetryAfter::Delay(delay)) => format!("{yes}, after {delay:?}"),
                    Some(RetryAfter::At(_)) => format!("{yes}, at the time Retry-After gives"),
                    _ => yes.to_owned(),
                }
            }
        };
        line("retry:", &retry);
    }
}

/// One labelled line of `explain`'s output.
fn line(label: &str, value: &dyn std::fmt::Display) {
    println!("{label:<11} {value}");
}

/// The `code:` line of a code the catalogue knows, and what it means.
fn known_code(code: ErrorCode) {
    line("code:", &format_args!("{code} ({})", code.urn()));
    line("means:", &code.description());
}

fn explain_problem(problem: &Problem) {
    line("shape:", &"v2 problem details");
    match problem.code() {
        Some(code) => known_code(code),
        None => line("code:", &"unknown to this version; the type is kept"),
    }
    line("type:", &problem.type_url());
    line(
        "status:",
        &format_args!("{} {}", problem.status().as_u16(), problem.title()),
    );
    line("detail:", &problem.detail());
    if let Some(code) = problem.code()
        && (problem.status() != code.status() || problem.title() != code.title())
    {
        line(
            "note:",
            &format_args!(
                "the documentation gives {} {}; the live server sends {} {}",
                code.status().as_u16(),
                code.title(),
                code.live_status().as_u16(),
                code.live_title()
            ),
        );
    }
    for error in problem.validation_errors().unwrap_or_default() {
        line(
            "invalid:",
            &format_args!("{}: {}", error.location(), error.message()),
        );
        if let Some(fix) = error.fix() {
            line("", &format_args!("fix: {fix}"));
        }
    }
    for member in problem.extra_members() {
        line(
            "extra:",
            &format_args!(
                "{:?} {} = {}",
                member.scope(),
                member.name(),
                member.value().get()
            ),
        );
    }
}

/// A whole response as `render` prints it (status line, headers, blank line, body), or a body
/// alone: the status and headers found, and the body.
fn split_response(input: &[u8]) -> (Option<StatusCode>, HeaderMap, &[u8]) {
    let mut headers = HeaderMap::new();
    if !input.starts_with(b"HTTP/") {
        return (None, headers, input);
    }
    // The head ends at the first blank line, written with CRLF or LF.
    let find = |blank: &[u8]| {
        let at = input.windows(blank.len()).position(|w| w == blank)?;
        Some((at, at + blank.len()))
    };
    let (head_end, body_start) = match (find(b"\r\n\r\n"), find(b"\n\n")) {
        (Some(crlf), Some(lf)) => crlf.min(lf),
        (crlf, lf) => crlf.or(lf).unwrap_or((input.len(), input.len())),
    };
    let head = String::from_utf8_lossy(input.get(..head_end).unwrap_or_default());
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|status_line| status_line.split_whitespace().nth(1))
        .and_then(|n| n.parse::<u16>().ok())
        .and_then(|n| StatusCode::from_u16(n).ok());
    for header in lines {
        if let Some((name, value)) = header.split_once(':')
            && let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.trim().as_bytes()),
                HeaderValue::from_str(value.trim()),
            )
        {
            headers.append(name, value);
        }
    }
    (status, headers, input.get(body_start..).unwrap_or_default())
}

fn codes(options: &Options) -> Result<ExitCode, Usage> {
    options.at_most(0)?;
    let status = options.status()?;
    let rows: Vec<ErrorCode> = ErrorCode::ALL
        .iter()
        .copied()
        .filter(|code| status.is_none_or(|s| code.status() == s))
        .collect();
    if rows.is_empty() {
        if let Some(status) = status {
            println!("no code is documented with status {}", status.as_u16());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let width = rows.iter().map(|c| c.as_str().len()).max().unwrap_or(0);
    let variants: Vec<String> = rows.iter().map(|code| format!("{code:?}")).collect();
    let named = variants.iter().map(String::len).max().unwrap_or(0);
    println!("{:<width$}  {:<named$}  status  title", "code", "variant");
    for (code, variant) in rows.iter().zip(&variants) {
        println!(
            "{:<width$}  {variant:<named$}  {:<6}  {}",
            code.as_str(),
            code.status().as_u16(),
            code.title()
        );
    }
    Ok(ExitCode::SUCCESS)
}

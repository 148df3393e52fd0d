//! Reads an Unkey error response body on stdin and explains it: code, status, docs, detail and
//! validation errors, or exactly why it is not one.
//!
//! ```text
//! cargo run --example render | sed 1,/^$/d | cargo run --example explain
//! echo '{"meta":{"requestId":"req_1"},"error":{"detail":"d","status":"403"}}' | cargo run --example explain
//! ```

use std::io::Read;
use std::process::ExitCode;

use unkey_errors::Problem;

fn main() -> ExitCode {
    let mut body = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut body) {
        eprintln!("error: cannot read stdin: {err}");
        return ExitCode::FAILURE;
    }
    let problem = match Problem::from_slice(&body) {
        Ok(problem) => problem,
        Err(err) => {
            println!("not an Unkey error response: {err}");
            return ExitCode::FAILURE;
        }
    };
    match problem.code() {
        Some(code) => {
            println!("code:       {code} ({})", code.urn());
            println!("docs:       {}", code.current_docs_url());
            if problem.status() != code.status() {
                println!(
                    "note:       the documentation gives {} {}",
                    code.status().as_u16(),
                    code.title()
                );
            }
        }
        None => println!(
            "code:       unknown to this version; type {}",
            problem.type_url()
        ),
    }
    println!(
        "status:     {} {}",
        problem.status().as_u16(),
        problem.title()
    );
    println!("detail:     {}", problem.detail());
    println!("request id: {}", problem.request_id());
    for error in problem.validation_errors() {
        println!("invalid:    {}: {}", error.location(), error.message());
        if let Some(fix) = error.fix() {
            println!("            fix: {fix}");
        }
    }
    for member in problem.extra_members() {
        println!(
            "extra:      {:?} {} = {}",
            member.scope(),
            member.name(),
            member.value().get()
        );
    }
    ExitCode::SUCCESS
}

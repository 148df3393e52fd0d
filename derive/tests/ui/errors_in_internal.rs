#[derive(Debug, thiserror::Error, unkey_errors::IntoProblem)]
enum AppError {
    #[error("failed")]
    #[problem(internal)]
    Failed(#[problem(errors)] Vec<unkey_errors::ValidationError>),
}

fn main() {}

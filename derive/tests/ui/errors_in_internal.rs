#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("failed")]
    #[problem(internal)]
    Failed(#[problem(errors)] Vec<unkey_errors::problem::ValidationError>),
}

fn main() {}

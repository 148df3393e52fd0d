#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("key not found")]
    #[problem(internel)]
    KeyNotFound,
}

fn main() {}

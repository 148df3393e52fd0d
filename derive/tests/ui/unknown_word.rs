#[derive(Debug, thiserror::Error, unkey_errors::IntoProblem)]
enum AppError {
    #[error("key not found")]
    #[problem(internel)]
    KeyNotFound,
}

fn main() {}

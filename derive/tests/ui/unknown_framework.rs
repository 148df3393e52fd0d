#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[problem(responses(axum, rocket))]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound)]
    KeyNotFound,
}

fn main() {}

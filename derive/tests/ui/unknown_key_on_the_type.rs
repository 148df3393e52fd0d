#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[problem(responses(axum), status = 404)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound)]
    KeyNotFound,
}

fn main() {}

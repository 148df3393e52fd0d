#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound, responses(axum))]
    KeyNotFound,
}

fn main() {}

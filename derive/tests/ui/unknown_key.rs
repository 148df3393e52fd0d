#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound, status = 404)]
    KeyNotFound,
}

fn main() {}

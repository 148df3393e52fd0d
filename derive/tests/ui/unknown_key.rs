#[derive(Debug, thiserror::Error, unkey_errors::IntoProblem)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound, status = 404)]
    KeyNotFound,
}

fn main() {}

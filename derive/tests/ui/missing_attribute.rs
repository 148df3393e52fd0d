#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound)]
    KeyNotFound,
    #[error("conflict")]
    Conflict,
}

fn main() {}

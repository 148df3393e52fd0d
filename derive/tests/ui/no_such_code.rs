#[derive(Debug, thiserror::Error, unkey_errors::IntoProblem)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFund)]
    KeyNotFound,
}

fn main() {}

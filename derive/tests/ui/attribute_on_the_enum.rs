#[derive(Debug, thiserror::Error, unkey_errors::IntoProblem)]
#[problem(internal)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound)]
    KeyNotFound,
}

fn main() {}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[problem(internal)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound)]
    KeyNotFound,
}

fn main() {}

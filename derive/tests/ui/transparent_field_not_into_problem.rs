#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error(transparent)]
    #[problem(transparent)]
    Io(std::io::Error),
}

fn main() {}

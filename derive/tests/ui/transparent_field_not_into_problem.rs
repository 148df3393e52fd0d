#[derive(Debug, thiserror::Error, unkey_errors::IntoProblem)]
enum AppError {
    #[error(transparent)]
    #[problem(transparent)]
    Io(std::io::Error),
}

fn main() {}

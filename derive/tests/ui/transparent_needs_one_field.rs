#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("upstream {0} {1}")]
    #[problem(transparent)]
    Upstream(unkey_errors::Problem, String),
}

fn main() {}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("slow down")]
    #[problem(TooManyRequestsWorkspaceRateLimited, retry_after = nope)]
    NoSuchField { wait: std::time::Duration },
}

fn main() {}

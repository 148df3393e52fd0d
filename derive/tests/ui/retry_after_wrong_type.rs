#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("slow down")]
    #[problem(TooManyRequestsWorkspaceRateLimited, retry_after = seconds)]
    WrongType { seconds: u64 },
    #[error("slow down")]
    #[problem(TooManyRequestsWorkspaceRateLimited, rate_limit = 0)]
    NotARateLimit(u32),
}

fn main() {}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("api {id} is protected")]
    #[problem(ApplicationProtectedResource, detail = "the api {api_id} cannot be deleted")]
    Protected { id: String },
}

fn main() {}

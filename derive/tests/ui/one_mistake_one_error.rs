// A misused attribute is one error, at the attribute: the handlers, `?` and `.into()` that use
// the type compile (the derive writes stand-in impls beside the error).
#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("key not found")]
    #[problem(DataKeyNotFound, status = 404)]
    KeyNotFound,
}

fn handler() -> Result<(), unkey_errors::Problem> {
    Err(AppError::KeyNotFound)?
}

fn main() {
    let _: unkey_errors::Problem = AppError::KeyNotFound.into();
    let _ = unkey_errors::ToProblem::to_problem(&AppError::KeyNotFound);
    let _ = handler();
}

#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
enum AppError {
    #[error("database failed")]
    #[problem(internal, detail = "the database at {0} failed")]
    Db(std::io::Error),
}

fn main() {}

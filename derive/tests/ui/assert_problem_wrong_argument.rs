use unkey_errors::{assert_problem, ErrorCode};

fn main() {
    // Neither a problem nor a response: the help names what is accepted.
    assert_problem!(42_u8, ErrorCode::DataKeyNotFound);
    // A status is a number.
    assert_problem!(b"{}".to_vec(), ErrorCode::DataKeyNotFound, status = "404");
}

//! Every misuse of `#[derive(ToProblem)]` fails to compile with a clear message at the right
//! span; the exact messages are pinned in `tests/ui/*.stderr` (`TRYBUILD=overwrite` rewrites
//! them after a deliberate change).

#[test]
fn misuse_is_a_compile_error_at_its_span() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}

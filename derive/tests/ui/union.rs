#[derive(unkey_errors::IntoProblem)]
union Bits {
    a: u32,
    b: f32,
}

fn main() {}

#[derive(unkey_errors::ToProblem)]
union Bits {
    a: u32,
    b: f32,
}

fn main() {}

// A detail of its own does not spare the type `Display`: actix-web's error responses need it,
// and turning that feature on must not change what compiles.
#[derive(Debug, unkey_errors::ToProblem)]
#[problem(DataKeyNotFound, detail = "no key {id}")]
struct KeyNotFound {
    id: String,
}

fn main() {}

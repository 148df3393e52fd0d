//! Small helpers shared by the modules.

/// The longest prefix of `s` that is at most `max` bytes and ends at a character boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    #[allow(clippy::indexing_slicing)] // end is a character boundary at most s.len()
    &s[..end]
}

/// An error and each of its sources, joined by `": "`.
pub(crate) fn source_chain(error: &dyn std::error::Error) -> String {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(error) = source {
        chain.push_str(": ");
        chain.push_str(&error.to_string());
        source = error.source();
    }
    chain
}

/// The message of a `serde_json` error without its " at line N column M" suffix.
pub(crate) fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncate_keeps_char_boundaries() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 3), "abc");
        // "é" is two bytes: cutting inside it backs off to before it.
        assert_eq!(truncate("aé", 2), "a");
        assert_eq!(truncate("😀", 3), "");
    }
}

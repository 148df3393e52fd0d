//! The crate's own error page: the facts Unkey's gateway shows on its page (status, title,
//! message, the code's URN, a link to its documentation, the request id; `Data` in Unkey's
//! `svc/frontline/internal/errorpage/interface.go`), in markup and words of its own.
//!
//! Every value is escaped for HTML; the page loads nothing (its Content-Security-Policy allows
//! no script and no resource but its own inline style), so a hostile message or request id
//! cannot break out of the markup or run.

use super::GatewayError;

/// The page's fixed parts around the values.
const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>"#;

const STYLE: &str = r#"</title>
<style>
:root{color-scheme:light dark;--ink:#18181b;--soft:#52525b;--paper:#ffffff;--panel:#f4f4f5;--line:#d4d4d8;--link:#1d4ed8}
@media (prefers-color-scheme:dark){:root{--ink:#f4f4f5;--soft:#a1a1aa;--paper:#0c0c0e;--panel:#18181b;--line:#3f3f46;--link:#93c5fd}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:1.5rem;background:var(--paper);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:34rem}
h1{margin:0;font-size:1.25rem;font-weight:600}
h1 .status{display:block;font-size:3.5rem;line-height:1;font-weight:700;letter-spacing:-.02em}
p.message{margin:1.25rem 0;padding:1rem 1.25rem;background:var(--panel);border:1px solid var(--line);border-radius:.5rem;overflow-wrap:anywhere}
dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;font-size:.875rem;color:var(--soft)}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
a{color:var(--link)}
dd.link{font-family:inherit}
</style>
</head>
<body>
<main>
"#;

/// The page for `error`, showing `request_id` as its request id.
pub(crate) fn render(error: &GatewayError, request_id: &str) -> String {
    let status = error.status().as_u16();
    let title = error.title();
    let mut page = String::with_capacity(2600 + error.message().len() + error.urn().len());
    page.push_str(HEAD);
    page.push_str(&status.to_string());
    page.push(' ');
    escape_into(&mut page, title);
    page.push_str(STYLE);
    page.push_str("<h1><span class=\"status\">");
    page.push_str(&status.to_string());
    page.push_str("</span> ");
    escape_into(&mut page, title);
    page.push_str("</h1>\n<p class=\"message\">");
    escape_into(&mut page, error.message());
    page.push_str("</p>\n<dl>\n<dt>Error code</dt><dd>");
    escape_into(&mut page, error.urn());
    page.push_str("</dd>\n");
    if let Some(url) = error.page_url() {
        page.push_str("<dt>Documentation</dt><dd class=\"link\"><a href=\"");
        escape_into(&mut page, &url);
        page.push_str("\" rel=\"noopener noreferrer\">What this error means</a></dd>\n");
    }
    if !request_id.is_empty() {
        page.push_str("<dt>Request id</dt><dd>");
        escape_into(&mut page, request_id);
        page.push_str("</dd>\n");
    }
    page.push_str("</dl>\n</main>\n</body>\n</html>\n");
    page
}

/// Appends `s` escaped for HTML text and quoted attribute values: `&`, `<`, `>`, `"` and `'`.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::render;
    use crate::gateway::GatewayError;
    use crate::ErrorCode;

    #[test]
    fn hostile_values_stay_text() {
        let hostile = "\"><script>alert(1)</script><a href='javascript:x'>&amp;";
        let error = GatewayError::new(ErrorCode::ClientInvalidKey).with_message(hostile);
        let page = render(&error, hostile);
        assert!(!page.contains("<script"));
        assert!(!page.contains("'javascript"));
        assert_eq!(page.matches("&lt;script&gt;").count(), 2);
        // The markup's own tags, each once: nothing a value wrote opened one.
        assert_eq!(page.matches("<a ").count(), 1);
        assert_eq!(page.matches("<p ").count(), 1);
    }

    #[test]
    fn an_unknown_code_without_a_urn_has_no_link() {
        let body = br#"{"meta":{"requestId":"req_1"},"error":{"code":"javascript:alert(1)","message":"m"}}"#;
        let error = GatewayError::from_slice(body).unwrap();
        let page = error.to_html();
        assert!(!page.contains("<a "));
        assert!(page.contains("<dd>javascript:alert(1)</dd>"));
    }
}

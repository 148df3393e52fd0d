//! Writing problems: the [`serde::Serialize`] impls and the fast compact writer behind
//! [`Problem::to_json_vec`].
//!
//! Both write the documented key order and produce identical compact bytes (the crate's tests
//! check that for every code and for arbitrary strings). The fast writer copies the status,
//! title and `type` of a code's documented form from a string made at compile time and escapes
//! only the strings that vary, exactly as `serde_json` escapes them.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{ExtraMember, Problem, Scope, ValidationError};

impl Problem {
    /// The compact JSON of this problem, the same bytes as `serde_json::to_vec(&problem)`,
    /// written without going through serde.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no").with_request_id("req_1");
    /// assert_eq!(problem.to_json_vec(), serde_json::to_vec(&problem)?);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn to_json_vec(&self) -> Vec<u8> {
        self.to_json_string().into_bytes()
    }

    /// The compact JSON of this problem as a `String`; see [`to_json_vec`](Self::to_json_vec).
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let json = Problem::new(ErrorCode::AuthorizationForbidden, "no").to_json_string();
    /// assert!(json.starts_with(r#"{"meta":{"requestId":""},"error":{"detail":"no","status":403,"#));
    /// ```
    #[must_use]
    pub fn to_json_string(&self) -> String {
        let mut out = String::with_capacity(self.json_len_estimate(&self.request_id));
        self.write_json(&mut out);
        out
    }

    /// The compact JSON with `request_id` as `meta.requestId`, whatever the problem's own: for
    /// a layer filling it in without copying it into the problem first.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn to_json_vec_with_request_id(&self, request_id: &str) -> Vec<u8> {
        let mut out = String::with_capacity(self.json_len_estimate(request_id));
        self.write_json_with(&mut out, request_id);
        out.into_bytes()
    }

    /// Appends the compact JSON of this problem to `out`; see [`to_json_vec`](Self::to_json_vec).
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let mut out = String::new();
    /// Problem::new(ErrorCode::AuthorizationForbidden, "no").write_json(&mut out);
    /// assert!(out.ends_with(r#""type":"https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden"}}"#));
    /// ```
    pub fn write_json(&self, out: &mut String) {
        self.write_json_with(out, &self.request_id);
    }

    fn write_json_with(&self, out: &mut String, request_id: &str) {
        out.push_str(r#"{"meta":{"requestId":""#);
        escape_into(out, request_id);
        out.push('"');
        write_extra(out, &self.extra, Scope::Meta);
        out.push_str(r#"},"error":{"detail":""#);
        escape_into(out, &self.detail);
        out.push_str("\",");
        if let Some(code) = self.documented_code() {
            out.push_str(code.documented_json());
        } else {
            out.push_str(r#""status":"#);
            out.push_str(self.status.as_str());
            out.push_str(r#","title":""#);
            escape_into(out, &self.title);
            out.push_str(r#"","type":""#);
            escape_into(out, &self.type_url);
            out.push('"');
        }
        if let Some(errors) = &self.errors {
            out.push_str(r#","errors":["#);
            for (i, error) in errors.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_validation_error(out, error);
            }
            out.push(']');
        }
        write_extra(out, &self.extra, Scope::Error);
        out.push('}');
        write_extra(out, &self.extra, Scope::Envelope);
        out.push('}');
    }

    /// Bytes the compact JSON takes when no string needs escaping: exact then, so the output
    /// buffer is allocated once and never grown.
    fn json_len_estimate(&self, request_id: &str) -> usize {
        // {"meta":{"requestId":""},"error":{"detail":"",}}
        const FRAME: usize = 48;
        let fixed = match self.documented_code() {
            Some(code) => code.documented_json().len(),
            // "status":NNN,"title":"","type":""
            None => 33 + self.title.len() + self.type_url.len(),
        };
        let errors = self.errors.as_ref().map_or(0, |errors| {
            // ,"errors":[] and a comma between entries
            12 + errors.len().saturating_sub(1)
                + errors
                    .iter()
                    .map(ValidationError::json_len_estimate)
                    .sum::<usize>()
        });
        FRAME + request_id.len() + self.detail.len() + fixed + errors + extra_len(&self.extra)
    }
}

impl Problem {
    /// Bytes the compact JSON takes, exactly: the length of a response's body known before it
    /// is written. [`json_len_estimate`](Self::json_len_estimate) and what escaping adds to
    /// each string it counts.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn json_len(&self) -> usize {
        let mut added = escapes_of([&*self.request_id, &*self.detail]);
        if self.documented_code().is_none() {
            added += escapes_of([&*self.title, &*self.type_url]);
        }
        for error in self.errors.iter().flatten() {
            added += escapes_of([&*error.location, &*error.message]);
            added += escapes_of(error.fix.as_deref());
            added += escapes_of(error.extra.iter().map(|m| &*m.name));
        }
        added += escapes_of(self.extra.iter().map(|m| &*m.name));
        self.json_len_estimate(&self.request_id) + added
    }
}

/// What escaping adds to the length of each of `strings`.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn escapes_of<'a>(strings: impl IntoIterator<Item = &'a str>) -> usize {
    strings.into_iter().map(escapes).sum()
}

/// What [`escape_into`] adds to the length of `s`: one byte for each byte written `\"`,
/// `\n` and the like, five for each written `\u001f`.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn escapes(s: &str) -> usize {
    s.bytes()
        .map(|byte| match short_escape(byte) {
            Some(_) => 1,
            None if needs_escape(byte) => 5,
            None => 0,
        })
        .sum()
}

impl ValidationError {
    /// Bytes of this entry's compact JSON when no string needs escaping.
    fn json_len_estimate(&self) -> usize {
        // {"location":"","message":""} and ,"fix":""
        28 + self.location.len()
            + self.message.len()
            + self.fix.as_ref().map_or(0, |fix| 9 + fix.len())
            + extra_len(&self.extra)
    }
}

/// Bytes of extra members: ,"name":value each.
fn extra_len(extra: &[ExtraMember]) -> usize {
    extra
        .iter()
        .map(|m| 4 + m.name.len() + m.value.get().len())
        .sum()
}

fn write_validation_error(out: &mut String, error: &ValidationError) {
    out.push_str(r#"{"location":""#);
    escape_into(out, &error.location);
    out.push_str(r#"","message":""#);
    escape_into(out, &error.message);
    out.push('"');
    if let Some(fix) = &error.fix {
        out.push_str(r#","fix":""#);
        escape_into(out, fix);
        out.push('"');
    }
    write_extra(out, &error.extra, Scope::ValidationError);
    out.push('}');
}

fn write_extra(out: &mut String, extra: &[ExtraMember], scope: Scope) {
    for member in extra.iter().filter(|m| m.scope == scope) {
        out.push_str(",\"");
        escape_into(out, &member.name);
        out.push_str("\":");
        out.push_str(member.value.get());
    }
}

/// Whether JSON escapes `byte` inside a string, as `serde_json` does: `"`, `\\` and the
/// control characters below 0x20 (not DEL, nor anything above ASCII).
const fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The letter after `\\` of a byte JSON escapes in two bytes (`\\"`, `\\n`, ...), as
/// `serde_json` does; the other bytes that need escaping are written `\\u00XX`.
const fn short_escape(byte: u8) -> Option<char> {
    match byte {
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        0x08 => Some('b'),
        0x09 => Some('t'),
        0x0A => Some('n'),
        0x0C => Some('f'),
        0x0D => Some('r'),
        _ => None,
    }
}

/// Appends `s` as the inside of a JSON string, escaped exactly as `serde_json` escapes it.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    // Most strings need no escape: checked in one pass without a branch per byte (it
    // vectorises), then copied.
    if !s
        .bytes()
        .fold(false, |found, byte| found | needs_escape(byte))
    {
        out.push_str(s);
        return;
    }
    let mut start = 0;
    for (i, byte) in s.bytes().enumerate() {
        if !needs_escape(byte) {
            continue;
        }
        // Every byte that needs escaping is ASCII, so `start..i` lies on character boundaries.
        #[allow(clippy::indexing_slicing)]
        out.push_str(&s[start..i]);
        out.push('\\');
        if let Some(letter) = short_escape(byte) {
            out.push(letter);
        } else {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("u00");
            for nibble in [byte >> 4, byte & 0xF] {
                #[allow(clippy::indexing_slicing)] // a nibble indexes a [u8; 16]
                out.push(char::from(HEX[usize::from(nibble)]));
            }
        }
        start = i + 1;
    }
    #[allow(clippy::indexing_slicing)] // after an ASCII byte, or 0: a character boundary
    out.push_str(&s[start..]);
}

/// `meta` of a problem, for [`Serialize`].
struct Meta<'a>(&'a Problem);

/// `error` of a problem, for [`Serialize`].
struct Body<'a>(&'a Problem);

fn count(extra: &[ExtraMember], scope: Scope) -> usize {
    extra.iter().filter(|m| m.scope == scope).count()
}

fn serialize_extra<M: SerializeMap>(
    map: &mut M,
    extra: &[ExtraMember],
    scope: Scope,
) -> Result<(), M::Error> {
    for member in extra.iter().filter(|m| m.scope == scope) {
        map.serialize_entry(&member.name, &member.value)?;
    }
    Ok(())
}

impl Serialize for Problem {
    /// Writes the documented form: `meta` then `error`, then any extra members.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2 + count(&self.extra, Scope::Envelope)))?;
        map.serialize_entry("meta", &Meta(self))?;
        map.serialize_entry("error", &Body(self))?;
        serialize_extra(&mut map, &self.extra, Scope::Envelope)?;
        map.end()
    }
}

impl Serialize for Meta<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut map = serializer.serialize_map(Some(1 + count(&p.extra, Scope::Meta)))?;
        map.serialize_entry("requestId", &p.request_id)?;
        serialize_extra(&mut map, &p.extra, Scope::Meta)?;
        map.end()
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let len = 4 + usize::from(p.errors.is_some()) + count(&p.extra, Scope::Error);
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("detail", &p.detail)?;
        map.serialize_entry("status", &p.status.as_u16())?;
        map.serialize_entry("title", &p.title)?;
        map.serialize_entry("type", &p.type_url)?;
        if let Some(errors) = &p.errors {
            map.serialize_entry("errors", errors)?;
        }
        serialize_extra(&mut map, &p.extra, Scope::Error)?;
        map.end()
    }
}

impl Serialize for ValidationError {
    /// Writes `location`, `message`, then `fix` when there is one.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 2 + usize::from(self.fix.is_some()) + self.extra.len();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("location", &self.location)?;
        map.serialize_entry("message", &self.message)?;
        if let Some(fix) = &self.fix {
            map.serialize_entry("fix", fix)?;
        }
        serialize_extra(&mut map, &self.extra, Scope::ValidationError)?;
        map.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly where the library may not
mod tests {
    use super::escape_into;

    #[test]
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    fn the_length_is_exact_before_writing() {
        use crate::problem::ValidationError;
        use crate::{ErrorCode, Problem};
        let awkward = "a\"b\\c\nd\u{1f}e\u{7f}é<>&";
        let problems = [
            Problem::new(ErrorCode::DataKeyNotFound, awkward).with_request_id(awkward),
            Problem::custom(http::StatusCode::GONE, awkward, awkward, awkward)
                .with_validation_error(ValidationError::new(awkward, awkward).with_fix(awkward)),
            Problem::from_slice(
                br#"{"meta":{"requestId":"r","x\n":1},"error":{"detail":"d","status":400,"title":"t","type":"u","errors":[{"location":"l","message":"m","q\t":[1]}]},"top":null}"#,
            )
            .unwrap(),
        ];
        for problem in problems {
            assert_eq!(problem.json_len(), problem.to_json_vec().len());
        }
    }

    #[test]
    fn escapes_every_byte_as_serde_json_does() {
        for c in (0u32..0x80)
            .chain([0x7F, 0xE9, 0x2028, 0x1F600])
            .filter_map(char::from_u32)
        {
            let s = format!("a{c}b");
            let mut out = String::from("\"");
            escape_into(&mut out, &s);
            out.push('"');
            assert_eq!(
                out,
                serde_json::to_string(&s).unwrap_or_default(),
                "char {c:?}"
            );
        }
    }
}

//! Reading problems: [`Problem::from_slice`], the [`serde::Deserialize`] impls and
//! [`ParseError`].
//!
//! The visitors are written by hand, as fast as a derive, so that every failure can name the
//! JSON path of the field at fault. A failure is recorded in a [`Context`] the visitors share
//! (innermost first), and [`Problem::from_slice`] turns it into a [`ParseError`].

// The per-key helpers are forced inline, as measured (see `Fields`).
#![allow(clippy::inline_always)]

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use http::StatusCode;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{ExtraMember, Problem, Scope, ValidationError};
use crate::util::truncate;

/// What kind of failure a [`ParseError`] is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Category {
    /// The body is not valid JSON (an HTML page, plain text, trailing garbage, invalid UTF-8 in
    /// a string...).
    Syntax,
    /// The body ends before the JSON value does: empty or truncated.
    Eof,
    /// Valid JSON of the wrong shape: a missing, duplicate or wrongly typed field.
    Data,
}

/// Why a body is not a [`Problem`]: what was wrong, the JSON path of the field at fault and the
/// position in the body.
///
/// The message is lowercase and starts with the path, e.g.
/// `error.status: expected an integer from 100 to 999, found string "403" at line 1 column 72`.
/// Paths are written `meta.requestId`, `error.errors[2].location`; a failure of the body as a
/// whole (not JSON, not an object, trailing characters) has the empty path.
///
/// ```
/// use unkey_errors::{Category, Problem};
///
/// let err = Problem::from_slice(br#"{"meta":{"requestId":"req_1"},"error":{"status":"403"}}"#).unwrap_err();
/// assert_eq!(err.path(), "error.status");
/// assert_eq!(err.message(), r#"expected an integer from 100 to 999, found string "403""#);
/// assert_eq!(err.classify(), Category::Data);
/// assert_eq!((err.line(), err.column()), (1, 53));
/// ```
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{}{message} at line {line} column {column}", PathPrefix(path))]
pub struct ParseError {
    path: String,
    message: String,
    line: usize,
    column: usize,
    category: Category,
}

/// `path: ` before a message, or nothing for the empty path.
struct PathPrefix<'a>(&'a str);

impl fmt::Display for PathPrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "{}: ", self.0)
        }
    }
}

impl ParseError {
    /// The JSON path of the field at fault, e.g. `error.errors[0].message`; empty when the body
    /// as a whole is at fault.
    ///
    /// ```
    /// use unkey_errors::Problem;
    /// assert_eq!(Problem::from_slice(b"[]").unwrap_err().path(), "");
    /// assert_eq!(Problem::from_slice(br#"{"meta":{}}"#).unwrap_err().path(), "meta.requestId");
    /// ```
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong, without path or position.
    ///
    /// ```
    /// use unkey_errors::Problem;
    /// let err = Problem::from_slice(br#"{"meta":{}}"#).unwrap_err();
    /// assert_eq!(err.message(), "missing required field");
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The line of the body (from 1) where the failure was noticed.
    ///
    /// ```
    /// use unkey_errors::Problem;
    /// assert_eq!(Problem::from_slice(b"\n\n<html>").unwrap_err().line(), 3);
    /// ```
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1, in bytes) where the failure was noticed; 0 for an empty body.
    ///
    /// ```
    /// use unkey_errors::Problem;
    /// assert_eq!(Problem::from_slice(b"  <html>").unwrap_err().column(), 3);
    /// ```
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// use unkey_errors::{Category, Problem};
    /// assert_eq!(Problem::from_slice(b"").unwrap_err().classify(), Category::Eof);
    /// assert_eq!(Problem::from_slice(b"<html>").unwrap_err().classify(), Category::Syntax);
    /// assert_eq!(Problem::from_slice(b"{}").unwrap_err().classify(), Category::Data);
    /// ```
    #[must_use]
    pub fn classify(&self) -> Category {
        self.category
    }

    fn new(err: &serde_json::Error, failure: Option<Failure>) -> Self {
        let (line, column) = (err.line(), err.column());
        let category = match err.classify() {
            serde_json::error::Category::Eof => Category::Eof,
            serde_json::error::Category::Data => Category::Data,
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                Category::Syntax
            }
        };
        let (path, message) = match failure {
            Some(Failure {
                path,
                message: Some(message),
            }) => (path, message),
            failure => {
                let text = err.to_string();
                let suffix = format!(" at line {line} column {column}");
                let message = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
                (failure.map(|f| f.path).unwrap_or_default(), message)
            }
        };
        Self {
            path,
            message,
            line,
            column,
            category,
        }
    }
}

impl Problem {
    /// Parses a response body.
    ///
    /// Lenient where real servers differ (key order, escaping, `"errors": null`, extra members,
    /// unknown `type`, unexpected status), exact elsewhere: see [`Problem`].
    ///
    /// # Errors
    ///
    /// [`ParseError`] when the body is not a JSON object of the envelope's shape: empty,
    /// not JSON (an HTML page from a proxy), truncated, followed by anything but white space,
    /// with a required field missing or of the wrong type, or with a key given twice.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// // The live server's key order and escaping.
    /// let body = br#"{"error":{"detail":"\u003cnope\u003e","errors":null,"status":412,
    ///     "title":"Resource is protected",
    ///     "type":"https://unkey.com/docs/errors/unkey/application/protected_resource"},
    ///     "meta":{"requestId":"req_2c9a0jf23"}}"#;
    /// let problem = Problem::from_slice(body)?;
    /// assert_eq!(problem.code(), Some(ErrorCode::ApplicationProtectedResource));
    /// assert_eq!(problem.detail(), "<nope>");
    /// assert_eq!(problem.status().as_u16(), 412);
    ///
    /// let err = Problem::from_slice(b"<html>502 Bad Gateway</html>").unwrap_err();
    /// assert_eq!(err.to_string(), "expected value at line 1 column 1");
    /// # Ok::<(), unkey_errors::ParseError>(())
    /// ```
    pub fn from_slice(body: &[u8]) -> Result<Self, ParseError> {
        let context = Context::default();
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let result = ProblemSeed(&context)
            .deserialize(&mut deserializer)
            .and_then(|problem| deserializer.end().map(|()| problem));
        result.map_err(|err| {
            let failure = context.0.into_inner();
            if failure.is_none() && body.iter().all(u8::is_ascii_whitespace) {
                return ParseError {
                    path: String::new(),
                    message: "empty body, expected a JSON object".to_owned(),
                    line: err.line(),
                    column: err.column(),
                    category: Category::Eof,
                };
            }
            ParseError::new(&err, failure)
        })
    }
}

impl std::str::FromStr for Problem {
    type Err = ParseError;

    /// Same as [`Problem::from_slice`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_slice(s.as_bytes())
    }
}

impl<'de> de::Deserialize<'de> for Problem {
    /// Reads the envelope as [`Problem::from_slice`] does; a failure's message starts with the
    /// path of the field at fault where this crate noticed it. Extra members are kept as raw
    /// JSON, which only `serde_json`'s own deserializers (`from_str`, `from_slice`,
    /// `from_reader`) can give: elsewhere a body with extra members is refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ProblemSeed(&Context::default()).deserialize(deserializer)
    }
}

impl<'de> de::Deserialize<'de> for ValidationError {
    /// Reads one entry of the `errors` array.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValidationSeed {
            context: &Context::default(),
            index: 0,
        }
        .deserialize(deserializer)
    }
}

/// The first failure noticed: where, and this crate's own message if it made one.
struct Failure {
    path: String,
    message: Option<String>,
}

/// Where the visitors record the innermost failure.
#[derive(Default)]
struct Context(RefCell<Option<Failure>>);

impl Context {
    /// Records that a failure came from inside `path`, unless an inner one is recorded.
    fn inside<'a, E>(&'a self, path: impl FnOnce() -> String + 'a) -> impl FnOnce(E) -> E + 'a {
        move |err| {
            let mut slot = self.0.borrow_mut();
            if slot.is_none() {
                *slot = Some(Failure {
                    path: path(),
                    message: None,
                });
            }
            err
        }
    }

    /// Records a failure of this crate's own at `path`, and makes the error for it.
    fn fail<E: de::Error>(&self, path: String, message: String) -> E {
        let err = E::custom(format_args!("{path}: {message}"));
        let mut slot = self.0.borrow_mut();
        if slot.is_none() {
            *slot = Some(Failure {
                path,
                message: Some(message),
            });
        }
        err
    }
}

/// An object of the envelope: names its paths.
#[derive(Clone, Copy)]
enum Object {
    Envelope,
    Meta,
    Error,
    Errors,
    Validation(usize),
}

impl Object {
    /// The path of this object itself.
    fn path(self) -> String {
        match self {
            Self::Envelope => String::new(),
            Self::Meta => "meta".to_owned(),
            Self::Error => "error".to_owned(),
            Self::Errors => "error.errors".to_owned(),
            Self::Validation(index) => format!("error.errors[{index}]"),
        }
    }

    /// The path of the member `name` of this object.
    fn member(self, name: &str) -> String {
        match self {
            Self::Envelope => name.to_owned(),
            _ => format!("{}.{name}", self.path()),
        }
    }
}

/// A value of the wrong JSON type, for messages: `string "403"`, `integer 5`, `object`...
#[derive(Clone, Copy)]
enum Found<'a> {
    Str(&'a str),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Bool(bool),
    Null,
    Object,
    Array,
}

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Str(s) => {
                let shown = truncate(s, 40);
                let dots = if shown.len() < s.len() { "..." } else { "" };
                write!(f, "string {shown:?}{dots}")
            }
            Self::Unsigned(n) => write!(f, "integer {n}"),
            Self::Signed(n) => write!(f, "integer {n}"),
            Self::Float(n) => write!(f, "number {n:?}"),
            Self::Bool(b) => write!(f, "boolean {b}"),
            Self::Null => f.write_str("null"),
            Self::Object => f.write_str("object"),
            Self::Array => f.write_str("array"),
        }
    }
}

/// Implements the `visit_*` methods of JSON types a visitor does not accept, each failing with
/// `expected ..., found ...` through the visitor's `wrong` method.
macro_rules! reject {
    ($($kind:ident)*) => { $(reject!(@ $kind);)* };
    (@ str) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Err(self.wrong(Found::Str(v)))
        }
    };
    (@ number) => {
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Err(self.wrong(Found::Unsigned(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Err(self.wrong(Found::Signed(v)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Err(self.wrong(Found::Float(v)))
        }
    };
    (@ bool) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Err(self.wrong(Found::Bool(v)))
        }
    };
    (@ null) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(self.wrong(Found::Null))
        }
    };
    (@ map) => {
        fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(self.wrong(Found::Object))
        }
    };
    (@ seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(self.wrong(Found::Array))
        }
    };
}

/// A key of an object: one the schema knows (by index in the object's field list) or another.
enum Key {
    Known(usize),
    Other(String),
}

/// Reads a key, matching it against `fields` without allocating.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    #[inline(always)]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    #[inline(always)]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.iter().position(|field| *field == v) {
            Some(index) => Key::Known(index),
            None => Key::Other(v.to_owned()),
        })
    }
}

/// The fields of one object as they are read: which were seen, and the extra members.
///
/// The helpers run once per key and are `#[inline(always)]`: measured with callgrind, parsing
/// a 403 body took 6,394 instructions with `#[inline]` and 5,759 with `#[inline(always)]`
/// (the derive floor: 4,977).
struct Fields<'c> {
    context: &'c Context,
    object: Object,
    names: &'static [&'static str],
    seen: u8,
}

impl<'c> Fields<'c> {
    fn new(context: &'c Context, object: Object, names: &'static [&'static str]) -> Self {
        Self {
            context,
            object,
            names,
            seen: 0,
        }
    }

    /// Reads the next key; a known one may appear once.
    #[inline(always)]
    fn next_key<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<Key>, A::Error> {
        let object = self.object;
        let key = map
            .next_key_seed(KeySeed(self.names))
            .map_err(self.context.inside(|| object.path()))?;
        if let Some(Key::Known(index)) = key {
            let bit = 1u8 << index;
            if self.seen & bit != 0 {
                let name = self.names.get(index).copied().unwrap_or_default();
                return Err(self
                    .context
                    .fail(object.member(name), "duplicate field".to_owned()));
            }
            self.seen |= bit;
        }
        Ok(key)
    }

    /// Reads the value of a known field with `seed`.
    #[inline(always)]
    fn value<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
        &self,
        map: &mut A,
        index: usize,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        let (object, name) = (
            self.object,
            self.names.get(index).copied().unwrap_or_default(),
        );
        map.next_value_seed(seed)
            .map_err(self.context.inside(|| object.member(name)))
    }

    /// Reads the value of a member the schema does not define into `extra`.
    fn extra<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        name: String,
        scope: Scope,
        extra: &mut Vec<ExtraMember>,
    ) -> Result<(), A::Error> {
        let object = self.object;
        let value: Box<RawValue> = map
            .next_value()
            .map_err(self.context.inside(|| object.member(&name)))?;
        if extra.iter().any(|m| m.scope == scope && m.name == name) {
            return Err(self
                .context
                .fail(object.member(&name), "duplicate field".to_owned()));
        }
        extra.push(ExtraMember { scope, name, value });
        Ok(())
    }

    /// Fails for the first required field (by index) not seen.
    #[inline(always)]
    fn require<E: de::Error>(&self, required: &[usize]) -> Result<(), E> {
        let mask = required.iter().fold(0u8, |mask, index| mask | 1 << index);
        if self.seen & mask == mask {
            return Ok(());
        }
        match required
            .iter()
            .find(|&&index| self.seen & (1 << index) == 0)
        {
            None => Ok(()),
            Some(&index) => {
                let name = self.names.get(index).copied().unwrap_or_default();
                Err(self.context.fail(
                    self.object.member(name),
                    "missing required field".to_owned(),
                ))
            }
        }
    }

    /// Fails with `expected <what>, found <found>` at this object's path.
    fn wrong<E: de::Error>(context: &Context, object: Object, what: &str, found: &Found<'_>) -> E {
        context.fail(object.path(), format!("expected {what}, found {found}"))
    }
}

/// The most extra members a problem keeps before a duplicate check would cost too much.
const MAX_EXTRA_MEMBERS: usize = 64;

/// Fails when an object holds more extra members than [`MAX_EXTRA_MEMBERS`].
fn check_extra_count<E: de::Error>(
    context: &Context,
    object: Object,
    extra: &[ExtraMember],
) -> Result<(), E> {
    if extra.len() > MAX_EXTRA_MEMBERS {
        return Err(context.fail(
            object.path(),
            format!("more than {MAX_EXTRA_MEMBERS} members the schema does not define"),
        ));
    }
    Ok(())
}

struct ProblemSeed<'c>(&'c Context);

const ENVELOPE_FIELDS: &[&str] = &["meta", "error"];

impl<'de> DeserializeSeed<'de> for ProblemSeed<'_> {
    type Value = Problem;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Problem, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl ProblemSeed<'_> {
    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E {
        Fields::wrong(
            self.0,
            Object::Envelope,
            "an object with \"meta\" and \"error\"",
            &found,
        )
    }
}

impl<'de> Visitor<'de> for ProblemSeed<'_> {
    type Value = Problem;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Unkey error envelope")
    }

    reject!(str number bool null seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Problem, A::Error> {
        let mut fields = Fields::new(self.0, Object::Envelope, ENVELOPE_FIELDS);
        // Filled in place as the members come; `require` below proves every field was set.
        let mut problem = Problem {
            request_id: Cow::Borrowed(""),
            detail: Cow::Borrowed(""),
            title: Cow::Borrowed(""),
            type_url: Cow::Borrowed(""),
            errors: None,
            extra: Vec::new(),
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: None,
        };
        while let Some(key) = fields.next_key(&mut map)? {
            match key {
                Key::Known(0) => fields.value(&mut map, 0, MetaSeed(self.0, &mut problem))?,
                Key::Known(_) => fields.value(&mut map, 1, ErrorSeed(self.0, &mut problem))?,
                Key::Other(name) => {
                    fields.extra(&mut map, name, Scope::Envelope, &mut problem.extra)?;
                    check_extra_count(self.0, Object::Envelope, &problem.extra)?;
                }
            }
        }
        fields.require(&[0, 1])?;
        // Written back meta's first, then error's, then the envelope's: keep them in that order,
        // each object's in the order sent, so that a round trip is the identity.
        problem.extra.sort_by_key(|member| match member.scope {
            Scope::Meta => 0,
            Scope::Error | Scope::ValidationError => 1,
            Scope::Envelope => 2,
        });
        problem.code = problem.type_url.parse().ok();
        Ok(problem)
    }
}

/// Reads `meta` into the problem.
struct MetaSeed<'c, 'p>(&'c Context, &'p mut Problem);

const META_FIELDS: &[&str] = &["requestId"];

impl<'de> DeserializeSeed<'de> for MetaSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl MetaSeed<'_, '_> {
    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E {
        Fields::wrong(self.0, Object::Meta, "an object", &found)
    }
}

impl<'de> Visitor<'de> for MetaSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    reject!(str number bool null seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (context, problem) = (self.0, self.1);
        let mut fields = Fields::new(context, Object::Meta, META_FIELDS);
        while let Some(key) = fields.next_key(&mut map)? {
            match key {
                Key::Known(_) => {
                    let seed = StrSeed(context, Object::Meta, "requestId");
                    problem.request_id = fields.value(&mut map, 0, seed)?;
                }
                Key::Other(name) => {
                    fields.extra(&mut map, name, Scope::Meta, &mut problem.extra)?;
                    check_extra_count(context, Object::Meta, &problem.extra)?;
                }
            }
        }
        fields.require(&[0])
    }
}

/// Reads `error` into the problem.
struct ErrorSeed<'c, 'p>(&'c Context, &'p mut Problem);

const ERROR_FIELDS: &[&str] = &["detail", "status", "title", "type", "errors"];

impl<'de> DeserializeSeed<'de> for ErrorSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl ErrorSeed<'_, '_> {
    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E {
        Fields::wrong(self.0, Object::Error, "an object", &found)
    }
}

impl<'de> Visitor<'de> for ErrorSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    reject!(str number bool null seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (context, problem) = (self.0, self.1);
        let mut fields = Fields::new(context, Object::Error, ERROR_FIELDS);
        while let Some(key) = fields.next_key(&mut map)? {
            let str_seed = |name| StrSeed(context, Object::Error, name);
            match key {
                Key::Known(0) => problem.detail = fields.value(&mut map, 0, str_seed("detail"))?,
                Key::Known(1) => problem.status = fields.value(&mut map, 1, StatusSeed(context))?,
                Key::Known(2) => problem.title = fields.value(&mut map, 2, str_seed("title"))?,
                Key::Known(3) => problem.type_url = fields.value(&mut map, 3, str_seed("type"))?,
                Key::Known(_) => problem.errors = fields.value(&mut map, 4, ErrorsSeed(context))?,
                Key::Other(name) => {
                    fields.extra(&mut map, name, Scope::Error, &mut problem.extra)?;
                    check_extra_count(context, Object::Error, &problem.extra)?;
                }
            }
        }
        fields.require(&[0, 1, 2, 3])
    }
}

/// Reads a string field of `object` named `name`.
struct StrSeed<'c>(&'c Context, Object, &'static str);

impl<'de> DeserializeSeed<'de> for StrSeed<'_> {
    type Value = Cow<'static, str>;
    #[inline(always)]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl StrSeed<'_> {
    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E {
        self.0.fail(
            self.1.member(self.2),
            format!("expected a string, found {found}"),
        )
    }
}

impl<'de> Visitor<'de> for StrSeed<'_> {
    type Value = Cow<'static, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    reject!(number bool null map seq);

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Reads `error.status`: an integer from 100 to 999.
struct StatusSeed<'c>(&'c Context);

impl<'de> DeserializeSeed<'de> for StatusSeed<'_> {
    type Value = StatusCode;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<StatusCode, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl StatusSeed<'_> {
    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E {
        self.0.fail(
            "error.status".to_owned(),
            format!("expected an integer from 100 to 999, found {found}"),
        )
    }
}

impl<'de> Visitor<'de> for StatusSeed<'_> {
    type Value = StatusCode;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer from 100 to 999")
    }

    reject!(str bool null map seq);

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<StatusCode, E> {
        u16::try_from(v)
            .ok()
            .and_then(|n| StatusCode::from_u16(n).ok())
            .ok_or_else(|| self.wrong(Found::Unsigned(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<StatusCode, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(self.wrong(Found::Signed(v))),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<StatusCode, E> {
        Err(self.wrong(Found::Float(v)))
    }
}

/// Reads `error.errors`: an array of validation errors, or `null` (read as no array).
struct ErrorsSeed<'c>(&'c Context);

impl<'de> DeserializeSeed<'de> for ErrorsSeed<'_> {
    type Value = Option<Vec<ValidationError>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl ErrorsSeed<'_> {
    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E {
        Fields::wrong(
            self.0,
            Object::Errors,
            "an array of validation errors or null",
            &found,
        )
    }
}

impl<'de> Visitor<'de> for ErrorsSeed<'_> {
    type Value = Option<Vec<ValidationError>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of validation errors or null")
    }

    reject!(str number bool map);

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // A hint from the input is not trusted for more than a few entries.
        let mut errors = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        loop {
            let index = errors.len();
            let seed = ValidationSeed {
                context: self.0,
                index,
            };
            let entry = seq
                .next_element_seed(seed)
                .map_err(self.0.inside(|| Object::Validation(index).path()))?;
            match entry {
                Some(entry) => errors.push(entry),
                None => return Ok(Some(errors)),
            }
        }
    }
}

/// Reads the entry `index` of `error.errors`.
struct ValidationSeed<'c> {
    context: &'c Context,
    index: usize,
}

const VALIDATION_FIELDS: &[&str] = &["location", "message", "fix"];

impl<'de> DeserializeSeed<'de> for ValidationSeed<'_> {
    type Value = ValidationError;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl ValidationSeed<'_> {
    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E {
        Fields::wrong(
            self.context,
            Object::Validation(self.index),
            "an object",
            &found,
        )
    }
}

impl<'de> Visitor<'de> for ValidationSeed<'_> {
    type Value = ValidationError;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a validation error object")
    }

    reject!(str number bool null seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ValidationError, A::Error> {
        let (context, object) = (self.context, Object::Validation(self.index));
        let mut fields = Fields::new(context, object, VALIDATION_FIELDS);
        let (mut location, mut message, mut fix) = (None, None, None);
        let mut extra = Vec::new();
        while let Some(key) = fields.next_key(&mut map)? {
            let seed = |name| StrSeed(context, object, name);
            match key {
                Key::Known(0) => location = Some(fields.value(&mut map, 0, seed("location"))?),
                Key::Known(1) => message = Some(fields.value(&mut map, 1, seed("message"))?),
                Key::Known(_) => fix = Some(fields.value(&mut map, 2, seed("fix"))?),
                Key::Other(name) => {
                    fields.extra(&mut map, name, Scope::ValidationError, &mut extra)?;
                    check_extra_count(context, object, &extra)?;
                }
            }
        }
        fields.require(&[0, 1])?;
        match (location, message) {
            (Some(location), Some(message)) => Ok(ValidationError {
                location,
                message,
                fix,
                extra,
            }),
            _ => Err(de::Error::custom("location and message are required")),
        }
    }
}

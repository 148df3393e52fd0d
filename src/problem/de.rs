//! Reading problems: [`Problem::from_slice`], the [`serde::Deserialize`] impls and
//! [`ParseError`].
//!
//! Two passes. The first ([`Wire`]) is a derive over exactly the fields the schema defines,
//! refusing anything else (an unknown member, a duplicate, an array in place of an object,
//! `"fix": null`, a status outside 100..=999), so a body it reads is read the same by the
//! second; it costs what a plain derive costs (BENCHMARKS.md). Only when it fails does the
//! second pass run: one visitor ([`Reader`]) driven by a table of the schema ([`Kind`]), which
//! keeps the members the schema does not define and, on failure, records the innermost JSON
//! path at fault in a [`Context`], from which [`Problem::from_slice`] makes a [`ParseError`].
//! The [`serde::Deserialize`] impls are the second pass alone.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use http::StatusCode;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::error::{Failure, PathPrefix};
use super::{ExtraMember, ParseError, Problem, Scope, ValidationError};
use crate::util::truncate;

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
        if let Some(problem) = Wire::read(body) {
            return Ok(problem);
        }
        let context = Context::default();
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let result = Reader::new(&context, Kind::Envelope)
            .deserialize(&mut deserializer)
            .and_then(|read| deserializer.end().map(|()| read.into_problem()));
        result.map_err(|err| {
            let failure = context.0.into_inner();
            if failure.is_none() && body.iter().all(u8::is_ascii_whitespace) {
                return ParseError::empty_body(&err);
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

impl<'de> Deserialize<'de> for Problem {
    /// Reads the envelope as [`Problem::from_slice`] does; a failure's message starts with the
    /// path of the field at fault where this crate noticed it. Extra members are kept as raw
    /// JSON, which only `serde_json`'s own deserializers (`from_str`, `from_slice`,
    /// `from_reader`) can give: elsewhere a body with extra members is refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let context = Context::default();
        Reader::new(&context, Kind::Envelope)
            .deserialize(deserializer)
            .map(Read::into_problem)
    }
}

impl<'de> Deserialize<'de> for ValidationError {
    /// Reads one entry of the `errors` array.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let context = Context::default();
        Reader::new(&context, Kind::Validation)
            .deserialize(deserializer)
            .map(Read::into_validation_error)
    }
}

// The first pass: a derive over exactly the schema's fields.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    #[serde(deserialize_with = "object")]
    meta: WireMeta,
    #[serde(deserialize_with = "object")]
    error: WireError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireMeta {
    #[serde(rename = "requestId")]
    request_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireError {
    detail: String,
    status: u16,
    title: String,
    #[serde(rename = "type")]
    type_url: String,
    errors: Option<Vec<WireEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireValidation {
    location: String,
    message: String,
    #[serde(default, deserialize_with = "some_string")]
    fix: Option<String>,
}

/// A validation error read by the first pass; the same layout as [`ValidationError`], so the
/// array is collected in place.
struct WireEntry(ValidationError);

impl<'de> Deserialize<'de> for WireEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = object::<_, WireValidation>(deserializer)?;
        Ok(Self(ValidationError {
            location: Cow::Owned(wire.location),
            message: Cow::Owned(wire.message),
            fix: wire.fix.map(Cow::Owned),
            extra: Vec::new(),
        }))
    }
}

impl Wire {
    /// The problem, if the body is exactly the schema's shape.
    fn read(body: &[u8]) -> Option<Problem> {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let wire = object::<_, Wire>(&mut deserializer).ok()?;
        deserializer.end().ok()?;
        let status = StatusCode::from_u16(wire.error.status).ok()?;
        let errors = wire
            .error
            .errors
            .map(|e| e.into_iter().map(|e| e.0).collect());
        Some(Problem {
            request_id: Cow::Owned(wire.meta.request_id),
            detail: Cow::Owned(wire.error.detail),
            title: Cow::Owned(wire.error.title),
            code: wire.error.type_url.parse().ok(),
            type_url: Cow::Owned(wire.error.type_url),
            errors,
            extra: Vec::new(),
            status,
            more: None,
        })
    }
}

/// `"fix": null` is refused, as the second pass refuses it.
fn some_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    String::deserialize(deserializer).map(Some)
}

/// A derived struct read only from a JSON object: serde's derive also takes an array of the
/// fields in order, which the second pass refuses.
fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize(ObjectOnly(deserializer))
}

struct ObjectOnly<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

// The second pass: one visitor, driven by the schema below.

/// What a value of the envelope must be; an object's members are the schema.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Envelope,
    Meta,
    Error,
    Validation,
    Errors,
    Status,
    Str,
}

/// A member of an object: its name, what it must be, and whether it is required.
type Member = (&'static str, Kind, bool);

impl Kind {
    fn members(self) -> &'static [Member] {
        use Kind::{Errors, Meta, Status, Str};
        match self {
            Self::Envelope => &[("meta", Meta, true), ("error", Self::Error, true)],
            Self::Meta => &[("requestId", Str, true)],
            Self::Error => &[
                ("detail", Str, true),
                ("status", Status, true),
                ("title", Str, true),
                ("type", Str, true),
                ("errors", Errors, false),
            ],
            Self::Validation => &[
                ("location", Str, true),
                ("message", Str, true),
                ("fix", Str, false),
            ],
            Self::Errors | Self::Status | Self::Str => &[],
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Self::Envelope => "an object with \"meta\" and \"error\"",
            Self::Meta | Self::Error | Self::Validation => "an object",
            Self::Errors => "an array of validation errors or null",
            Self::Status => "an integer from 100 to 999",
            Self::Str => "a string",
        }
    }

    fn scope(self) -> Scope {
        match self {
            Self::Envelope => Scope::Envelope,
            Self::Meta => Scope::Meta,
            Self::Error => Scope::Error,
            _ => Scope::ValidationError,
        }
    }
}

/// A value the second pass read, typed by what it is.
enum Read {
    Str(Cow<'static, str>),
    Status(StatusCode),
    Errors(Option<Vec<ValidationError>>),
    /// `meta`: the request id and the members the schema does not define.
    Meta(Cow<'static, str>, Vec<ExtraMember>),
    /// `error`, without its code (looked up once the envelope is whole).
    Error(Box<ErrorObject>),
    Validation(ValidationError),
    Envelope(Box<Problem>),
}

/// `error`, as read.
struct ErrorObject {
    detail: Cow<'static, str>,
    status: StatusCode,
    title: Cow<'static, str>,
    type_url: Cow<'static, str>,
    errors: Option<Vec<ValidationError>>,
    extra: Vec<ExtraMember>,
}

/// The known members of an object [`Reader::object`] read, taken by name: the object's table
/// ([`Kind::members`]) says where each is, and that the required ones are there.
struct Members {
    kind: Kind,
    values: Vec<Option<Read>>,
}

impl Members {
    fn take(&mut self, name: &str) -> Option<Read> {
        let index = self
            .kind
            .members()
            .iter()
            .position(|member| member.0 == name);
        index
            .and_then(|i| self.values.get_mut(i))
            .and_then(Option::take)
    }

    /// A required member: `object` refused the object without it, and its reader gave a
    /// value of its kind.
    #[allow(clippy::expect_used)]
    fn required(&mut self, name: &str) -> Read {
        self.take(name)
            .expect("invariant: `Reader::object` refuses an object without a required member")
    }

    fn string(&mut self, name: &str) -> Cow<'static, str> {
        match self.required(name) {
            Read::Str(s) => s,
            _ => unreachable!("invariant: a member of kind Str is read as Read::Str"),
        }
    }

    fn optional_string(&mut self, name: &str) -> Option<Cow<'static, str>> {
        match self.take(name)? {
            Read::Str(s) => Some(s),
            _ => unreachable!("invariant: a member of kind Str is read as Read::Str"),
        }
    }

    /// The typed object, with `extra`, its members the schema does not define.
    fn build(mut self, mut extra: Vec<ExtraMember>) -> Read {
        match self.kind {
            Kind::Envelope => {
                let Read::Meta(request_id, mut all_extra) = self.required("meta") else {
                    unreachable!("invariant: `meta` is read as Read::Meta")
                };
                let Read::Error(error) = self.required("error") else {
                    unreachable!("invariant: `error` is read as Read::Error")
                };
                // Written back meta's first, then error's, then the envelope's: kept in that
                // order, so that a round trip is the identity.
                let ErrorObject {
                    detail,
                    status,
                    title,
                    type_url,
                    errors,
                    extra: error_extra,
                } = *error;
                all_extra.extend(error_extra);
                all_extra.append(&mut extra);
                Read::Envelope(Box::new(Problem {
                    request_id,
                    detail,
                    title,
                    code: type_url.parse().ok(),
                    type_url,
                    errors,
                    extra: all_extra,
                    status,
                    more: None,
                }))
            }
            Kind::Meta => Read::Meta(self.string("requestId"), extra),
            Kind::Error => {
                let Read::Status(status) = self.required("status") else {
                    unreachable!("invariant: `status` is read as Read::Status")
                };
                let errors = match self.take("errors") {
                    Some(Read::Errors(errors)) => errors,
                    None => None,
                    Some(_) => unreachable!("invariant: `errors` is read as Read::Errors"),
                };
                Read::Error(Box::new(ErrorObject {
                    detail: self.string("detail"),
                    status,
                    title: self.string("title"),
                    type_url: self.string("type"),
                    errors,
                    extra,
                }))
            }
            Kind::Validation => Read::Validation(ValidationError {
                location: self.string("location"),
                message: self.string("message"),
                fix: self.optional_string("fix"),
                extra,
            }),
            Kind::Errors | Kind::Status | Kind::Str => {
                unreachable!("invariant: only the kinds with members are read as objects")
            }
        }
    }
}

impl Read {
    #[allow(clippy::unreachable)]
    fn into_problem(self) -> Problem {
        match self {
            Self::Envelope(problem) => *problem,
            _ => unreachable!("invariant: a Reader of Kind::Envelope gives Read::Envelope"),
        }
    }

    #[allow(clippy::unreachable)]
    fn into_validation_error(self) -> ValidationError {
        match self {
            Self::Validation(error) => error,
            _ => unreachable!("invariant: a Reader of Kind::Validation gives Read::Validation"),
        }
    }
}

/// Where the visitor records the innermost failure.
#[derive(Default)]
struct Context(RefCell<Option<Failure>>);

impl Context {
    fn record(&self, path: &Path<'_>, message: Option<String>) {
        let mut slot = self.0.borrow_mut();
        if slot.is_none() {
            *slot = Some(Failure {
                path: path.to_string(),
                message,
            });
        }
    }

    /// Records that an error from `serde_json` came from inside `path`, unless an inner
    /// failure is recorded.
    fn inside<'a, E>(&'a self, path: &'a Path<'a>) -> impl FnOnce(E) -> E + 'a {
        move |err| {
            self.record(path, None);
            err
        }
    }

    /// Records a failure of this crate's own at `path`, and makes the error for it.
    fn fail<E: de::Error>(&self, path: &Path<'_>, message: String) -> E {
        let err = E::custom(format_args!("{}{message}", PathPrefix(&path.to_string())));
        self.record(path, Some(message));
        err
    }
}

/// The JSON path of a value being read, written only when a failure needs it:
/// `error.errors[2].location`.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Root => Ok(()),
            Self::Key(Self::Root, key) => f.write_str(key),
            Self::Key(parent, key) => write!(f, "{parent}.{key}"),
            Self::Index(parent, index) => write!(f, "{parent}[{index}]"),
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

/// The most extra members an object keeps before a duplicate check would cost too much.
const MAX_EXTRA_MEMBERS: usize = 64;

/// Reads the value at `path`, which must be `kind`.
struct Reader<'a> {
    context: &'a Context,
    path: &'a Path<'a>,
    kind: Kind,
}

impl<'a> Reader<'a> {
    /// Reads a whole body, or a value at the root, of `kind`.
    fn new(context: &'a Context, kind: Kind) -> Self {
        Self {
            context,
            path: &Path::Root,
            kind,
        }
    }

    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E {
        let message = format!("expected {}, found {found}", self.kind.expected());
        self.context.fail(self.path, message)
    }

    fn status<E: de::Error>(&self, found: Found<'_>, n: Option<u64>) -> Result<Read, E> {
        n.filter(|_| self.kind == Kind::Status)
            .and_then(|n| u16::try_from(n).ok())
            .and_then(|n| StatusCode::from_u16(n).ok())
            .map(Read::Status)
            .ok_or_else(|| self.wrong(found))
    }

    /// Reads an object's members: a known one at most once, the others kept as extra members
    /// (each name once, at most [`MAX_EXTRA_MEMBERS`]); fails for the first required one
    /// missing.
    fn object<'de, A: MapAccess<'de>>(&self, mut map: A) -> Result<Read, A::Error> {
        let (context, path, members) = (self.context, self.path, self.kind.members());
        let mut known: Vec<Option<Read>> = members.iter().map(|_| None).collect();
        let mut extra: Vec<ExtraMember> = Vec::new();
        while let Some(name) = map.next_key::<String>().map_err(context.inside(path))? {
            let at = Path::Key(path, &name);
            let index = members.iter().position(|member| member.0 == name);
            if let Some((slot, &(_, kind, _))) =
                index.and_then(|i| known.get_mut(i).zip(members.get(i)))
            {
                if slot.is_some() {
                    return Err(context.fail(&at, "duplicate field".to_owned()));
                }
                let reader = Reader {
                    context,
                    path: &at,
                    kind,
                };
                *slot = Some(map.next_value_seed(reader).map_err(context.inside(&at))?);
                continue;
            }
            let value: Box<RawValue> = map.next_value().map_err(context.inside(&at))?;
            if extra.iter().any(|member| member.name == name) {
                return Err(context.fail(&at, "duplicate field".to_owned()));
            }
            if extra.len() == MAX_EXTRA_MEMBERS {
                let message =
                    format!("more than {MAX_EXTRA_MEMBERS} members the schema does not define");
                return Err(context.fail(path, message));
            }
            let scope = self.kind.scope();
            extra.push(ExtraMember { scope, name, value });
        }
        let missing = members
            .iter()
            .zip(&known)
            .find(|((_, _, required), value)| *required && value.is_none());
        if let Some(((name, ..), _)) = missing {
            return Err(context.fail(&Path::Key(path, name), "missing required field".to_owned()));
        }
        let members = Members {
            kind: self.kind,
            values: known,
        };
        Ok(members.build(extra))
    }
}

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Read;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.expected())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Read, E> {
        if self.kind == Kind::Str {
            return Ok(Read::Str(Cow::Owned(v.to_owned())));
        }
        Err(self.wrong(Found::Str(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Read, E> {
        self.status(Found::Unsigned(v), Some(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Read, E> {
        self.status(Found::Signed(v), u64::try_from(v).ok())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Read, E> {
        Err(self.wrong(Found::Float(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Read, E> {
        Err(self.wrong(Found::Bool(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Read, E> {
        if self.kind == Kind::Errors {
            return Ok(Read::Errors(None));
        }
        Err(self.wrong(Found::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read, A::Error> {
        if self.kind != Kind::Errors {
            return Err(self.wrong(Found::Array));
        }
        // A hint from the input is not trusted for more than a few entries.
        let mut errors = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        loop {
            let at = Path::Index(self.path, errors.len());
            let reader = Reader {
                context: self.context,
                path: &at,
                kind: Kind::Validation,
            };
            match seq
                .next_element_seed(reader)
                .map_err(self.context.inside(&at))?
            {
                Some(entry) => errors.push(entry.into_validation_error()),
                None => return Ok(Read::Errors(Some(errors))),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read, A::Error> {
        if self.kind.members().is_empty() {
            return Err(self.wrong(Found::Object));
        }
        self.object(map)
    }
}

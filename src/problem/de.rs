//! Reading problems: [`Problem::from_slice`], the [`serde::Deserialize`] impls and
//! [`ParseError`].
//!
//! Two passes. The first ([`Wire`]) is a derive over exactly the fields the schema defines,
//! refusing anything else (an unknown member, a duplicate, an array in place of an object,
//! `"fix": null`, a status outside 100..=999), so a body it reads is read the same by the
//! second; it costs what a plain derive costs (BENCHMARKS.md). Only when it fails does the
//! second pass run: a typed visitor for each value of the schema ([`Shape`], read by
//! [`Expect`]), each object built member by member by its own builder ([`Object`]), which
//! keeps the members the schema does not define and, on failure, records the innermost JSON
//! path at fault in a [`Context`], from which [`Problem::from_slice`] makes a [`ParseError`].
//! The [`serde::Deserialize`] impls are the second pass alone.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;

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
    /// # Ok::<(), unkey_errors::problem::ParseError>(())
    /// ```
    pub fn from_slice(body: &[u8]) -> Result<Self, ParseError> {
        if let Some(problem) = Wire::read(body) {
            return Ok(problem);
        }
        let context = Context::default();
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let result = Expect::<Problem>::at(&context, &Path::Root)
            .deserialize(&mut deserializer)
            .and_then(|problem| deserializer.end().map(|()| problem));
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
        Expect::<Problem>::at(&context, &Path::Root).deserialize(deserializer)
    }
}

impl<'de> Deserialize<'de> for ValidationError {
    /// Reads one entry of the `errors` array.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let context = Context::default();
        Expect::<ValidationError>::at(&context, &Path::Root).deserialize(deserializer)
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

// The second pass: a typed visitor for each value of the schema ([`Shape`]), and for each
// object a builder that takes its members by name ([`Object`]).

/// A value of the schema, read by [`Expect`]: what it must be, and how each JSON type is taken
/// (by default, refused: "expected ..., found ...", at its path).
trait Shape: Sized {
    /// What the value must be, for messages.
    const EXPECTED: &'static str;

    fn str(_: &str) -> Option<Self> {
        None
    }

    fn integer(_: u64) -> Option<Self> {
        None
    }

    fn null() -> Option<Self> {
        None
    }

    fn seq<'de, A: SeqAccess<'de>>(_: A, _: Place<'_>) -> Result<Option<Self>, A::Error> {
        Ok(None)
    }

    fn map<'de, A: MapAccess<'de>>(_: A, _: Place<'_>) -> Result<Option<Self>, A::Error> {
        Ok(None)
    }
}

/// Where a value is read: the failure context and its JSON path.
#[derive(Clone, Copy)]
struct Place<'a> {
    context: &'a Context,
    path: &'a Path<'a>,
}

impl Place<'_> {
    /// The failure for a value of the wrong JSON type.
    fn wrong<E: de::Error>(self, expected: &str, found: Found<'_>) -> E {
        self.context
            .fail(self.path, format!("expected {expected}, found {found}"))
    }
}

/// Reads a value of shape `T` at a place.
struct Expect<'a, T> {
    place: Place<'a>,
    shape: PhantomData<T>,
}

impl<'a, T> Expect<'a, T> {
    fn at(context: &'a Context, path: &'a Path<'a>) -> Self {
        Self {
            place: Place { context, path },
            shape: PhantomData,
        }
    }

    fn wrong<E: de::Error>(&self, found: Found<'_>) -> E
    where
        T: Shape,
    {
        self.place.wrong(T::EXPECTED, found)
    }
}

impl<'de, T: Shape> DeserializeSeed<'de> for Expect<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Shape> Visitor<'de> for Expect<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::str(v).ok_or_else(|| self.wrong(Found::Str(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::integer(v).ok_or_else(|| self.wrong(Found::Unsigned(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        u64::try_from(v)
            .ok()
            .and_then(T::integer)
            .ok_or_else(|| self.wrong(Found::Signed(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Err(self.wrong(Found::Float(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Err(self.wrong(Found::Bool(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        T::null().ok_or_else(|| self.wrong(Found::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::seq(seq, self.place)?.ok_or_else(|| self.wrong(Found::Array))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::map(map, self.place)?.ok_or_else(|| self.wrong(Found::Object))
    }
}

/// A string member.
impl Shape for Cow<'static, str> {
    const EXPECTED: &'static str = "a string";

    fn str(v: &str) -> Option<Self> {
        Some(Cow::Owned(v.to_owned()))
    }
}

/// `error.status`.
impl Shape for StatusCode {
    const EXPECTED: &'static str = "an integer from 100 to 999";

    fn integer(n: u64) -> Option<Self> {
        u16::try_from(n)
            .ok()
            .and_then(|n| StatusCode::from_u16(n).ok())
    }
}

/// `error.errors`: an array of validation errors, or `null` (absent).
struct Errors(Option<Vec<ValidationError>>);

impl Shape for Errors {
    const EXPECTED: &'static str = "an array of validation errors or null";

    fn null() -> Option<Self> {
        Some(Self(None))
    }

    fn seq<'de, A: SeqAccess<'de>>(mut seq: A, place: Place<'_>) -> Result<Option<Self>, A::Error> {
        // A hint from the input is not trusted for more than a few entries.
        let mut errors = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        loop {
            let at = Path::Index(place.path, errors.len());
            let entry = Expect::<ValidationError>::at(place.context, &at);
            match seq
                .next_element_seed(entry)
                .map_err(place.context.inside(&at))?
            {
                Some(error) => errors.push(error),
                None => return Ok(Some(Self(Some(errors)))),
            }
        }
    }
}

/// What [`Object::member`] did with a member.
enum Member {
    /// A member of the schema, read into its place.
    Read,
    /// A member of the schema given a second time.
    Duplicate,
    /// A member the schema does not define here: kept as it is.
    Other,
}

/// An object of the schema, built member by member: each member it defines at most once, the
/// others kept as extra members; the typed value once the object is read.
trait Object: Default {
    type Output;
    /// Where its extra members are written back.
    const SCOPE: Scope;

    /// Reads the member `name` if the schema defines it here.
    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
        at: Place<'_>,
    ) -> Result<Member, A::Error>;

    /// The typed value, or the first required member that is missing, in the schema's order.
    fn finish(self, extra: Vec<ExtraMember>) -> Result<Self::Output, &'static str>;
}

/// Reads a member's value of shape `T` into its place in a builder.
fn member<'de, T: Shape, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    at: Place<'_>,
) -> Result<Member, A::Error> {
    if slot.is_some() {
        return Ok(Member::Duplicate);
    }
    let value = map
        .next_value_seed(Expect::<T>::at(at.context, at.path))
        .map_err(at.context.inside(at.path))?;
    *slot = Some(value);
    Ok(Member::Read)
}

/// Reads an object's members into `O`: a known one at most once, the others kept as extra
/// members (each name once, at most [`MAX_EXTRA_MEMBERS`]); fails for the first required one
/// missing.
fn read_object<'de, O: Object, A: MapAccess<'de>>(
    mut map: A,
    place: Place<'_>,
) -> Result<O::Output, A::Error> {
    let Place { context, path } = place;
    let mut object = O::default();
    let mut extra: Vec<ExtraMember> = Vec::new();
    while let Some(name) = map.next_key::<String>().map_err(context.inside(path))? {
        let at = Path::Key(path, &name);
        let here = Place { context, path: &at };
        match object.member(&name, &mut map, here)? {
            Member::Read => continue,
            Member::Duplicate => return Err(context.fail(&at, "duplicate field".to_owned())),
            Member::Other => {}
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
        let scope = O::SCOPE;
        extra.push(ExtraMember { scope, name, value });
    }
    object.finish(extra).map_err(|missing| {
        context.fail(
            &Path::Key(path, missing),
            "missing required field".to_owned(),
        )
    })
}

/// The envelope: `meta` and `error`.
#[derive(Default)]
struct EnvelopeObject {
    meta: Option<Meta>,
    error: Option<ErrorFields>,
}

/// `meta`, read: the request id and the members the schema does not define.
struct Meta {
    request_id: Cow<'static, str>,
    extra: Vec<ExtraMember>,
}

/// `meta`, being read.
#[derive(Default)]
struct MetaObject {
    request_id: Option<Cow<'static, str>>,
}

/// `error`, read (its code is looked up once the envelope is whole).
struct ErrorFields {
    detail: Cow<'static, str>,
    status: StatusCode,
    title: Cow<'static, str>,
    type_url: Cow<'static, str>,
    errors: Option<Vec<ValidationError>>,
    extra: Vec<ExtraMember>,
}

/// `error`, being read.
#[derive(Default)]
struct ErrorObject {
    detail: Option<Cow<'static, str>>,
    status: Option<StatusCode>,
    title: Option<Cow<'static, str>>,
    type_url: Option<Cow<'static, str>>,
    errors: Option<Errors>,
}

/// One entry of `error.errors`, being read.
#[derive(Default)]
struct ValidationObject {
    location: Option<Cow<'static, str>>,
    message: Option<Cow<'static, str>>,
    fix: Option<Cow<'static, str>>,
}

impl Object for EnvelopeObject {
    type Output = Problem;
    const SCOPE: Scope = Scope::Envelope;

    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
        at: Place<'_>,
    ) -> Result<Member, A::Error> {
        match name {
            "meta" => member(&mut self.meta, map, at),
            "error" => member(&mut self.error, map, at),
            _ => Ok(Member::Other),
        }
    }

    fn finish(self, mut extra: Vec<ExtraMember>) -> Result<Problem, &'static str> {
        let meta = self.meta.ok_or("meta")?;
        let error = self.error.ok_or("error")?;
        // Written back meta's first, then error's, then the envelope's: kept in that order,
        // so that a round trip is the identity.
        let mut all_extra = meta.extra;
        all_extra.extend(error.extra);
        all_extra.append(&mut extra);
        Ok(Problem {
            request_id: meta.request_id,
            detail: error.detail,
            title: error.title,
            code: error.type_url.parse().ok(),
            type_url: error.type_url,
            errors: error.errors,
            extra: all_extra,
            status: error.status,
            more: None,
        })
    }
}

impl Object for MetaObject {
    type Output = Meta;
    const SCOPE: Scope = Scope::Meta;

    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
        at: Place<'_>,
    ) -> Result<Member, A::Error> {
        match name {
            "requestId" => member(&mut self.request_id, map, at),
            _ => Ok(Member::Other),
        }
    }

    fn finish(self, extra: Vec<ExtraMember>) -> Result<Meta, &'static str> {
        Ok(Meta {
            request_id: self.request_id.ok_or("requestId")?,
            extra,
        })
    }
}

impl Object for ErrorObject {
    type Output = ErrorFields;
    const SCOPE: Scope = Scope::Error;

    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
        at: Place<'_>,
    ) -> Result<Member, A::Error> {
        match name {
            "detail" => member(&mut self.detail, map, at),
            "status" => member(&mut self.status, map, at),
            "title" => member(&mut self.title, map, at),
            "type" => member(&mut self.type_url, map, at),
            "errors" => member(&mut self.errors, map, at),
            _ => Ok(Member::Other),
        }
    }

    fn finish(self, extra: Vec<ExtraMember>) -> Result<ErrorFields, &'static str> {
        Ok(ErrorFields {
            detail: self.detail.ok_or("detail")?,
            status: self.status.ok_or("status")?,
            title: self.title.ok_or("title")?,
            type_url: self.type_url.ok_or("type")?,
            errors: self.errors.and_then(|errors| errors.0),
            extra,
        })
    }
}

impl Object for ValidationObject {
    type Output = ValidationError;
    const SCOPE: Scope = Scope::ValidationError;

    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
        at: Place<'_>,
    ) -> Result<Member, A::Error> {
        match name {
            "location" => member(&mut self.location, map, at),
            "message" => member(&mut self.message, map, at),
            "fix" => member(&mut self.fix, map, at),
            _ => Ok(Member::Other),
        }
    }

    fn finish(self, extra: Vec<ExtraMember>) -> Result<ValidationError, &'static str> {
        Ok(ValidationError {
            location: self.location.ok_or("location")?,
            message: self.message.ok_or("message")?,
            fix: self.fix,
            extra,
        })
    }
}

/// The objects' shapes: each read by its builder.
macro_rules! object_shapes {
    ($($shape:ty => $object:ty, $expected:literal;)*) => {$(
        impl Shape for $shape {
            const EXPECTED: &'static str = $expected;

            fn map<'de, A: MapAccess<'de>>(map: A, place: Place<'_>) -> Result<Option<Self>, A::Error> {
                read_object::<$object, A>(map, place).map(Some)
            }
        }
    )*};
}

object_shapes! {
    Problem => EnvelopeObject, "an object with \"meta\" and \"error\"";
    Meta => MetaObject, "an object";
    ErrorFields => ErrorObject, "an object";
    ValidationError => ValidationObject, "an object";
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

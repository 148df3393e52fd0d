//! [`ParseError`]: why a body is not a [`Problem`](super::Problem), with the JSON path at fault.

use std::fmt;

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

/// Why a body is not a [`Problem`](super::Problem): what was wrong, the JSON path of the field at fault and the
/// position in the body.
///
/// The message is lowercase and starts with the path, e.g.
/// `` `error.status`: expected an integer from 100 to 999, found string "403" at line 1 column 72 ``.
/// Paths are written `meta.requestId`, `error.errors[2].location`; a failure of the body as a
/// whole (not JSON, not an object, trailing characters) has the empty path.
///
/// ```
/// use unkey_errors::{problem::Category, Problem};
///
/// let err = Problem::from_slice(br#"{"meta":{"requestId":"req_1"},"error":{"status":"403"}}"#).unwrap_err();
/// assert_eq!(err.path(), "error.status");
/// assert_eq!(err.message(), r#"expected an integer from 100 to 999, found string "403""#);
/// assert_eq!(err.classify(), Category::Data);
/// assert_eq!((err.line(), err.column()), (1, 53));
/// ```
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{}{message}{}", PathPrefix(path), Position(self))]
pub struct ParseError {
    path: String,
    message: String,
    line: usize,
    column: usize,
    category: Category,
    /// The body was empty (or white space): no position is worth showing.
    empty: bool,
}

/// The first failure the reader noticed: where, and this crate's own message if it made one.
pub(super) struct Failure {
    pub(super) path: String,
    pub(super) message: Option<String>,
}

/// `path: ` before a message, or nothing for the empty path.
pub(super) struct PathPrefix<'a>(pub(super) &'a str);

impl fmt::Display for PathPrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "`{}`: ", self.0)
        }
    }
}

/// ` at line L column C`, where a position means something (not for an empty body).
struct Position<'a>(&'a ParseError);

impl fmt::Display for Position<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.empty {
            Ok(())
        } else {
            write!(f, " at line {} column {}", self.0.line, self.0.column)
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
    /// use unkey_errors::{problem::Category, Problem};
    /// assert_eq!(Problem::from_slice(b"").unwrap_err().classify(), Category::Eof);
    /// assert_eq!(Problem::from_slice(b"<html>").unwrap_err().classify(), Category::Syntax);
    /// assert_eq!(Problem::from_slice(b"{}").unwrap_err().classify(), Category::Data);
    /// ```
    #[must_use]
    pub fn classify(&self) -> Category {
        self.category
    }

    /// A body of white space only.
    pub(super) fn empty_body(err: &serde_json::Error) -> Self {
        Self {
            path: String::new(),
            message: "empty body, expected a JSON object".to_owned(),
            line: err.line(),
            column: err.column(),
            category: Category::Eof,
            empty: true,
        }
    }

    pub(super) fn new(err: &serde_json::Error, failure: Option<Failure>) -> Self {
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
            failure => (
                failure.map(|f| f.path).unwrap_or_default(),
                crate::util::without_position(err),
            ),
        };
        Self {
            path,
            message,
            line,
            column,
            category,
            empty: false,
        }
    }
}

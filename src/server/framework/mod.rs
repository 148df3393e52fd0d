//! What the framework integrations share, knowing no framework: their settings, the answer
//! plan of an error response ([`answer`]), and reading request bodies, query strings and paths
//! with the field at fault ([`extract`]).

use http::HeaderName;

mod answer;
mod extract;

pub(crate) use answer::*;
pub(crate) use extract::*;

/// The default header a request id is read from and echoed in: `x-request-id`, as
/// tower-http's request-id layers use it.
pub const DEFAULT_REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The settings the server integrations share.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) request_id_header: HeaderName,
    pub(crate) negotiate: bool,
    pub(crate) rewrite_foreign_errors: bool,
}

/// The builder methods of a type holding `settings: Arc<Settings>` (the axum layers, the
/// actix-web middleware): one definition for all.
macro_rules! settings_builder {
    () => {
        /// Reads and echoes the request id in `header` instead of `x-request-id`.
        #[must_use]
        pub fn request_id_header(mut self, header: http::HeaderName) -> Self {
            std::sync::Arc::make_mut(&mut self.settings).request_id_header = header;
            self
        }

        /// Whether to negotiate the content type of error responses from `Accept`, as the
        /// live server does (default true); false always uses what the OpenAPI spec declares.
        #[must_use]
        pub fn negotiate(mut self, negotiate: bool) -> Self {
            std::sync::Arc::make_mut(&mut self.settings).negotiate = negotiate;
            self
        }

        /// Whether to turn error responses that are not problems into problems (default true).
        #[must_use]
        pub fn rewrite_foreign_errors(mut self, rewrite: bool) -> Self {
            std::sync::Arc::make_mut(&mut self.settings).rewrite_foreign_errors = rewrite;
            self
        }
    };
}
pub(crate) use settings_builder;

/// Implements `Deref`, `DerefMut` and `From<T>` for an extractor `$name<T>(pub T)`, the same
/// for axum's and actix-web's.
macro_rules! extractor_conversions {
    ($name:ident) => {
        impl<T> std::ops::Deref for $name<T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.0
            }
        }

        impl<T> std::ops::DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }

        impl<T> From<T> for $name<T> {
            fn from(value: T) -> Self {
                Self(value)
            }
        }
    };
}
pub(crate) use extractor_conversions;

impl Default for Settings {
    fn default() -> Self {
        Self {
            request_id_header: DEFAULT_REQUEST_ID_HEADER,
            negotiate: true,
            rewrite_foreign_errors: true,
        }
    }
}

/// A request id as text, however a framework holds it.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) trait AsIdText {
    fn id_text(&self) -> Option<&str>;
}

impl AsIdText for http::HeaderValue {
    fn id_text(&self) -> Option<&str> {
        self.to_str().ok()
    }
}

impl AsIdText for crate::server::RequestId {
    fn id_text(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

/// The span a layer runs the service inside it in: `request` at level `ERROR` (so that it is
/// enabled wherever a report is), target `unkey_errors`, with the field `request_id`. A report
/// made in it, or on a task spawned with `.in_current_span()`, carries the request id.
/// Without the feature `tracing`, nothing.
#[derive(Debug)]
pub(crate) struct RequestSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl RequestSpan {
    /// The span of a request with this id (an id is text or a header value); one without an
    /// id yet has the field empty.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn new(request_id: Option<&impl AsIdText>) -> Self {
        Self {
            #[cfg(feature = "tracing")]
            span: tracing::error_span!(
                target: "unkey_errors",
                "request",
                request_id = request_id.and_then(AsIdText::id_text)
            ),
        }
    }

    /// Runs `f` inside the span.
    #[cfg_attr(not(feature = "tracing"), allow(clippy::unused_self))]
    pub(crate) fn in_scope<T>(&self, f: impl FnOnce() -> T) -> T {
        #[cfg(feature = "tracing")]
        {
            self.span.in_scope(f)
        }
        #[cfg(not(feature = "tracing"))]
        {
            f()
        }
    }
}

//! What the framework integrations share, knowing no framework: their settings, the answer
//! plan of an error response ([`answer`]), and reading request bodies, query strings and paths
//! with the field at fault ([`extract`]).

use std::sync::Arc;

use http::HeaderName;

use crate::report::{DefaultReportSink, ReportSink};

mod answer;
mod extract;

pub(crate) use answer::*;
pub(crate) use extract::*;

/// The default header a request id is read from and echoed in: `x-request-id`, as
/// tower-http's request-id layers use it.
pub const DEFAULT_REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The settings the server integrations share.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) request_id_header: HeaderName,
    pub(crate) negotiate: bool,
    pub(crate) rewrite_foreign_errors: bool,
    pub(crate) sink: Arc<dyn ReportSink>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("request_id_header", &self.request_id_header)
            .field("negotiate", &self.negotiate)
            .field("rewrite_foreign_errors", &self.rewrite_foreign_errors)
            .finish_non_exhaustive()
    }
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

        /// Sends the [`Report`](crate::report::Report)s of internal errors and panics to `sink`
        /// instead of [`DefaultReportSink`](crate::report::DefaultReportSink); each answer's
        /// report is made once, with the request id.
        #[must_use]
        pub fn report_to(mut self, sink: impl crate::report::ReportSink) -> Self {
            std::sync::Arc::make_mut(&mut self.settings).sink = std::sync::Arc::new(sink);
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
            sink: Arc::new(DefaultReportSink),
        }
    }
}

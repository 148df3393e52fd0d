//! The reports the crate makes, as a subscriber receives them: one process-wide subscriber
//! (tracing-subscriber's registry with a layer of its own, as a Sentry-style subscriber is
//! built) that keeps every event of target `unkey_errors::report`, with the request id from the
//! event or the spans it was made in. Each test finds its own reports by request id.

use std::error::Error;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// One report as the subscriber saw it.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    request_id: Option<String>,
    message: String,
    kind: String,
    status: String,
    code: String,
}

impl Seen {
    /// The request id, from the event or the nearest span that has one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `error` field's source chain, joined by `": "`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `kind` field.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The `code` field.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The `status` field.
    pub fn status(&self) -> &str {
        &self.status
    }
}

/// A span's request id, kept in its extensions.
struct SpanRequestId(String);

#[derive(Default)]
struct Fields(Seen);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "request_id" => self.0.request_id = Some(value.to_owned()),
            "kind" => value.clone_into(&mut self.0.kind),
            "code" => value.clone_into(&mut self.0.code),
            _ => {}
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "status" {
            self.0.status = value.to_string();
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn Error + 'static)) {
        if field.name() == "error" {
            let mut chain = value.to_string();
            let mut source = value.source();
            while let Some(error) = source {
                let _ = write!(chain, ": {error}");
                source = error.source();
            }
            self.0.message = chain;
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

struct Capture;

impl<S: Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let (Some(request_id), Some(span)) = (fields.0.request_id, ctx.span(id)) {
            span.extensions_mut().insert(SpanRequestId(request_id));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if event.metadata().target() != "unkey_errors::report" {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.0.request_id.is_none() {
            fields.0.request_id = ctx.event_scope(event).and_then(|scope| {
                scope.into_iter().find_map(|span| {
                    span.extensions()
                        .get::<SpanRequestId>()
                        .map(|id| id.0.clone())
                })
            });
        }
        seen().lock().unwrap().push(fields.0);
    }
}

fn seen() -> &'static Mutex<Vec<Seen>> {
    static SEEN: Mutex<Vec<Seen>> = Mutex::new(Vec::new());
    &SEEN
}

/// Installs the subscriber for the whole test process, once.
pub fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(Capture);
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in this test process");
    });
}

/// The reports made for the request `request_id`.
pub fn reports_for(request_id: &str) -> Vec<Seen> {
    seen()
        .lock()
        .unwrap()
        .iter()
        .filter(|report| report.request_id() == Some(request_id))
        .cloned()
        .collect()
}

/// Every report without a request id whose message is `message`.
pub fn reports_without_id(message: &str) -> Vec<Seen> {
    seen()
        .lock()
        .unwrap()
        .iter()
        .filter(|report| report.request_id().is_none() && report.message() == message)
        .cloned()
        .collect()
}

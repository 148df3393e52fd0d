//! What a problem made for an internal error or a panic carries to where it is answered: the
//! error, as data. The `report` module makes a report of it.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// The cause a problem carries to where it is answered: an internal error or a panic.
#[derive(Clone, Debug)]
pub(crate) struct Cause {
    /// A panic (else an internal error).
    pub(crate) panic: bool,
    pub(crate) error: Arc<dyn Error + Send + Sync + 'static>,
}

impl Cause {
    /// An error known only by reference: its message and each source's, kept as a chain of
    /// errors of their own (the originals may be borrowed, or neither `Send` nor `Sync`).
    pub(crate) fn snapshot(error: &dyn Error) -> Self {
        Self::owned(Arc::new(Snapshot::of(error)))
    }

    /// An error owned as it is.
    pub(crate) fn owned(error: Arc<dyn Error + Send + Sync + 'static>) -> Self {
        Self {
            panic: false,
            error,
        }
    }

    /// A panic, by its message.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn panic(message: String) -> Self {
        Self {
            panic: true,
            error: Arc::new(Snapshot {
                message,
                source: None,
            }),
        }
    }
}

/// An error's message and its sources', copied.
#[derive(Debug)]
struct Snapshot {
    message: String,
    source: Option<Box<Snapshot>>,
}

impl Snapshot {
    fn of(error: &dyn Error) -> Self {
        Self {
            message: error.to_string(),
            source: error.source().map(|source| Box::new(Self::of(source))),
        }
    }
}

impl fmt::Display for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for Snapshot {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

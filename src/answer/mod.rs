//! How a service's errors answer: [`IntoProblem`] (a type that answers as a [`Problem`]) and
//! the [`Answer`]s it can give, [`problem_responses!`](crate::problem_responses) for the
//! frameworks' response traits, and [`InternalError`], the error type of a handler that uses
//! `?` on anything. Part of the core: it knows no framework.
//!
//! [`Problem`]: crate::Problem

mod internal;
mod into_problem;

pub use internal::{InternalError, INTERNAL_ERROR_DETAIL};
pub use into_problem::{Answer, IntoProblem};

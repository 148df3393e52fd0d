//! How a service's errors answer: [`ToProblem`] (a type that answers as a [`Problem`]) and
//! the [`Answer`]s it can give, [`problem_responses!`](crate::problem_responses) for the
//! frameworks' response traits, and [`InternalError`], the error type of a handler that uses
//! `?` on anything. Part of the core: it knows no framework.
//!
//! [`Problem`]: crate::Problem

mod internal;
mod to_problem;

pub use internal::InternalError;
pub use to_problem::{Answer, ToProblem};

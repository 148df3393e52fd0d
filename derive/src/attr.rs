//! The `#[problem(...)]` attributes: on a variant (or a struct), what it answers; on a field,
//! that it holds the validation errors.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, LitStr};

/// What a variant answers with.
pub(crate) enum Kind {
    /// `#[problem(DataKeyNotFound)]`: a code of the catalogue, by its `ErrorCode` variant name.
    Code(Ident),
    /// `#[problem(internal)]`: the generic 500; the error's chain is reported.
    Internal(Span),
    /// `#[problem(transparent)]`: the one field's own `ToProblem`.
    Transparent(Span),
}

/// A variant's (or a struct's) `#[problem(...)]`.
pub(crate) struct Problem {
    /// `None` when the attribute names neither a code nor `internal` nor `transparent`.
    pub(crate) kind: Option<Kind>,
    /// `detail = "..."`: a format string over the fields.
    pub(crate) detail: Option<LitStr>,
    /// `retry_after = FIELD`: a `Duration` field sent as `Retry-After`.
    pub(crate) retry_after: Option<syn::Member>,
    /// `rate_limit = FIELD`: a `RateLimit` field sent as the `RateLimit-*` headers.
    pub(crate) rate_limit: Option<syn::Member>,
    /// `gateway_rate_limit = FIELD`: a `RateLimit` field sent as the gateway's
    /// `X-RateLimit-*` headers.
    pub(crate) gateway_rate_limit: Option<syn::Member>,
    /// The whole attribute, for errors about it.
    pub(crate) span: Span,
}

impl Problem {
    /// The keys that name a field sent as response headers, with the field each names.
    pub(crate) fn header_fields(&self) -> [(&'static str, Option<&syn::Member>); 3] {
        [
            ("retry_after", self.retry_after.as_ref()),
            ("rate_limit", self.rate_limit.as_ref()),
            ("gateway_rate_limit", self.gateway_rate_limit.as_ref()),
        ]
    }
}

/// The frameworks the library writes responses for, as `#[problem(responses(...))]` names them.
pub(crate) const FRAMEWORKS: [&str; 3] = ["axum", "actix_web", "utoipa"];

/// Whether an attribute is `#[problem(responses(...))]`, which goes on the type.
pub(crate) fn is_responses(attr: &Attribute) -> bool {
    attr.path().is_ident("problem")
        && attr
            .parse_args::<proc_macro2::TokenStream>()
            .ok()
            .and_then(|tokens| tokens.into_iter().next())
            .is_some_and(|first| first.to_string() == "responses")
}

/// Reads the type's `#[problem(responses(axum, actix_web, utoipa))]`: the frameworks whose
/// response traits to implement (none unless asked: features only add, so an impl appears
/// only where it was asked for).
pub(crate) fn responses(attrs: &[Attribute]) -> syn::Result<Vec<Ident>> {
    let mut frameworks: Vec<Ident> = Vec::new();
    for attr in attrs.iter().filter(|a| is_responses(a)) {
        attr.parse_nested_meta(|meta| {
            if !meta.path.is_ident("responses") {
                let path = &meta.path;
                return Err(meta.error(format!(
                    "unknown key `{}` in the type's #[problem(responses(...))]: it takes \
                     `responses(...)` alone; a code and its keys go in an attribute of their own",
                    quote::quote!(#path).to_string().replace(' ', "")
                )));
            }
            meta.parse_nested_meta(|framework| {
                let Some(ident) = framework.path.get_ident() else {
                    return Err(framework.error("a framework is one name"));
                };
                if !FRAMEWORKS.contains(&ident.to_string().as_str()) {
                    return Err(framework.error(format!(
                        "unknown framework `{ident}`: #[problem(responses(...))] takes `axum`, \
                         `actix_web` and `utoipa`"
                    )));
                }
                if frameworks.iter().any(|seen| seen == ident) {
                    return Err(framework.error(format!("duplicate `{ident}`")));
                }
                frameworks.push(ident.clone());
                Ok(())
            })
        })?;
    }
    Ok(frameworks)
}

/// Reads the one `#[problem(...)]` of a variant or a struct, if there is one (besides a
/// struct's `#[problem(responses(...))]`).
pub(crate) fn problem(attrs: &[Attribute]) -> syn::Result<Option<Problem>> {
    let mut found: Option<Problem> = None;
    for attr in attrs
        .iter()
        .filter(|a| a.path().is_ident("problem") && !is_responses(a))
    {
        if found.is_some() {
            return Err(syn::Error::new(
                attr.path().span(),
                "duplicate #[problem(...)]: write everything in one attribute",
            ));
        }
        let mut problem = Problem {
            kind: None,
            detail: None,
            retry_after: None,
            rate_limit: None,
            gateway_rate_limit: None,
            span: attr.path().span(),
        };
        attr.parse_nested_meta(|meta| {
            let path = &meta.path;
            let set_kind = |problem: &mut Problem, kind: Kind| {
                if problem.kind.is_some() {
                    return Err(meta.error(
                        "#[problem(...)] names one of a code, `internal` or `transparent`",
                    ));
                }
                problem.kind = Some(kind);
                Ok(())
            };
            if path.is_ident("detail") {
                if problem.detail.is_some() {
                    return Err(meta.error("duplicate `detail`"));
                }
                problem.detail = Some(meta.value()?.parse()?);
                return Ok(());
            }
            for (key, slot) in [
                ("retry_after", &mut problem.retry_after),
                ("rate_limit", &mut problem.rate_limit),
                ("gateway_rate_limit", &mut problem.gateway_rate_limit),
            ] {
                if path.is_ident(key) {
                    if slot.is_some() {
                        return Err(meta.error(format!("duplicate `{key}`")));
                    }
                    *slot = Some(meta.value()?.parse().map_err(|_| {
                        meta.error(format!(
                            "`{key} = ...` names a field: `{key} = wait`, or `{key} = 0` in a \
                             tuple variant"
                        ))
                    })?);
                    return Ok(());
                }
            }
            if path.is_ident("responses") {
                return Err(meta.error(
                    "`responses(...)` goes on the type, in an attribute of its own: \
                     #[problem(responses(axum))] above the `enum` or `struct`, not on a variant",
                ));
            }
            if meta.input.peek(syn::Token![=]) || meta.input.peek(syn::token::Paren) {
                return Err(meta.error(format!(
                    "unknown key `{}` in #[problem(...)]: the keys are a code, `internal`, \
                     `transparent`, `detail = \"...\"`, `retry_after = FIELD`, \
                     `rate_limit = FIELD` and `gateway_rate_limit = FIELD`",
                    quote::quote!(#path).to_string().replace(' ', "")
                )));
            }
            if path.is_ident("internal") {
                return set_kind(&mut problem, Kind::Internal(path.span()));
            }
            if path.is_ident("transparent") {
                return set_kind(&mut problem, Kind::Transparent(path.span()));
            }
            // A code: `DataKeyNotFound`, or `ErrorCode::DataKeyNotFound`.
            let last = path.segments.last().map(|segment| &segment.ident);
            match last {
                Some(ident) if ident.to_string().starts_with(char::is_uppercase) => {
                    set_kind(&mut problem, Kind::Code(ident.clone()))
                }
                _ => Err(meta.error(format!(
                    "unknown key `{}` in #[problem(...)]: name a code by its ErrorCode variant \
                     (DataKeyNotFound), or write `internal`, `transparent` or `detail = \"...\"`",
                    quote::quote!(#path).to_string().replace(' ', "")
                ))),
            }
        })?;
        found = Some(problem);
    }
    Ok(found)
}

/// Reads a field's `#[problem(errors)]`: its span, if the field has it.
pub(crate) fn field(attrs: &[Attribute]) -> syn::Result<Option<Span>> {
    let mut errors = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("problem")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("errors") && meta.input.is_empty() {
                if errors.is_some() {
                    return Err(meta.error("duplicate `errors`"));
                }
                errors = Some(meta.path.span());
                Ok(())
            } else {
                Err(meta.error(
                    "a field takes only #[problem(errors)], for the validation errors it holds",
                ))
            }
        })?;
    }
    Ok(errors)
}

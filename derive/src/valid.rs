//! Checks of the attributes, each failing at the span of what is wrong. A code's name is
//! checked by the compiler: the expansion writes `ErrorCode::<name>` at the name's span.

use syn::spanned::Spanned;
use syn::{Error, LitStr};

use crate::ast::{Input, Style, Variant};
use crate::attr::Kind;

pub(crate) fn check(input: &Input<'_>) -> syn::Result<()> {
    let mut errors: Option<Error> = None;
    for variant in &input.variants {
        if let Err(err) = check_variant(input, variant) {
            match &mut errors {
                Some(errors) => errors.combine(err),
                None => errors = Some(err),
            }
        }
    }
    errors.map_or(Ok(()), Err)
}

fn check_variant(input: &Input<'_>, variant: &Variant<'_>) -> syn::Result<()> {
    let Some(attr) = &variant.attr else {
        let message = match variant.ident {
            Some(ident) => format!(
                "missing #[problem(...)] on variant `{ident}`: name an ErrorCode variant, as in \
                 #[problem(DataKeyNotFound)], or write #[problem(internal)] or \
                 #[problem(transparent)]"
            ),
            None => format!(
                "missing #[problem(...)] on `{}`: name an ErrorCode variant, as in \
                 #[problem(DataKeyNotFound)], or write #[problem(internal)] or \
                 #[problem(transparent)]",
                input.ident
            ),
        };
        return Err(Error::new(variant.span, message));
    };
    let Some(kind) = &attr.kind else {
        return Err(Error::new(
            attr.span,
            "#[problem(...)] needs what to answer with: an ErrorCode variant, as in \
             #[problem(DataKeyNotFound)], or `internal` or `transparent`",
        ));
    };
    let errors_fields: Vec<_> = variant
        .fields
        .iter()
        .filter_map(|field| field.errors)
        .collect();
    match kind {
        Kind::Code(_) => {
            if let Some(&second) = errors_fields.get(1) {
                return Err(Error::new(
                    second,
                    "only one field holds the validation errors",
                ));
            }
            if let Some(detail) = &attr.detail {
                detail_format(detail, variant)?;
            }
            for (key, member) in attr.header_fields() {
                if let Some(member) = member
                    && field_of(member, variant).is_none()
                {
                    let name = quote::quote!(#member).to_string();
                    return Err(Error::new(
                        member.span(),
                        format!("{key}: `{name}` names no field of this variant"),
                    ));
                }
            }
        }
        Kind::Internal(_) | Kind::Transparent(_) => {
            let (word, article) = if matches!(kind, Kind::Internal(_)) {
                ("internal", "an")
            } else {
                ("transparent", "a")
            };
            if let Some(detail) = &attr.detail {
                let why = if word == "internal" {
                    "the body of an internal error is always the generic detail"
                } else {
                    "the field's own conversion gives the detail"
                };
                return Err(Error::new(
                    detail.span(),
                    format!("`detail` cannot be used with `{word}`: {why}"),
                ));
            }
            if let Some(&span) = errors_fields.first() {
                return Err(Error::new(
                    span,
                    format!("#[problem(errors)] cannot be used in {article} `{word}` variant"),
                ));
            }
            if let Some(member) = attr.header_fields().into_iter().find_map(|(_, m)| m) {
                return Err(Error::new(
                    member.span(),
                    format!(
                        "`retry_after`, `rate_limit` and `gateway_rate_limit` go with a code, \
                         not with `{word}`"
                    ),
                ));
            }
            if let Kind::Transparent(span) = kind
                && variant.fields.len() != 1
            {
                return Err(Error::new(
                    *span,
                    "`transparent` needs exactly one field, whose ToProblem answers",
                ));
            }
        }
    }
    Ok(())
}

/// The `detail` format string with each placeholder naming a field's binding, `{id}` as it
/// is and `{0}` as `{_0}`, and the bindings it names. Fails for a placeholder that names no
/// field.
pub(crate) fn detail_format(
    detail: &LitStr,
    variant: &Variant<'_>,
) -> syn::Result<(String, Vec<String>)> {
    let text = detail.value();
    let mut bindings = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        if let Some(tail) = after
            .strip_prefix("{{")
            .or_else(|| after.strip_prefix("}}"))
        {
            out.push_str(after.get(..2).unwrap_or_default());
            rest = tail;
            continue;
        }
        if after.starts_with('}') {
            return Err(Error::new(
                detail.span(),
                "unmatched `}` in detail: write `}}` for a brace",
            ));
        }
        let Some(close) = after.find('}') else {
            return Err(Error::new(
                detail.span(),
                "unmatched `{` in detail: write `{{` for a brace",
            ));
        };
        let inner = after.get(1..close).unwrap_or_default();
        let (name, spec) = inner.split_at(inner.find(':').unwrap_or(inner.len()));
        let binding = field_binding(name, variant).ok_or_else(|| {
            let fields = variant
                .fields
                .iter()
                .map(|f| {
                    let member = &f.member;
                    quote::quote!(#member).to_string()
                })
                .collect::<Vec<_>>();
            let known = if fields.is_empty() {
                "it has no fields".to_owned()
            } else {
                format!("its fields are {}", fields.join(", "))
            };
            Error::new(
                detail.span(),
                format!("detail: `{{{name}}}` names no field of this variant; {known}"),
            )
        })?;
        out.push('{');
        out.push_str(&binding);
        out.push_str(spec);
        out.push('}');
        bindings.push(binding);
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok((out, bindings))
}

/// The binding of the field a placeholder names: a name for a struct-like variant, an index
/// for a tuple variant.
fn field_binding(name: &str, variant: &Variant<'_>) -> Option<String> {
    let name = name.trim();
    let field = match variant.style {
        Style::Tuple => {
            let index: usize = name.parse().ok()?;
            variant.fields.get(index)
        }
        Style::Named => variant.fields.iter().find(|f| f.binding == name),
        Style::Unit => None,
    }?;
    Some(field.binding.to_string())
}

/// The field a `retry_after = ...`, `rate_limit = ...` or `gateway_rate_limit = ...` names.
pub(crate) fn field_of<'v, 'a>(
    member: &syn::Member,
    variant: &'v Variant<'a>,
) -> Option<&'v crate::ast::Field<'a>> {
    variant.fields.iter().find(|field| field.member == *member)
}

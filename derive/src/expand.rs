//! The impls: `ToProblem`, then `unkey_errors::__problem_responses!`, which writes
//! `From<T> for Problem` and the responses of the frameworks `#[problem(responses(...))]`
//! names (each needs the library's feature of that name; none is written unasked, so that a
//! feature turned on elsewhere in the graph changes nothing).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{GenericParam, LitStr, Type};

use crate::ast::{Field, Input, Style, Variant};
use crate::attr::Kind;
use crate::valid::{detail_format, field_of};

pub(crate) fn expand(input: &Input<'_>) -> TokenStream {
    let ident = input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let self_ty = quote!(#ident #ty_generics);
    let own_bounds: Vec<TokenStream> = where_clause
        .map(|w| w.predicates.iter().map(ToTokens::to_token_stream).collect())
        .unwrap_or_default();
    let bounds = bounds(input, &self_ty, own_bounds.clone());
    let frameworks = &input.responses;

    let mut problem_arms = Vec::new();
    let mut status_arms = Vec::new();
    let mut answers = Vec::new();
    for variant in &input.variants {
        let Some(kind) = variant.attr.as_ref().and_then(|attr| attr.kind.as_ref()) else {
            continue; // refused by `valid`
        };
        let pattern = pattern(input, variant);
        let (problem, status, answer) = match kind {
            Kind::Code(code) => {
                let code = quote_spanned!(code.span()=> ::unkey_errors::ErrorCode::#code);
                let detail = detail(variant);
                let mut problem = quote!(::unkey_errors::Problem::new(#code, #detail));
                if let Some(field) = variant.fields.iter().find(|f| f.errors.is_some()) {
                    let binding = &field.binding;
                    problem = quote_spanned! {field.ty.span()=>
                        #problem.with_validation_errors(
                            ::core::iter::Iterator::cloned(::core::iter::IntoIterator::into_iter(#binding))
                        )
                    };
                }
                let answer = quote!(::unkey_errors::answer::Answer::for_code(#code));
                let (problem, answer) = with_headers(variant, problem, answer);
                (
                    problem,
                    quote!(#code.status()),
                    quote!(answers.push(#answer);),
                )
            }
            Kind::Internal(span) => (
                quote_spanned!(*span=> ::unkey_errors::Problem::internal(self)),
                quote!(::unkey_errors::http::StatusCode::INTERNAL_SERVER_ERROR),
                quote! {
                    answers.push(::unkey_errors::answer::Answer::for_code(
                        ::unkey_errors::ErrorCode::ApplicationUnexpectedError,
                    ));
                },
            ),
            Kind::Transparent(_) => {
                let Some(Field { binding, ty, .. }) = variant.fields.first() else {
                    continue; // refused by `valid`
                };
                (
                    // The type spelled out at its span: an error for a field that is no
                    // ToProblem points at the field, once.
                    quote_spanned!(ty.span()=> <#ty as ::unkey_errors::ToProblem>::to_problem(#binding)),
                    quote_spanned!(ty.span()=> <#ty as ::unkey_errors::ToProblem>::status(#binding)),
                    quote_spanned! {ty.span()=>
                        answers.extend(<#ty as ::unkey_errors::ToProblem>::answers());
                    },
                )
            }
        };
        problem_arms.push(quote!(#pattern => #problem,));
        status_arms.push(quote!(#pattern => #status,));
        answers.push(answer);
    }
    let (problem_body, status_body) = if input.variants.is_empty() {
        (quote!(match *self {}), quote!(match *self {}))
    } else {
        (
            quote!(match self { #(#problem_arms)* }),
            quote!(match self { #(#status_arms)* }),
        )
    };

    quote! {
        #[automatically_derived]
        impl #impl_generics ::unkey_errors::ToProblem for #self_ty
        where
            #(#bounds,)*
        {
            #[allow(unused_variables)]
            fn to_problem(&self) -> ::unkey_errors::Problem {
                // Checked here, not only as a bound: a bound a type does not meet would
                // quietly leave the impl out.
                fn debug_and_display<T: ?Sized + ::core::fmt::Debug + ::core::fmt::Display>(_: &T) {}
                debug_and_display(self);
                #problem_body
            }

            #[allow(unused_variables)]
            fn status(&self) -> ::unkey_errors::http::StatusCode {
                #status_body
            }

            fn answers() -> ::std::vec::Vec<::unkey_errors::answer::Answer> {
                let mut answers = ::std::vec::Vec::new();
                #(#answers)*
                answers
            }
        }

        ::unkey_errors::__problem_responses!({#impl_generics} {#self_ty} {#(#own_bounds,)*} [#(#frameworks)*]);
    }
}

/// The pattern of a variant, binding every field by its binding name.
fn pattern(input: &Input<'_>, variant: &Variant<'_>) -> TokenStream {
    let path = match variant.ident {
        Some(ident) if input.is_enum => quote!(Self::#ident),
        _ => quote!(Self),
    };
    let bindings = variant.fields.iter().map(|f| &f.binding);
    match variant.style {
        Style::Named => quote!(#path { #(#bindings),* }),
        Style::Tuple => quote!(#path(#(#bindings),*)),
        Style::Unit => path,
    }
}

/// The detail: the `detail = "..."` format string over the fields, or the value's `Display`.
fn detail(variant: &Variant<'_>) -> TokenStream {
    let Some(lit) = variant.attr.as_ref().and_then(|attr| attr.detail.as_ref()) else {
        return quote!(::std::format!("{}", self));
    };
    // Checked by `valid`; named arguments rather than captures, which a format string made by
    // a macro may not use.
    let (format, bindings) = detail_format(lit, variant).unwrap_or_default();
    let format = LitStr::new(&format, lit.span());
    let mut named: Vec<&syn::Ident> = Vec::new();
    for binding in &bindings {
        if let Some(field) = variant.fields.iter().find(|f| f.binding == binding)
            && !named.contains(&&field.binding)
        {
            named.push(&field.binding);
        }
    }
    quote!(::std::format!(#format #(, #named = #named)*))
}

/// The bounds of the `ToProblem` impl: the type's own, and for a generic type what the
/// expansion uses (`Display` for a detail taken from it, `Error` for `internal`, `ToProblem`
/// for a transparent field whose type names a parameter).
fn bounds(
    input: &Input<'_>,
    self_ty: &TokenStream,
    mut bounds: Vec<TokenStream>,
) -> Vec<TokenStream> {
    let params: Vec<String> = input
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(param) => Some(param.ident.to_string()),
            _ => None,
        })
        .collect();
    if input.generics.params.is_empty() {
        return bounds;
    }
    let kinds = || {
        input.variants.iter().filter_map(|v| {
            v.attr
                .as_ref()
                .and_then(|a| a.kind.as_ref().map(|k| (v, a, k)))
        })
    };
    if kinds().any(|(_, _, kind)| matches!(kind, Kind::Internal(_))) {
        bounds.push(quote!(#self_ty: ::std::error::Error));
    }
    for (variant, _, kind) in kinds() {
        if let (Kind::Transparent(_), Some(field)) = (kind, variant.fields.first())
            && names_a_param(field.ty, &params)
        {
            let ty = field.ty;
            bounds.push(quote!(#ty: ::unkey_errors::ToProblem));
        }
    }
    bounds
}

fn names_a_param(ty: &Type, params: &[String]) -> bool {
    fn walk(tokens: TokenStream, params: &[String]) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => params.contains(&ident.to_string()),
            proc_macro2::TokenTree::Group(group) => walk(group.stream(), params),
            _ => false,
        })
    }
    walk(ty.to_token_stream(), params)
}

/// The problem and the answer of a variant with a code, with the headers its
/// `retry_after = ...`, `rate_limit = ...` and `gateway_rate_limit = ...` fields give. Each
/// field's type is checked at the attribute: a field of the wrong type is one error there,
/// naming the type expected.
fn with_headers(
    variant: &Variant<'_>,
    mut problem: TokenStream,
    mut answer: TokenStream,
) -> (TokenStream, TokenStream) {
    let attr = variant.attr.as_ref();
    // Each field: its attribute, the method that adds its headers (the problem's and the
    // answer's have one name), and the `__private` check of the field's type.
    let fields = [
        (
            attr.and_then(|a| a.retry_after.as_ref()),
            "with_retry_after",
            "retry_after",
        ),
        (
            attr.and_then(|a| a.rate_limit.as_ref()),
            "with_rate_limit",
            "rate_limit",
        ),
        (
            attr.and_then(|a| a.gateway_rate_limit.as_ref()),
            "with_gateway_rate_limit",
            "rate_limit",
        ),
    ];
    for (member, with, check) in fields {
        if let Some(member) = member
            && let Some(field) = field_of(member, variant)
        {
            // The binding, method and check at the attribute's span, so that a type error is
            // there.
            let span = member.span();
            let binding = syn::Ident::new(&field.binding.to_string(), span);
            let (with_problem, check) = (syn::Ident::new(with, span), syn::Ident::new(check, span));
            problem = quote_spanned! {span=>
                #problem.#with_problem(*::unkey_errors::__private::#check(#binding))
            };
            let with_answer = syn::Ident::new(with, proc_macro2::Span::call_site());
            answer = quote!(#answer.#with_answer());
        }
    }
    (problem, answer)
}

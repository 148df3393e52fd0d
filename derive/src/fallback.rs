//! What the derive writes when its input is wrong: the error, and impls of `ToProblem` and
//! `From<T> for Problem` that are never run, so that one mistake is one error, at the
//! attribute, not another at every handler, `?` and `.into()` that uses the type (as
//! thiserror's `fallback.rs` does).

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn expand(input: &DeriveInput, error: &syn::Error) -> TokenStream {
    let error = error.to_compile_error();
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #error

        #[allow(unreachable_code)]
        #[automatically_derived]
        impl #impl_generics ::unkey_errors::ToProblem for #ident #ty_generics #where_clause {
            fn to_problem(&self) -> ::unkey_errors::Problem {
                ::core::unreachable!("#[derive(ToProblem)] failed: see the compile error")
            }

            fn answers() -> ::std::vec::Vec<::unkey_errors::answer::Answer> {
                ::core::unreachable!("#[derive(ToProblem)] failed: see the compile error")
            }
        }

        #[allow(unreachable_code)]
        #[automatically_derived]
        impl #impl_generics ::core::convert::From<#ident #ty_generics> for ::unkey_errors::Problem
        #where_clause
        {
            fn from(_: #ident #ty_generics) -> Self {
                ::core::unreachable!("#[derive(ToProblem)] failed: see the compile error")
            }
        }
    }
}

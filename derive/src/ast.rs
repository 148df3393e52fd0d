//! The input, read into what the derive needs: the variants (a struct is one), their fields
//! and their attributes.

use proc_macro2::Span;
use quote::format_ident;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Member, Type};

use crate::attr;

pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) is_enum: bool,
    /// A struct is one variant, whose path is `Self`.
    pub(crate) variants: Vec<Variant<'a>>,
    /// `#[problem(responses(...))]`: the frameworks to write responses for.
    pub(crate) responses: Vec<Ident>,
}

pub(crate) struct Variant<'a> {
    /// `None` for a struct.
    pub(crate) ident: Option<&'a Ident>,
    pub(crate) style: Style,
    pub(crate) fields: Vec<Field<'a>>,
    pub(crate) attr: Option<attr::Problem>,
    /// Where to point errors about the variant as a whole.
    pub(crate) span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Named,
    Tuple,
    Unit,
}

pub(crate) struct Field<'a> {
    pub(crate) member: Member,
    /// The name the field is bound to in a pattern: its own, or `_0`, `_1`...
    pub(crate) binding: Ident,
    pub(crate) ty: &'a Type,
    /// The span of its `#[problem(errors)]`, if it has one.
    pub(crate) errors: Option<Span>,
}

impl<'a> Input<'a> {
    pub(crate) fn from_syn(input: &'a DeriveInput) -> syn::Result<Self> {
        let variants = match &input.data {
            Data::Enum(data) => data
                .variants
                .iter()
                .map(|variant| {
                    Variant::new(
                        Some(&variant.ident),
                        &variant.fields,
                        attr::problem(&variant.attrs)?,
                        variant.ident.span(),
                    )
                })
                .collect::<syn::Result<_>>()?,
            Data::Struct(data) => vec![Variant::new(
                None,
                &data.fields,
                attr::problem(&input.attrs)?,
                input.ident.span(),
            )?],
            Data::Union(data) => {
                return Err(syn::Error::new(
                    data.union_token.span(),
                    "ToProblem is derived for enums and structs, not unions",
                ))
            }
        };
        if matches!(input.data, Data::Enum(_))
            && let Some(attr) = input
                .attrs
                .iter()
                .find(|a| a.path().is_ident("problem") && !attr::is_responses(a))
        {
            return Err(syn::Error::new(
                attr.path().span(),
                "#[problem(...)] goes on each variant of an enum, not on the enum \
                     (only #[problem(responses(...))] goes on the enum)",
            ));
        }
        Ok(Self {
            ident: &input.ident,
            generics: &input.generics,
            is_enum: matches!(input.data, Data::Enum(_)),
            variants,
            responses: attr::responses(&input.attrs)?,
        })
    }
}

impl<'a> Variant<'a> {
    fn new(
        ident: Option<&'a Ident>,
        fields: &'a Fields,
        attr: Option<attr::Problem>,
        span: Span,
    ) -> syn::Result<Self> {
        let style = match fields {
            Fields::Named(_) => Style::Named,
            Fields::Unnamed(_) => Style::Tuple,
            Fields::Unit => Style::Unit,
        };
        let fields = fields
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let (member, binding) = match &field.ident {
                    Some(ident) => (Member::Named(ident.clone()), ident.clone()),
                    None => (Member::Unnamed(index.into()), format_ident!("_{index}")),
                };
                Ok(Field {
                    member,
                    binding,
                    ty: &field.ty,
                    errors: attr::field(&field.attrs)?,
                })
            })
            .collect::<syn::Result<_>>()?;
        Ok(Self {
            ident,
            style,
            fields,
            attr,
            span,
        })
    }
}

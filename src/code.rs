//! The error-code catalogue: [`ErrorCode`], generated from one declarative table.

use std::fmt;
use std::str::FromStr;

use http::StatusCode;

/// The prefix of the documented `type` URL (the errors-v2 documentation), which
/// [`ErrorCode::type_url`] and [`Problem::new`](crate::Problem::new) use.
pub const DOCUMENTED_TYPE_URL_PREFIX: &str = "https://unkey.com/docs/api-reference/errors-v2/";

/// The prefix of the current documentation page of a code (live since 2025-07), which
/// [`ErrorCode::page_url`] uses and today's live server puts in `type`.
pub const CURRENT_DOCS_URL_PREFIX: &str = "https://unkey.com/docs/errors/";

/// The prefix of a code's URN, the server's internal id (`err:unkey:authorization:forbidden`).
pub const URN_PREFIX: &str = "err:";

/// Where a code's documented [`status`](ErrorCode::status) and [`title`](ErrorCode::title) come
/// from.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[non_exhaustive]
pub enum StatusSource {
    /// The code's documented example response.
    DocumentedExample,
    /// The API server's own mapping (the code has no documented example).
    ApiServerMapping,
    /// The frontline gateway's mapping (the `frontline/...` codes).
    FrontlineGatewayMapping,
}

impl StatusSource {
    /// The catalogue's name for this source, e.g. `"documented example"`.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, code::StatusSource};
    /// assert_eq!(ErrorCode::AuthorizationForbidden.status_source(), StatusSource::DocumentedExample);
    /// assert_eq!(StatusSource::DocumentedExample.as_str(), "documented example");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::DocumentedExample => "documented example",
            Self::ApiServerMapping => "api server mapping",
            Self::FrontlineGatewayMapping => "frontline gateway mapping",
        }
    }
}

impl fmt::Display for StatusSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Turns a status literal of the table into a [`StatusCode`]. Every literal in the table is in
/// `100..=999` (checked by the crate's tests), so the fallback is never taken.
/// A status of the table: every one is checked to be 100 to 999 when the crate compiles (the
/// `const` assertion `error_codes!` writes), so `http` takes it.
fn status_code(n: u16) -> StatusCode {
    #[allow(clippy::expect_used)]
    StatusCode::from_u16(n)
        .expect("invariant: the table's statuses are checked 100..=999 at compile time")
}

/// Defines [`ErrorCode`] and everything derived from the catalogue from full rows, one per
/// code, `description, Variant = (system, category, specific), documented status and title,
/// server status and title, status source, reviewed description fingerprint, errors array,
/// errors-v2 era`, which `catalogue!` writes from its entries.
macro_rules! error_codes {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = ($system:literal, $category:literal, $specific:literal),
        $status:literal $title:literal,
        server $server_status:literal $server_title:literal,
        $source:ident,
        reviewed: $reviewed:literal,
        errors_array: $errors_array:literal,
        errors_v2: $errors_v2:literal;
    )*) => {
        /// One code of Unkey's error catalogue.
        ///
        /// A code has three parts, system (`unkey`, `user`, `frontline`), category and specific
        /// name, and is written four ways; [`FromStr`] accepts all of them:
        ///
        /// | form | method | example |
        /// |---|---|---|
        /// | path | [`as_str`](Self::as_str), [`Display`](fmt::Display) | `unkey/authorization/forbidden` |
        /// | URN | [`urn`](Self::urn) | `err:unkey:authorization:forbidden` |
        /// | documented type URL | [`type_url`](Self::type_url) | `https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden` |
        /// | current docs URL | [`page_url`](Self::page_url) | `https://unkey.com/docs/errors/unkey/authorization/forbidden` |
        ///
        /// A variant's name is its category and specific name in `PascalCase`:
        /// `unkey/authorization/forbidden` is [`AuthorizationForbidden`](Self::AuthorizationForbidden),
        /// `user/bad_request/request_timeout` is [`BadRequestRequestTimeout`](Self::BadRequestRequestTimeout).
        /// A code whose name an earlier code already has (the same category and name in another
        /// system) gets its system's name in front: a future `user/data/key_not_found` would be
        /// `UserDataKeyNotFound`, beside `DataKeyNotFound`. Names never change once given, and two
        /// rows of one name are a build error (E0428), as two rows of one path are.
        ///
        /// [`status`](Self::status) and [`title`](Self::title) are the documented values; the
        /// live server's own mapping, which differs for 11 codes, is
        /// [`live_status`](Self::live_status) and [`live_title`](Self::live_title).
        ///
        /// `#[non_exhaustive]`: Unkey adds codes over time, and a new code is a minor release of
        /// this crate. Match with a wildcard arm, and keep unknown codes as strings (a
        /// [`Problem`](crate::Problem) does: its [`code`](crate::Problem::code) is `None`).
        ///
        /// ```
        /// use unkey_errors::ErrorCode;
        ///
        /// let code: ErrorCode = "err:unkey:authorization:forbidden".parse()?;
        /// assert_eq!(code, ErrorCode::AuthorizationForbidden);
        /// assert_eq!(code.to_string(), "unkey/authorization/forbidden");
        /// assert_eq!(code.status(), http::StatusCode::FORBIDDEN);
        /// assert_eq!(code.title(), "Forbidden");
        /// # Ok::<(), unkey_errors::code::ParseCodeError>(())
        /// ```
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $(
                $(#[doc = $doc])+
                #[doc = ""]
                #[doc = concat!("`", $system, "/", $category, "/", $specific, "`: **", $status, " ", $title, "**.")]
                #[doc = ""]
                #[doc = concat!("Live server: ", $server_status, " ", $server_title, ". Documentation: <", "https://unkey.com/docs/errors/", $system, "/", $category, "/", $specific, ">.")]
                $variant,
            )*
        }

        // Every status of the table, documented and live, is one `http` takes: checked here, at
        // compile time, so that `status()` never meets a bad one.
        const _: () = {
            $(
                assert!($status >= 100 && $status <= 999, concat!("a status of ", stringify!($variant), " is not 100..=999"));
                assert!($server_status >= 100 && $server_status <= 999, concat!("a live status of ", stringify!($variant), " is not 100..=999"));
            )*
        };

        impl ErrorCode {
            /// Every code, in catalogue order.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert!(ErrorCode::ALL.contains(&ErrorCode::AuthorizationForbidden));
            /// assert_eq!(ErrorCode::ALL.first(), Some(&ErrorCode::BadRequestMissingRequiredHeader));
            /// ```
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The path form, e.g. `"unkey/authorization/forbidden"`; [`Display`](fmt::Display)
            /// writes the same.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::AuthorizationForbidden.as_str(), "unkey/authorization/forbidden");
            /// ```
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!($system, "/", $category, "/", $specific),)*
                }
            }

            /// The URN, the server's internal id, e.g. `"err:unkey:authorization:forbidden"`.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::AuthorizationForbidden.urn(), "err:unkey:authorization:forbidden");
            /// ```
            #[must_use]
            pub const fn urn(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!("err:", $system, ":", $category, ":", $specific),)*
                }
            }

            /// The system: `"unkey"`, `"user"` or `"frontline"`.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::AuthorizationForbidden.system(), "unkey");
            /// ```
            #[must_use]
            pub const fn system(self) -> &'static str {
                match self {
                    $(Self::$variant => $system,)*
                }
            }

            /// The category, e.g. `"authorization"`.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::AuthorizationForbidden.category(), "authorization");
            /// ```
            #[must_use]
            pub const fn category(self) -> &'static str {
                match self {
                    $(Self::$variant => $category,)*
                }
            }

            /// The specific name, e.g. `"forbidden"`.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::AuthorizationForbidden.specific(), "forbidden");
            /// ```
            #[must_use]
            pub const fn specific(self) -> &'static str {
                match self {
                    $(Self::$variant => $specific,)*
                }
            }

            /// The documented HTTP status, which [`Problem::new`](crate::Problem::new) uses.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// use http::StatusCode;
            /// assert_eq!(ErrorCode::ApplicationProtectedResource.status(), StatusCode::FORBIDDEN);
            /// ```
            #[must_use]
            pub fn status(self) -> StatusCode {
                status_code(self.status_u16())
            }

            /// The documented status as a number.
            pub(crate) const fn status_u16(self) -> u16 {
                match self {
                    $(Self::$variant => $status,)*
                }
            }

            /// The documented title, e.g. `"Forbidden"`.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::ApplicationProtectedResource.title(), "Forbidden");
            /// ```
            #[must_use]
            pub const fn title(self) -> &'static str {
                match self {
                    $(Self::$variant => $title,)*
                }
            }

            /// The status today's live API server sends for this code; differs from
            /// [`status`](Self::status) for some codes.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// use http::StatusCode;
            /// let code = ErrorCode::ApplicationProtectedResource;
            /// assert_eq!(code.live_status(), StatusCode::PRECONDITION_FAILED);
            /// ```
            #[must_use]
            pub fn live_status(self) -> StatusCode {
                status_code(match self {
                    $(Self::$variant => $server_status,)*
                })
            }

            /// The title today's live API server sends for this code; differs from
            /// [`title`](Self::title) for some codes.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::ApplicationProtectedResource.live_title(), "Resource is protected");
            /// ```
            #[must_use]
            pub const fn live_title(self) -> &'static str {
                match self {
                    $(Self::$variant => $server_title,)*
                }
            }

            /// The documented type URL (errors-v2 documentation), what `type` carries in the
            /// documented examples and in a [`Problem::new`](crate::Problem::new).
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(
            ///     ErrorCode::AuthorizationForbidden.type_url(),
            ///     "https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden",
            /// );
            /// ```
            #[must_use]
            pub const fn type_url(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!("https://unkey.com/docs/api-reference/errors-v2/", $system, "/", $category, "/", $specific),)*
                }
            }

            /// The code's current documentation page, which today's live server also puts in
            /// `type`.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(
            ///     ErrorCode::AuthorizationForbidden.page_url(),
            ///     "https://unkey.com/docs/errors/unkey/authorization/forbidden",
            /// );
            /// ```
            #[must_use]
            pub const fn page_url(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!("https://unkey.com/docs/errors/", $system, "/", $category, "/", $specific),)*
                }
            }

            /// The four written forms, in the order path, URN, documented type URL, current
            /// docs URL; each parses back to this code.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// let code = ErrorCode::AuthorizationForbidden;
            /// for form in code.forms() {
            ///     assert_eq!(form.parse::<ErrorCode>()?, code);
            /// }
            /// assert_eq!(code.forms()[1], "err:unkey:authorization:forbidden");
            /// # Ok::<(), unkey_errors::code::ParseCodeError>(())
            /// ```
            #[must_use]
            pub const fn forms(self) -> [&'static str; 4] {
                [self.as_str(), self.urn(), self.type_url(), self.page_url()]
            }

            /// Whether a response with this code carries the validation `errors` array (the
            /// API's 400, 408, 413 and 499 responses). [`Problem::new`](crate::Problem::new)
            /// gives such a problem an empty array.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert!(ErrorCode::ApplicationInvalidInput.has_errors_array());
            /// assert!(!ErrorCode::AuthorizationForbidden.has_errors_array());
            /// ```
            #[must_use]
            pub const fn has_errors_array(self) -> bool {
                match self {
                    $(Self::$variant => $errors_array,)*
                }
            }

            /// Whether the code already existed in the errors-v2 documentation (2025).
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert!(ErrorCode::AuthorizationForbidden.in_errors_v2_docs());
            /// assert!(!ErrorCode::DataProjectNotFound.in_errors_v2_docs());
            /// ```
            #[must_use]
            pub const fn in_errors_v2_docs(self) -> bool {
                match self {
                    $(Self::$variant => $errors_v2,)*
                }
            }

            /// What the code means, in one sentence of this crate's own words (the first line
            /// of the variant's documentation). Unkey's page for the code,
            /// [`page_url`](Self::page_url), says more.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(
            ///     ErrorCode::DataKeyNotFound.description(),
            ///     "No key with the given id exists in the workspace."
            /// );
            /// ```
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!($($doc),+).trim_ascii(),)*
                }
            }

            /// The fingerprint of the description on Unkey's page for the code, as it was when
            /// [`description`](Self::description) was last checked against it.
            pub(crate) const fn reviewed_description(self) -> u64 {
                match self {
                    $(Self::$variant => $reviewed,)*
                }
            }

            /// Where [`status`](Self::status) and [`title`](Self::title) come from.
            ///
            /// ```
            /// use unkey_errors::{ErrorCode, code::StatusSource};
            /// assert_eq!(ErrorCode::ClientRateLimited.status_source(), StatusSource::FrontlineGatewayMapping);
            /// ```
            #[must_use]
            pub const fn status_source(self) -> StatusSource {
                match self {
                    $(Self::$variant => StatusSource::$source,)*
                }
            }

            /// `"status":403,"title":"Forbidden","type":"https://..."`: the documented status,
            /// title and type as compact JSON, written ahead of time for the fast serializer.
            pub(crate) const fn documented_json(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!(
                        "\"status\":", $status, ",\"title\":\"", $title,
                        "\",\"type\":\"https://unkey.com/docs/api-reference/errors-v2/",
                        $system, "/", $category, "/", $specific, "\""
                    ),)*
                }
            }

            /// The code whose path form is exactly `path`: a plain `match` on the path strings,
            /// without allocating. [`FromStr`] accepts every form; this is the fastest lookup
            /// when the input is known to be a path.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::from_path("unkey/data/key_not_found"), Some(ErrorCode::DataKeyNotFound));
            /// assert_eq!(ErrorCode::from_path("err:unkey:data:key_not_found"), None);
            /// ```
            #[must_use]
            // Two rows of one path would make an arm unreachable: a build error, not a warning.
            #[deny(unreachable_patterns)]
            pub fn from_path(path: &str) -> Option<Self> {
                match path {
                    $(concat!($system, "/", $category, "/", $specific) => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// The code whose URN is `urn`, exactly; no allocation.
            pub(crate) fn from_urn(urn: &str) -> Option<Self> {
                match urn {
                    $(concat!("err:", $system, ":", $category, ":", $specific) => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

/// The catalogue, one entry per code:
///
/// ```text
/// /// What the code means, in the crate's own words (one sentence).
/// #[reviewed(0x…)]
/// (system, category, name) => Variant: documented status and title, where the status comes from
/// ```
///
/// and, only where they apply, `live STATUS "Title"` (the live server's mapping, where it
/// differs from the documented one), `errors_array` (the responses carry the validation
/// `errors` array) and `errors_v2` (documented in the errors-v2 era). `reviewed` is the
/// fingerprint of the description on Unkey's page for the code when the crate's own was last
/// checked against it (`unkey-errors codes --compare` prints the page's new text and
/// fingerprint when it changes). A new code is one entry; everything else about it
/// ([`ErrorCode`], its methods, docs and lookups) is made from it.
///
/// This front end fills in the defaults and hands [`error_codes!`] one full row per code.
macro_rules! catalogue {
    (@rows [$($out:tt)*]) => {
        error_codes! { $($out)* }
    };
    (@rows [$($out:tt)*]
        $(#[doc = $doc:literal])+ #[reviewed($reviewed:literal)]
        ($system:literal, $category:literal, $specific:literal) => $variant:ident:
        $status:literal $title:literal, $source:ident, live $live_status:literal $live_title:literal
        $(, $flag:ident)*; $($rest:tt)*
    ) => {
        catalogue!(@flags [$($out)*]
            [$(#[doc = $doc])+ $variant = ($system, $category, $specific), $status $title,
             server $live_status $live_title, $source, reviewed: $reviewed,]
            [false false] [$($flag)*] $($rest)*);
    };
    (@rows [$($out:tt)*]
        $(#[doc = $doc:literal])+ #[reviewed($reviewed:literal)]
        ($system:literal, $category:literal, $specific:literal) => $variant:ident:
        $status:literal $title:literal, $source:ident $(, $flag:ident)*; $($rest:tt)*
    ) => {
        catalogue!(@flags [$($out)*]
            [$(#[doc = $doc])+ $variant = ($system, $category, $specific), $status $title,
             server $status $title, $source, reviewed: $reviewed,]
            [false false] [$($flag)*] $($rest)*);
    };
    (@flags [$($out:tt)*] [$($row:tt)*] [$errors_array:tt $errors_v2:tt] [] $($rest:tt)*) => {
        catalogue!(@rows [$($out)* $($row)* errors_array: $errors_array, errors_v2: $errors_v2;]
            $($rest)*);
    };
    (@flags $out:tt $row:tt [$errors_array:tt $errors_v2:tt] [errors_array $($more:ident)*]
        $($rest:tt)*) => {
        catalogue!(@flags $out $row [true $errors_v2] [$($more)*] $($rest)*);
    };
    (@flags $out:tt $row:tt [$errors_array:tt $errors_v2:tt] [errors_v2 $($more:ident)*]
        $($rest:tt)*) => {
        catalogue!(@flags $out $row [$errors_array true] [$($more)*] $($rest)*);
    };
    ($($entries:tt)*) => {
        catalogue!(@rows [] $($entries)*);
    };
}

catalogue! {
    /// A header the endpoint needs is not in the request.
    #[reviewed(0xd3a2_d1d6_654a_17a7)]
    ("user", "bad_request", "missing_required_header") => BadRequestMissingRequiredHeader: 500 "Internal Server Error", ApiServerMapping;
    /// The permissions query given to a key verification cannot be parsed.
    #[reviewed(0xc313_26f1_74c5_0562)]
    ("user", "bad_request", "permissions_query_syntax_error") => BadRequestPermissionsQuerySyntaxError: 400 "Bad Request", DocumentedExample, errors_array, errors_v2;
    /// The request body is larger than the API accepts.
    #[reviewed(0xcc26_dead_94d2_c8b6)]
    ("user", "bad_request", "request_body_too_large") => BadRequestRequestBodyTooLarge: 413 "Request Entity Too Large", DocumentedExample, errors_array;
    /// The server could not read the request body (invalid JSON, a bad encoding or a broken connection).
    #[reviewed(0xa258_07cf_b57f_7184)]
    ("user", "bad_request", "request_body_unreadable") => BadRequestRequestBodyUnreadable: 400 "Bad Request", DocumentedExample, errors_array;
    /// The request took longer than the server allows and was abandoned.
    #[reviewed(0xdc7e_3c61_2dd6_4928)]
    ("user", "bad_request", "request_timeout") => BadRequestRequestTimeout: 408 "Request Timeout", DocumentedExample, errors_array;
    /// The client went away before the server had finished with the request.
    #[reviewed(0xcc18_17b5_ed75_e1d9)]
    ("user", "bad_request", "client_closed_request") => BadRequestClientClosedRequest: 499 "Client Closed Request", DocumentedExample, errors_array;
    /// The analytics query is not valid SQL.
    #[reviewed(0x5f07_3820_5578_a0a4)]
    ("user", "bad_request", "invalid_analytics_query") => BadRequestInvalidAnalyticsQuery: 400 "Bad Request", DocumentedExample, errors_array;
    /// The analytics query reads a table that does not exist or may not be queried.
    #[reviewed(0x9a05_a580_af62_ef24)]
    ("user", "bad_request", "invalid_analytics_table") => BadRequestInvalidAnalyticsTable: 400 "Bad Request", DocumentedExample, errors_array;
    /// The analytics query calls a SQL function that is not on the allowed list.
    #[reviewed(0xba44_5371_3b94_b834)]
    ("user", "bad_request", "invalid_analytics_function") => BadRequestInvalidAnalyticsFunction: 400 "Bad Request", DocumentedExample, errors_array;
    /// The analytics query is not a SELECT; only reads are allowed.
    #[reviewed(0x1875_707a_6621_638f)]
    ("user", "bad_request", "invalid_analytics_query_type") => BadRequestInvalidAnalyticsQueryType: 400 "Bad Request", DocumentedExample, errors_array;
    /// The analytics query asks for data from before the workspace's retention window.
    #[reviewed(0x0fba_2629_66dd_1dbe)]
    ("user", "bad_request", "query_range_exceeds_retention") => BadRequestQueryRangeExceedsRetention: 400 "Bad Request", ApiServerMapping, errors_array;
    /// The analytics query ran longer than its time limit.
    #[reviewed(0x4176_22e7_9541_a166)]
    ("user", "unprocessable_entity", "query_execution_timeout") => UnprocessableEntityQueryExecutionTimeout: 422 "Unprocessable Entity", DocumentedExample;
    /// The analytics query needed more memory, or returned more data, than it may.
    #[reviewed(0xb150_2643_ef69_0c21)]
    ("user", "unprocessable_entity", "query_memory_limit_exceeded") => UnprocessableEntityQueryMemoryLimitExceeded: 422 "Unprocessable Entity", DocumentedExample;
    /// The analytics query would read more rows than it may.
    #[reviewed(0x1e2c_24fc_1cd0_40fe)]
    ("user", "unprocessable_entity", "query_rows_limit_exceeded") => UnprocessableEntityQueryRowsLimitExceeded: 422 "Unprocessable Entity", DocumentedExample;
    /// The workspace has used up its analytics query quota for the current window.
    #[reviewed(0xfb72_a454_42d4_c788)]
    ("user", "too_many_requests", "query_quota_exceeded") => TooManyRequestsQueryQuotaExceeded: 429 "Too Many Requests", DocumentedExample;
    /// The workspace has made more API calls than its rate limit allows in the current window.
    #[reviewed(0x3492_4466_5f19_0ae1)]
    ("user", "too_many_requests", "workspace_rate_limited") => TooManyRequestsWorkspaceRateLimited: 429 "Too Many Requests", DocumentedExample;
    /// The request carries no root key (no `Authorization: Bearer ...` header).
    #[reviewed(0xc7d0_73f9_84b9_2cb7)]
    ("unkey", "authentication", "missing") => AuthenticationMissing: 401 "Unauthorized", DocumentedExample, live 400 "Bad Request", errors_v2;
    /// The `Authorization` header is there but is not a well-formed bearer token.
    #[reviewed(0x830e_0981_5afc_9ed8)]
    ("unkey", "authentication", "malformed") => AuthenticationMalformed: 401 "Unauthorized", DocumentedExample, live 400 "Bad Request", errors_v2;
    /// The root key the request authenticates with does not exist (never created, or deleted).
    #[reviewed(0x5898_98f5_be4c_c356)]
    ("unkey", "authentication", "key_not_found") => AuthenticationKeyNotFound: 401 "Unauthorized", DocumentedExample, errors_v2;
    /// The root key is valid but lacks a permission the operation needs.
    #[reviewed(0xa795_21a7_2d18_f945)]
    ("unkey", "authorization", "insufficient_permissions") => AuthorizationInsufficientPermissions: 403 "Forbidden", DocumentedExample, live 403 "Insufficient Permissions", errors_v2;
    /// The caller may not perform this operation on this resource.
    #[reviewed(0x17c7_e3ed_a657_2e6d)]
    ("unkey", "authorization", "forbidden") => AuthorizationForbidden: 403 "Forbidden", DocumentedExample, errors_v2;
    /// The root key the request authenticates with is disabled.
    #[reviewed(0x3d62_db9b_63a2_104d)]
    ("unkey", "authorization", "key_disabled") => AuthorizationKeyDisabled: 403 "Forbidden", DocumentedExample, live 403 "Key is disabled", errors_v2;
    /// The workspace the request belongs to is disabled.
    #[reviewed(0x283f_7d81_0480_3cad)]
    ("unkey", "authorization", "workspace_disabled") => AuthorizationWorkspaceDisabled: 403 "Forbidden", DocumentedExample, live 403 "Workspace is disabled", errors_v2;
    /// No key with the given id exists in the workspace.
    #[reviewed(0xcb1e_ef69_8d80_5e3d)]
    ("unkey", "data", "key_not_found") => DataKeyNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// The workspace the request refers to does not exist.
    #[reviewed(0x6d0e_ca13_82dd_4b75)]
    ("unkey", "data", "workspace_not_found") => DataWorkspaceNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// No API with the given id exists in the workspace.
    #[reviewed(0x6a04_825a_0d47_41f6)]
    ("unkey", "data", "api_not_found") => DataApiNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// No project with the given id exists in the workspace.
    #[reviewed(0x8c53_e9d7_5ed7_0c0a)]
    ("unkey", "data", "project_not_found") => DataProjectNotFound: 404 "Not Found", DocumentedExample;
    /// A project of that name already exists.
    #[reviewed(0x4b07_a314_37f6_32ae)]
    ("unkey", "data", "project_already_exists") => DataProjectAlreadyExists: 409 "Conflicting Resource", ApiServerMapping;
    /// An app of that name already exists.
    #[reviewed(0x8e5c_a7fc_3cb7_a534)]
    ("unkey", "data", "app_already_exists") => DataAppAlreadyExists: 409 "Conflicting Resource", ApiServerMapping;
    /// No app with the given id exists in the workspace.
    #[reviewed(0xc1aa_721c_87f7_cccc)]
    ("unkey", "data", "app_not_found") => DataAppNotFound: 404 "Not Found", DocumentedExample;
    /// No environment with the given id exists.
    #[reviewed(0x1d3c_f3b8_3d8c_fefb)]
    ("unkey", "data", "environment_not_found") => DataEnvironmentNotFound: 404 "Not Found", ApiServerMapping;
    /// The custom domain is already attached to the workspace.
    #[reviewed(0x995a_2edf_ed7d_a355)]
    ("unkey", "data", "domain_already_exists") => DataDomainAlreadyExists: 409 "Conflicting Resource", ApiServerMapping;
    /// No custom domain with the given name or id exists.
    #[reviewed(0xad11_5db1_c1a8_5d54)]
    ("unkey", "data", "domain_not_found") => DataDomainNotFound: 404 "Not Found", ApiServerMapping;
    /// No deployment with the given id exists.
    #[reviewed(0x6e16_c1a2_ff60_4f7b)]
    ("unkey", "data", "deployment_not_found") => DataDeploymentNotFound: 404 "Not Found", ApiServerMapping;
    /// No policy with the given id exists.
    #[reviewed(0x306c_54e1_3070_ca6a)]
    ("unkey", "data", "policy_not_found") => DataPolicyNotFound: 404 "Not Found", ApiServerMapping;
    /// No key migration with the given id exists in the workspace.
    #[reviewed(0xd9c0_2c7a_5808_c1cf)]
    ("unkey", "data", "migration_not_found") => DataMigrationNotFound: 404 "Not Found", DocumentedExample;
    /// No key space with the given id exists in the workspace.
    #[reviewed(0x2e15_8b8c_5b81_9d0c)]
    ("unkey", "data", "key_space_not_found") => DataKeySpaceNotFound: 404 "Not Found", ApiServerMapping;
    /// A permission with the same slug already exists in the workspace.
    #[reviewed(0xf9a3_cec6_bcc4_0a77)]
    ("unkey", "data", "permission_already_exists") => DataPermissionAlreadyExists: 409 "Conflict", DocumentedExample, live 409 "Conflicting Resource";
    /// No permission with the given id or slug exists in the workspace.
    #[reviewed(0x3cd8_81ba_11c9_c835)]
    ("unkey", "data", "permission_not_found") => DataPermissionNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// A role with the same name already exists in the workspace.
    #[reviewed(0x4442_6962_94ad_f30d)]
    ("unkey", "data", "role_already_exists") => DataRoleAlreadyExists: 409 "Conflict", DocumentedExample, live 409 "Conflicting Resource";
    /// No role with the given id or name exists in the workspace.
    #[reviewed(0x3ff2_efb9_2e77_1796)]
    ("unkey", "data", "role_not_found") => DataRoleNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// No key-auth namespace with the given id exists in the workspace.
    #[reviewed(0xb88e_6d53_5c21_198d)]
    ("unkey", "data", "key_auth_not_found") => DataKeyAuthNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// No rate-limit namespace with the given id or name exists in the workspace.
    #[reviewed(0xe21a_bd55_b7a1_386a)]
    ("unkey", "data", "ratelimit_namespace_not_found") => DataRatelimitNamespaceNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// The rate-limit namespace existed but has been deleted.
    #[reviewed(0x5a61_16ff_293e_a272)]
    ("unkey", "data", "ratelimit_namespace_gone") => DataRatelimitNamespaceGone: 410 "Resource Gone", ApiServerMapping;
    /// No override for the given identifier exists in the rate-limit namespace.
    #[reviewed(0x9922_7e29_7dc8_31b7)]
    ("unkey", "data", "ratelimit_override_not_found") => DataRatelimitOverrideNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// No identity with the given id or external id exists in the workspace.
    #[reviewed(0xbf76_38a0_abe0_7b04)]
    ("unkey", "data", "identity_not_found") => DataIdentityNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// An identity with the same external id already exists in the workspace.
    #[reviewed(0xa90c_d547_a968_3ab7)]
    ("unkey", "data", "identity_already_exists") => DataIdentityAlreadyExists: 409 "Conflict", DocumentedExample, live 409 "Conflicting Resource", errors_v2;
    /// No audit-log entry with the given id exists (or it is past retention).
    #[reviewed(0xc92c_3d0d_1ff8_a634)]
    ("unkey", "data", "audit_log_not_found") => DataAuditLogNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    /// No portal with the given id or slug exists in the workspace.
    #[reviewed(0x2ce5_e69b_6bc7_7051)]
    ("unkey", "data", "portal_not_found") => DataPortalNotFound: 404 "Not Found", DocumentedExample;
    /// Analytics queries are not set up for the workspace.
    #[reviewed(0x8c6d_c3a9_f885_69cc)]
    ("unkey", "data", "analytics_not_configured") => DataAnalyticsNotConfigured: 412 "Precondition Failed", ApiServerMapping;
    /// The server could not reach the analytics database.
    #[reviewed(0x6ca3_62ac_c456_7731)]
    ("unkey", "data", "analytics_connection_failed") => DataAnalyticsConnectionFailed: 503 "Service Unavailable", ApiServerMapping;
    /// Unkey failed in a way it did not anticipate.
    #[reviewed(0x8254_1472_4ce0_b50b)]
    ("unkey", "application", "unexpected_error") => ApplicationUnexpectedError: 500 "Internal Server Error", DocumentedExample, errors_v2;
    /// A service Unkey depends on is unavailable for now; retry with backoff.
    #[reviewed(0x110d_ec82_9bd8_1196)]
    ("unkey", "application", "service_unavailable") => ApplicationServiceUnavailable: 503 "Service Unavailable", DocumentedExample, live 500 "Internal Server Error", errors_v2;
    /// The request was well-formed but a field failed validation; the `errors` array says which.
    #[reviewed(0x63aa_fcf3_9615_588a)]
    ("unkey", "application", "invalid_input") => ApplicationInvalidInput: 400 "Bad Request", DocumentedExample, errors_array, errors_v2;
    /// An internal consistency check inside Unkey failed.
    #[reviewed(0xd59c_f0b5_cd8d_09f5)]
    ("unkey", "application", "assertion_failed") => ApplicationAssertionFailed: 500 "Internal Server Error", DocumentedExample, errors_v2;
    /// The environment's runtime or region settings cannot be deployed, so the deployment is refused before it is built.
    #[reviewed(0x245b_35ce_4f0b_8973)]
    ("unkey", "application", "invalid_environment_settings") => ApplicationInvalidEnvironmentSettings: 400 "Bad Request", DocumentedExample, errors_array;
    /// The resource has delete protection turned on, so it cannot be changed or deleted.
    #[reviewed(0xc7d7_c277_7878_9591)]
    ("unkey", "application", "protected_resource") => ApplicationProtectedResource: 403 "Forbidden", DocumentedExample, live 412 "Resource is protected", errors_v2;
    /// The resource is not in the state the operation requires.
    #[reviewed(0x343c_2463_ffe8_be2e)]
    ("unkey", "application", "precondition_failed") => ApplicationPreconditionFailed: 412 "Precondition Failed", DocumentedExample, errors_v2;
    /// The deployment is not ready (or is shutting down), so it cannot be promoted or rolled back to.
    #[reviewed(0xc553_24f1_ec3a_d68b)]
    ("unkey", "application", "deployment_not_ready") => ApplicationDeploymentNotReady: 412 "Precondition Failed", DocumentedExample;
    /// The deployment is not in the production environment, and promote and rollback only act there.
    #[reviewed(0x5d77_fc74_5902_d962)]
    ("unkey", "application", "deployment_not_production") => ApplicationDeploymentNotProduction: 412 "Precondition Failed", DocumentedExample;
    /// The app has no current deployment to promote over or roll back from.
    #[reviewed(0xab1a_32ce_9af7_6637)]
    ("unkey", "application", "deployment_no_current") => ApplicationDeploymentNoCurrent: 412 "Precondition Failed", DocumentedExample;
    /// The deployment already is the app's current one; promoting or rolling back to it would change nothing.
    #[reviewed(0xa9b0_26fd_ff31_a6ef)]
    ("unkey", "application", "deployment_is_current") => ApplicationDeploymentIsCurrent: 412 "Precondition Failed", DocumentedExample;
    /// The deployment is not running (it never became ready), so there is nothing to stop.
    #[reviewed(0x5656_29f7_2f06_41d4)]
    ("unkey", "application", "deployment_not_running") => ApplicationDeploymentNotRunning: 412 "Precondition Failed", DocumentedExample;
    /// The deployment is already being stopped.
    #[reviewed(0xeab4_f866_80ae_917e)]
    ("unkey", "application", "deployment_is_stopping") => ApplicationDeploymentIsStopping: 412 "Precondition Failed", DocumentedExample;
    /// The deployment is not stopped, so it cannot be started.
    #[reviewed(0xc462_47c8_be41_89be)]
    ("unkey", "application", "deployment_not_stopped") => ApplicationDeploymentNotStopped: 412 "Precondition Failed", DocumentedExample;
    /// A production deployment is not started or stopped directly; promote or roll back instead.
    #[reviewed(0x1042_8aa3_4bc1_4e16)]
    ("unkey", "application", "deployment_is_production") => ApplicationDeploymentIsProduction: 412 "Precondition Failed", DocumentedExample;
    /// The workspace has as many custom domains as its plan allows.
    #[reviewed(0x1c48_285a_2c68_41b3)]
    ("unkey", "limits", "custom_domain_limit_exceeded") => LimitsCustomDomainLimitExceeded: 403 "Forbidden", DocumentedExample;
    /// The gateway got an invalid response from the app behind it.
    #[reviewed(0x3579_b6db_b567_4c92)]
    ("frontline", "upstream", "bad_gateway") => UpstreamBadGateway: 502 "Bad Gateway", FrontlineGatewayMapping;
    /// The app behind the gateway is unavailable.
    #[reviewed(0xb01b_800d_4191_f60a)]
    ("frontline", "upstream", "service_unavailable") => UpstreamServiceUnavailable: 503 "Service Unavailable", FrontlineGatewayMapping;
    /// The app behind the gateway did not answer in time.
    #[reviewed(0xed8a_d2eb_d321_19bf)]
    ("frontline", "upstream", "gateway_timeout") => UpstreamGatewayTimeout: 504 "Gateway Timeout", FrontlineGatewayMapping;
    /// The gateway could not forward the request to the app behind it.
    #[reviewed(0x3b1c_74ea_a073_a098)]
    ("frontline", "upstream", "proxy_forward_failed") => UpstreamProxyForwardFailed: 502 "Bad Gateway", FrontlineGatewayMapping;
    /// The gateway has no configuration for the requested host name.
    #[reviewed(0xec6f_a042_94d7_9315)]
    ("frontline", "routing", "config_not_found") => RoutingConfigNotFound: 404 "Not Found", FrontlineGatewayMapping;
    /// The deployment the host name resolves to does not exist, or is not in the expected environment.
    #[reviewed(0x73ba_c813_d047_46e6)]
    ("frontline", "routing", "deployment_not_found") => RoutingDeploymentNotFound: 404 "Not Found", FrontlineGatewayMapping;
    /// The gateway could not choose a deployment to send the request to.
    #[reviewed(0x3ace_404a_ea32_c75c)]
    ("frontline", "platform", "deployment_selection_failed") => PlatformDeploymentSelectionFailed: 500 "Internal Server Error", FrontlineGatewayMapping;
    /// The deployment has no running instance to serve the request.
    #[reviewed(0x6f0f_e652_7f46_7ef0)]
    ("frontline", "capacity", "no_running_instances") => CapacityNoRunningInstances: 503 "Service Unavailable", FrontlineGatewayMapping;
    /// The deployment is stopped, or its project cancelled, so it serves no traffic.
    #[reviewed(0xe823_ec62_973a_50ed)]
    ("frontline", "capacity", "deployment_offline") => CapacityDeploymentOffline: 503 "Service Unavailable", FrontlineGatewayMapping;
    /// The workspace reached its compute spend limit, so its apps are paused.
    #[reviewed(0x479e_4835_3cc7_9d4d)]
    ("frontline", "capacity", "spend_limit_reached") => CapacitySpendLimitReached: 402 "Payment Required", FrontlineGatewayMapping;
    /// Something went wrong inside the gateway.
    #[reviewed(0x52f1_2fae_e6b4_ac07)]
    ("frontline", "platform", "internal_server_error") => PlatformInternalServerError: 500 "Internal Server Error", FrontlineGatewayMapping;
    /// The gateway could not load the configuration it needs to route the request.
    #[reviewed(0x4ea6_f7b6_42c4_d002)]
    ("frontline", "platform", "config_load_failed") => PlatformConfigLoadFailed: 500 "Internal Server Error", FrontlineGatewayMapping;
    /// The deployment's policy configuration cannot be parsed.
    #[reviewed(0x213a_2e45_772f_c94b)]
    ("frontline", "config", "invalid_configuration") => ConfigInvalidConfiguration: 422 "Unprocessable Entity", FrontlineGatewayMapping;
    /// The gateway found no API key in the request.
    #[reviewed(0x5051_47a5_09f0_31f7)]
    ("frontline", "client", "missing_credentials") => ClientMissingCredentials: 401 "Unauthorized", FrontlineGatewayMapping;
    /// The API key the gateway verified does not exist, is disabled or has expired.
    #[reviewed(0x3362_86e9_9f75_2493)]
    ("frontline", "client", "invalid_key") => ClientInvalidKey: 401 "Unauthorized", FrontlineGatewayMapping;
    /// The API key lacks the permissions the deployment's policy requires.
    #[reviewed(0x299a_e79a_13ae_1802)]
    ("frontline", "client", "insufficient_permissions") => ClientInsufficientPermissions: 403 "Forbidden", FrontlineGatewayMapping;
    /// The API key, or a rate limit applied to it, has no requests left in the current window.
    #[reviewed(0x5bee_1cf1_6d69_a308)]
    ("frontline", "client", "rate_limited") => ClientRateLimited: 429 "Too Many Requests", FrontlineGatewayMapping;
    /// The API key has no credits left.
    #[reviewed(0x575d_d42f_3ba0_cfba)]
    ("frontline", "client", "usage_exceeded") => ClientUsageExceeded: 429 "Too Many Requests", FrontlineGatewayMapping;
    /// A firewall policy of the deployment refused the request.
    #[reviewed(0x9afd_07a4_edc6_8677)]
    ("frontline", "client", "firewall_denied") => ClientFirewallDenied: 403 "Forbidden", FrontlineGatewayMapping;
    /// The request does not match the deployment's OpenAPI specification.
    #[reviewed(0xad55_5320_db1d_4004)]
    ("frontline", "client", "openapi_validation_failed") => ClientOpenapiValidationFailed: 400 "Bad Request", FrontlineGatewayMapping;
    /// A portal endpoint was called without a portal access token or session cookie.
    #[reviewed(0x0187_65fa_f880_4479)]
    ("unkey", "authentication", "portal_token_missing") => AuthenticationPortalTokenMissing: 401 "Unauthorized", DocumentedExample, live 400 "Bad Request";
    /// The portal exchange code or access token does not exist, has expired or was already used.
    #[reviewed(0xf6cc_5eb2_3e4a_8eef)]
    ("unkey", "authentication", "portal_session_not_found") => AuthenticationPortalSessionNotFound: 401 "Unauthorized", DocumentedExample;
}

impl fmt::Display for ErrorCode {
    /// Writes the path form, [`as_str`](Self::as_str).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<ErrorCode> for StatusCode {
    /// The documented status, [`ErrorCode::status`].
    fn from(code: ErrorCode) -> Self {
        code.status()
    }
}

impl FromStr for ErrorCode {
    type Err = ParseCodeError;

    /// Parses any of the four forms: the path, the URN, the documented type URL and the current
    /// docs URL.
    ///
    /// The exact forms are matched without allocating. Anything else that looks like a URL
    /// goes through the [`url`] crate, so `http`, upper-case scheme or host, `www.`, a
    /// trailing slash, a query or a fragment do not defeat it.
    ///
    /// # Errors
    ///
    /// [`ParseCodeError`] when the input is well-formed but names no code of this version
    /// ([`ParseCodeError::is_unknown`]), or is no well-formed path, URN or Unkey docs URL.
    ///
    /// ```
    /// use unkey_errors::ErrorCode;
    ///
    /// for form in [
    ///     "unkey/data/key_not_found",
    ///     "err:unkey:data:key_not_found",
    ///     "https://unkey.com/docs/api-reference/errors-v2/unkey/data/key_not_found",
    ///     "https://unkey.com/docs/errors/unkey/data/key_not_found",
    ///     "http://unkey.com/docs/errors/unkey/data/key_not_found/?ref=sdk#top",
    /// ] {
    ///     assert_eq!(form.parse::<ErrorCode>()?, ErrorCode::DataKeyNotFound);
    /// }
    /// let err = "unkey/data/nope".parse::<ErrorCode>().unwrap_err();
    /// assert_eq!(err.to_string(), r#"unknown error code "unkey/data/nope" (path form)"#);
    /// # Ok::<(), unkey_errors::code::ParseCodeError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // One exact lookup, chosen by the prefix: each form costs one `match`.
        let exact = if s.starts_with(URN_PREFIX) {
            Self::from_urn(s)
        } else if let Some(rest) = s.strip_prefix(DOCUMENTED_TYPE_URL_PREFIX) {
            Self::from_path(rest)
        } else if let Some(rest) = s.strip_prefix(CURRENT_DOCS_URL_PREFIX) {
            Self::from_path(rest)
        } else {
            Self::from_path(s)
        };
        exact.map_or_else(|| parse_slow(s), Ok)
    }
}

impl TryFrom<&str> for ErrorCode {
    type Error = ParseCodeError;

    /// Same as [`FromStr`].
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl serde::Serialize for ErrorCode {
    /// Serializes as the path form.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorCode {
    /// Deserializes from a string in any of the four forms.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = ErrorCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an Unkey error code (path, URN or docs URL)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ErrorCode, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(CodeVisitor)
    }
}

/// The slow path of [`ErrorCode::from_str`]: lenient URLs, and a precise error for the rest.
fn parse_slow(s: &str) -> Result<ErrorCode, ParseCodeError> {
    if s.starts_with(URN_PREFIX) {
        let well_formed = s
            .strip_prefix(URN_PREFIX)
            .is_some_and(|rest| three_segments(rest, ':'));
        return Err(ParseCodeError::new(s, Some(CodeForm::Urn), well_formed));
    }
    if s.contains("://") {
        return parse_url(s);
    }
    if s.contains('/') {
        return Err(ParseCodeError::new(
            s,
            Some(CodeForm::Path),
            three_segments(s, '/'),
        ));
    }
    Err(ParseCodeError::new(s, None, false))
}

/// A lenient docs URL: any case of scheme and host, `http`, `www.`, a trailing slash, a query
/// or a fragment.
fn parse_url(s: &str) -> Result<ErrorCode, ParseCodeError> {
    let malformed = || ParseCodeError::new(s, Some(CodeForm::Url), false);
    let url = url::Url::parse(s).map_err(|_| malformed())?;
    let unkey_host = matches!(url.host_str(), Some("unkey.com" | "www.unkey.com"));
    if !matches!(url.scheme(), "http" | "https") || !unkey_host {
        return Err(malformed());
    }
    let path = url.path();
    let path = path.strip_suffix('/').unwrap_or(path);
    let rest = ["/docs/api-reference/errors-v2/", "/docs/errors/"]
        .iter()
        .find_map(|prefix| path.strip_prefix(prefix))
        .ok_or_else(malformed)?;
    ErrorCode::from_path(rest)
        .ok_or_else(|| ParseCodeError::new(s, Some(CodeForm::Url), three_segments(rest, '/')))
}

/// Whether `s` is three non-empty segments of lower-case letters, digits and `_`.
fn three_segments(s: &str, separator: char) -> bool {
    let mut count = 0;
    for segment in s.split(separator) {
        count += 1;
        let valid = !segment.is_empty()
            && segment
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return false;
        }
    }
    count == 3
}

/// Which of the written forms of a code an input looked like.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum CodeForm {
    /// `unkey/authorization/forbidden`
    Path,
    /// `err:unkey:authorization:forbidden`
    Urn,
    /// A URL (`https://...`), either docs URL form.
    Url,
}

impl CodeForm {
    /// The form's name as error messages write it: `"path"`, `"URN"` or `"URL"`.
    ///
    /// ```
    /// use unkey_errors::code::CodeForm;
    /// assert_eq!(CodeForm::Urn.as_str(), "URN");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Urn => "URN",
            Self::Url => "URL",
        }
    }
}

impl fmt::Display for CodeForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The most bytes of the input a [`ParseCodeError`] keeps.
const MAX_QUOTED_INPUT: usize = 256;

/// The error of parsing an [`ErrorCode`] from a string.
///
/// It quotes the input (at most its first 256 bytes) and says which form the input looked
/// like. [`is_unknown`](Self::is_unknown) tells a well-formed code that this version does not
/// know (Unkey may have added it since) from input that is no code at all.
///
/// ```
/// use unkey_errors::{code::CodeForm, ErrorCode};
///
/// let err = "err:unkey:data".parse::<ErrorCode>().unwrap_err();
/// assert_eq!(err.form(), Some(CodeForm::Urn));
/// assert!(!err.is_unknown());
/// assert_eq!(
///     err.to_string(),
///     r#"malformed error code "err:unkey:data" (URN form): expected err:<system>:<category>:<name>"#,
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ParseCodeError {
    input: Box<str>,
    truncated: bool,
    form: Option<CodeForm>,
    unknown: bool,
}

impl ParseCodeError {
    fn new(input: &str, form: Option<CodeForm>, unknown: bool) -> Self {
        let quoted = crate::util::truncate(input, MAX_QUOTED_INPUT);
        Self {
            input: quoted.into(),
            truncated: quoted.len() < input.len(),
            form,
            unknown,
        }
    }

    /// The input, or its first 256 bytes (cut at a character boundary) when it was longer.
    ///
    /// ```
    /// use unkey_errors::ErrorCode;
    /// assert_eq!("nope".parse::<ErrorCode>().unwrap_err().input(), "nope");
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The form the input looked like; `None` when it looked like none of them.
    ///
    /// ```
    /// use unkey_errors::{code::CodeForm, ErrorCode};
    /// assert_eq!("nope".parse::<ErrorCode>().unwrap_err().form(), None);
    /// assert_eq!("https://unkey.com/x".parse::<ErrorCode>().unwrap_err().form(), Some(CodeForm::Url));
    /// ```
    #[must_use]
    pub fn form(&self) -> Option<CodeForm> {
        self.form
    }

    /// Whether the input is a well-formed code that this version's catalogue does not have.
    ///
    /// ```
    /// use unkey_errors::ErrorCode;
    /// assert!("unkey/data/new_thing".parse::<ErrorCode>().unwrap_err().is_unknown());
    /// ```
    #[must_use]
    pub fn is_unknown(&self) -> bool {
        self.unknown
    }
}

impl fmt::Display for ParseCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dots = if self.truncated { "..." } else { "" };
        let kind = if self.unknown { "unknown" } else { "malformed" };
        let input = &self.input;
        match self.form {
            None => write!(
                f,
                "malformed error code {input:?}{dots}: expected a path (unkey/authorization/forbidden), \
                 a URN (err:unkey:authorization:forbidden) or an Unkey docs URL"
            ),
            Some(form) => {
                write!(f, "{kind} error code {input:?}{dots} ({form} form)")?;
                if self.unknown {
                    return Ok(());
                }
                match form {
                    CodeForm::Path => f.write_str(": expected <system>/<category>/<name>"),
                    CodeForm::Urn => f.write_str(": expected err:<system>:<category>:<name>"),
                    CodeForm::Url => write!(
                        f,
                        ": expected {CURRENT_DOCS_URL_PREFIX}<system>/<category>/<name> \
                         or {DOCUMENTED_TYPE_URL_PREFIX}<system>/<category>/<name>"
                    ),
                }
            }
        }
    }
}

impl std::error::Error for ParseCodeError {}

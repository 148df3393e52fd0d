//! The error-code catalogue: [`ErrorCode`], generated from one declarative table.

use std::fmt;
use std::str::FromStr;

use http::StatusCode;

/// The prefix of the documented `type` URL (the errors-v2 documentation), which
/// [`ErrorCode::docs_url`] and [`Problem::new`](crate::Problem::new) use.
pub const DOCUMENTED_TYPE_URL_PREFIX: &str = "https://unkey.com/docs/api-reference/errors-v2/";

/// The prefix of the current documentation page of a code (live since 2025-07), which
/// [`ErrorCode::current_docs_url`] uses and today's live server puts in `type`.
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
fn status_code(n: u16) -> StatusCode {
    StatusCode::from_u16(n).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Defines [`ErrorCode`] and everything derived from the catalogue from full rows, one per
/// code, `Variant = (system, category, specific), documented status and title, server status
/// and title, status source, errors array, errors-v2 era`, which `catalogue!` writes from its
/// entries.
macro_rules! error_codes {
    ($(
        $variant:ident = ($system:literal, $category:literal, $specific:literal),
        $status:literal $title:literal,
        server $server_status:literal $server_title:literal,
        $source:ident,
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
        /// | documented type URL | [`docs_url`](Self::docs_url) | `https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden` |
        /// | current docs URL | [`current_docs_url`](Self::current_docs_url) | `https://unkey.com/docs/errors/unkey/authorization/forbidden` |
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
        /// [`server_status`](Self::server_status) and [`server_title`](Self::server_title).
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
                #[doc = concat!("`", $system, "/", $category, "/", $specific, "`: **", $status, " ", $title, "**.")]
                #[doc = ""]
                #[doc = concat!("Live server: ", $server_status, " ", $server_title, ". Documentation: <", "https://unkey.com/docs/errors/", $system, "/", $category, "/", $specific, ">.")]
                $variant,
            )*
        }

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
            /// assert_eq!(code.server_status(), StatusCode::PRECONDITION_FAILED);
            /// ```
            #[must_use]
            pub fn server_status(self) -> StatusCode {
                status_code(match self {
                    $(Self::$variant => $server_status,)*
                })
            }

            /// The title today's live API server sends for this code; differs from
            /// [`title`](Self::title) for some codes.
            ///
            /// ```
            /// use unkey_errors::ErrorCode;
            /// assert_eq!(ErrorCode::ApplicationProtectedResource.server_title(), "Resource is protected");
            /// ```
            #[must_use]
            pub const fn server_title(self) -> &'static str {
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
            ///     ErrorCode::AuthorizationForbidden.docs_url(),
            ///     "https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden",
            /// );
            /// ```
            #[must_use]
            pub const fn docs_url(self) -> &'static str {
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
            ///     ErrorCode::AuthorizationForbidden.current_docs_url(),
            ///     "https://unkey.com/docs/errors/unkey/authorization/forbidden",
            /// );
            /// ```
            #[must_use]
            pub const fn current_docs_url(self) -> &'static str {
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
                [self.as_str(), self.urn(), self.docs_url(), self.current_docs_url()]
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
/// `(system, category, name) => Variant: documented status and title, where the status comes
/// from` and, only where they apply, `live STATUS "Title"` (the live server's mapping, where it
/// differs from the documented one), `errors_array` (the responses carry the validation
/// `errors` array) and `errors_v2` (documented in the errors-v2 era). A new code is one entry;
/// everything else about it ([`ErrorCode`], its methods, docs and lookups) is made from it.
///
/// This front end fills in the defaults and hands [`error_codes!`] one full row per code.
macro_rules! catalogue {
    (@rows [$($out:tt)*]) => {
        error_codes! { $($out)* }
    };
    (@rows [$($out:tt)*]
        ($system:literal, $category:literal, $specific:literal) => $variant:ident:
        $status:literal $title:literal, $source:ident, live $live_status:literal $live_title:literal
        $(, $flag:ident)*; $($rest:tt)*
    ) => {
        catalogue!(@flags [$($out)*]
            [$variant = ($system, $category, $specific), $status $title,
             server $live_status $live_title, $source,]
            [false false] [$($flag)*] $($rest)*);
    };
    (@rows [$($out:tt)*]
        ($system:literal, $category:literal, $specific:literal) => $variant:ident:
        $status:literal $title:literal, $source:ident $(, $flag:ident)*; $($rest:tt)*
    ) => {
        catalogue!(@flags [$($out)*]
            [$variant = ($system, $category, $specific), $status $title,
             server $status $title, $source,]
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
    ("user", "bad_request", "missing_required_header") => BadRequestMissingRequiredHeader: 500 "Internal Server Error", ApiServerMapping;
    ("user", "bad_request", "permissions_query_syntax_error") => BadRequestPermissionsQuerySyntaxError: 400 "Bad Request", DocumentedExample, errors_array, errors_v2;
    ("user", "bad_request", "request_body_too_large") => BadRequestRequestBodyTooLarge: 413 "Request Entity Too Large", DocumentedExample, errors_array;
    ("user", "bad_request", "request_body_unreadable") => BadRequestRequestBodyUnreadable: 400 "Bad Request", DocumentedExample, errors_array;
    ("user", "bad_request", "request_timeout") => BadRequestRequestTimeout: 408 "Request Timeout", DocumentedExample, errors_array;
    ("user", "bad_request", "client_closed_request") => BadRequestClientClosedRequest: 499 "Client Closed Request", DocumentedExample, errors_array;
    ("user", "bad_request", "invalid_analytics_query") => BadRequestInvalidAnalyticsQuery: 400 "Bad Request", DocumentedExample, errors_array;
    ("user", "bad_request", "invalid_analytics_table") => BadRequestInvalidAnalyticsTable: 400 "Bad Request", DocumentedExample, errors_array;
    ("user", "bad_request", "invalid_analytics_function") => BadRequestInvalidAnalyticsFunction: 400 "Bad Request", DocumentedExample, errors_array;
    ("user", "bad_request", "invalid_analytics_query_type") => BadRequestInvalidAnalyticsQueryType: 400 "Bad Request", DocumentedExample, errors_array;
    ("user", "bad_request", "query_range_exceeds_retention") => BadRequestQueryRangeExceedsRetention: 400 "Bad Request", ApiServerMapping, errors_array;
    ("user", "unprocessable_entity", "query_execution_timeout") => UnprocessableEntityQueryExecutionTimeout: 422 "Unprocessable Entity", DocumentedExample;
    ("user", "unprocessable_entity", "query_memory_limit_exceeded") => UnprocessableEntityQueryMemoryLimitExceeded: 422 "Unprocessable Entity", DocumentedExample;
    ("user", "unprocessable_entity", "query_rows_limit_exceeded") => UnprocessableEntityQueryRowsLimitExceeded: 422 "Unprocessable Entity", DocumentedExample;
    ("user", "too_many_requests", "query_quota_exceeded") => TooManyRequestsQueryQuotaExceeded: 429 "Too Many Requests", DocumentedExample;
    ("user", "too_many_requests", "workspace_rate_limited") => TooManyRequestsWorkspaceRateLimited: 429 "Too Many Requests", DocumentedExample;
    ("unkey", "authentication", "missing") => AuthenticationMissing: 401 "Unauthorized", DocumentedExample, live 400 "Bad Request", errors_v2;
    ("unkey", "authentication", "malformed") => AuthenticationMalformed: 401 "Unauthorized", DocumentedExample, live 400 "Bad Request", errors_v2;
    ("unkey", "authentication", "key_not_found") => AuthenticationKeyNotFound: 401 "Unauthorized", DocumentedExample, errors_v2;
    ("unkey", "authorization", "insufficient_permissions") => AuthorizationInsufficientPermissions: 403 "Forbidden", DocumentedExample, live 403 "Insufficient Permissions", errors_v2;
    ("unkey", "authorization", "forbidden") => AuthorizationForbidden: 403 "Forbidden", DocumentedExample, errors_v2;
    ("unkey", "authorization", "key_disabled") => AuthorizationKeyDisabled: 403 "Forbidden", DocumentedExample, live 403 "Key is disabled", errors_v2;
    ("unkey", "authorization", "workspace_disabled") => AuthorizationWorkspaceDisabled: 403 "Forbidden", DocumentedExample, live 403 "Workspace is disabled", errors_v2;
    ("unkey", "data", "key_not_found") => DataKeyNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "workspace_not_found") => DataWorkspaceNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "api_not_found") => DataApiNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "project_not_found") => DataProjectNotFound: 404 "Not Found", DocumentedExample;
    ("unkey", "data", "project_already_exists") => DataProjectAlreadyExists: 409 "Conflicting Resource", ApiServerMapping;
    ("unkey", "data", "app_already_exists") => DataAppAlreadyExists: 409 "Conflicting Resource", ApiServerMapping;
    ("unkey", "data", "app_not_found") => DataAppNotFound: 404 "Not Found", DocumentedExample;
    ("unkey", "data", "environment_not_found") => DataEnvironmentNotFound: 404 "Not Found", ApiServerMapping;
    ("unkey", "data", "domain_already_exists") => DataDomainAlreadyExists: 409 "Conflicting Resource", ApiServerMapping;
    ("unkey", "data", "domain_not_found") => DataDomainNotFound: 404 "Not Found", ApiServerMapping;
    ("unkey", "data", "deployment_not_found") => DataDeploymentNotFound: 404 "Not Found", ApiServerMapping;
    ("unkey", "data", "policy_not_found") => DataPolicyNotFound: 404 "Not Found", ApiServerMapping;
    ("unkey", "data", "migration_not_found") => DataMigrationNotFound: 404 "Not Found", DocumentedExample;
    ("unkey", "data", "key_space_not_found") => DataKeySpaceNotFound: 404 "Not Found", ApiServerMapping;
    ("unkey", "data", "permission_already_exists") => DataPermissionAlreadyExists: 409 "Conflict", DocumentedExample, live 409 "Conflicting Resource";
    ("unkey", "data", "permission_not_found") => DataPermissionNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "role_already_exists") => DataRoleAlreadyExists: 409 "Conflict", DocumentedExample, live 409 "Conflicting Resource";
    ("unkey", "data", "role_not_found") => DataRoleNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "key_auth_not_found") => DataKeyAuthNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "ratelimit_namespace_not_found") => DataRatelimitNamespaceNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "ratelimit_namespace_gone") => DataRatelimitNamespaceGone: 410 "Resource Gone", ApiServerMapping;
    ("unkey", "data", "ratelimit_override_not_found") => DataRatelimitOverrideNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "identity_not_found") => DataIdentityNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "identity_already_exists") => DataIdentityAlreadyExists: 409 "Conflict", DocumentedExample, live 409 "Conflicting Resource", errors_v2;
    ("unkey", "data", "audit_log_not_found") => DataAuditLogNotFound: 404 "Not Found", DocumentedExample, errors_v2;
    ("unkey", "data", "portal_not_found") => DataPortalNotFound: 404 "Not Found", DocumentedExample;
    ("unkey", "data", "analytics_not_configured") => DataAnalyticsNotConfigured: 412 "Precondition Failed", ApiServerMapping;
    ("unkey", "data", "analytics_connection_failed") => DataAnalyticsConnectionFailed: 503 "Service Unavailable", ApiServerMapping;
    ("unkey", "application", "unexpected_error") => ApplicationUnexpectedError: 500 "Internal Server Error", DocumentedExample, errors_v2;
    ("unkey", "application", "service_unavailable") => ApplicationServiceUnavailable: 503 "Service Unavailable", DocumentedExample, live 500 "Internal Server Error", errors_v2;
    ("unkey", "application", "invalid_input") => ApplicationInvalidInput: 400 "Bad Request", DocumentedExample, errors_array, errors_v2;
    ("unkey", "application", "assertion_failed") => ApplicationAssertionFailed: 500 "Internal Server Error", DocumentedExample, errors_v2;
    ("unkey", "application", "invalid_environment_settings") => ApplicationInvalidEnvironmentSettings: 400 "Bad Request", DocumentedExample, errors_array;
    ("unkey", "application", "protected_resource") => ApplicationProtectedResource: 403 "Forbidden", DocumentedExample, live 412 "Resource is protected", errors_v2;
    ("unkey", "application", "precondition_failed") => ApplicationPreconditionFailed: 412 "Precondition Failed", DocumentedExample, errors_v2;
    ("unkey", "application", "deployment_not_ready") => ApplicationDeploymentNotReady: 412 "Precondition Failed", DocumentedExample;
    ("unkey", "application", "deployment_not_production") => ApplicationDeploymentNotProduction: 412 "Precondition Failed", DocumentedExample;
    ("unkey", "application", "deployment_no_current") => ApplicationDeploymentNoCurrent: 412 "Precondition Failed", DocumentedExample;
    ("unkey", "application", "deployment_is_current") => ApplicationDeploymentIsCurrent: 412 "Precondition Failed", DocumentedExample;
    ("unkey", "application", "deployment_not_running") => ApplicationDeploymentNotRunning: 412 "Precondition Failed", DocumentedExample;
    ("unkey", "application", "deployment_is_stopping") => ApplicationDeploymentIsStopping: 412 "Precondition Failed", DocumentedExample;
    ("unkey", "application", "deployment_not_stopped") => ApplicationDeploymentNotStopped: 412 "Precondition Failed", DocumentedExample;
    ("unkey", "application", "deployment_is_production") => ApplicationDeploymentIsProduction: 412 "Precondition Failed", DocumentedExample;
    ("unkey", "limits", "custom_domain_limit_exceeded") => LimitsCustomDomainLimitExceeded: 403 "Forbidden", DocumentedExample;
    ("frontline", "upstream", "bad_gateway") => UpstreamBadGateway: 502 "Bad Gateway", FrontlineGatewayMapping;
    ("frontline", "upstream", "service_unavailable") => UpstreamServiceUnavailable: 503 "Service Unavailable", FrontlineGatewayMapping;
    ("frontline", "upstream", "gateway_timeout") => UpstreamGatewayTimeout: 504 "Gateway Timeout", FrontlineGatewayMapping;
    ("frontline", "upstream", "proxy_forward_failed") => UpstreamProxyForwardFailed: 502 "Bad Gateway", FrontlineGatewayMapping;
    ("frontline", "routing", "config_not_found") => RoutingConfigNotFound: 404 "Not Found", FrontlineGatewayMapping;
    ("frontline", "routing", "deployment_not_found") => RoutingDeploymentNotFound: 404 "Not Found", FrontlineGatewayMapping;
    ("frontline", "platform", "deployment_selection_failed") => PlatformDeploymentSelectionFailed: 500 "Internal Server Error", FrontlineGatewayMapping;
    ("frontline", "capacity", "no_running_instances") => CapacityNoRunningInstances: 503 "Service Unavailable", FrontlineGatewayMapping;
    ("frontline", "capacity", "deployment_offline") => CapacityDeploymentOffline: 503 "Service Unavailable", FrontlineGatewayMapping;
    ("frontline", "capacity", "spend_limit_reached") => CapacitySpendLimitReached: 402 "Payment Required", FrontlineGatewayMapping;
    ("frontline", "platform", "internal_server_error") => PlatformInternalServerError: 500 "Internal Server Error", FrontlineGatewayMapping;
    ("frontline", "platform", "config_load_failed") => PlatformConfigLoadFailed: 500 "Internal Server Error", FrontlineGatewayMapping;
    ("frontline", "config", "invalid_configuration") => ConfigInvalidConfiguration: 422 "Unprocessable Entity", FrontlineGatewayMapping;
    ("frontline", "client", "missing_credentials") => ClientMissingCredentials: 401 "Unauthorized", FrontlineGatewayMapping;
    ("frontline", "client", "invalid_key") => ClientInvalidKey: 401 "Unauthorized", FrontlineGatewayMapping;
    ("frontline", "client", "insufficient_permissions") => ClientInsufficientPermissions: 403 "Forbidden", FrontlineGatewayMapping;
    ("frontline", "client", "rate_limited") => ClientRateLimited: 429 "Too Many Requests", FrontlineGatewayMapping;
    ("frontline", "client", "usage_exceeded") => ClientUsageExceeded: 429 "Too Many Requests", FrontlineGatewayMapping;
    ("frontline", "client", "firewall_denied") => ClientFirewallDenied: 403 "Forbidden", FrontlineGatewayMapping;
    ("frontline", "client", "openapi_validation_failed") => ClientOpenapiValidationFailed: 400 "Bad Request", FrontlineGatewayMapping;
    ("unkey", "authentication", "portal_token_missing") => AuthenticationPortalTokenMissing: 401 "Unauthorized", DocumentedExample, live 400 "Bad Request";
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

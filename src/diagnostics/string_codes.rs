//! The one shape of a code enum ([`super::Code`], [`super::ErrorCode`]): a stable kebab-case
//! string per variant, declared from one list so that `ALL` cannot miss a variant, written by
//! `Display` and `Serialize`, read back by `FromStr` (brackets around it forgiven, the nearest
//! code named when none matches).

/// `string_codes! { /// doc  Name { Variant = "string", ... } }`: variants are declared in the
/// alphabetical order of their strings, so the derived order is the order of the strings.
macro_rules! string_codes {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum $name {
            $($variant,)*
        }

        impl $name {
            /// Every code, in the order of its string.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The code as written in every output.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = super::error_code::UnknownCode;

            /// The exact string of a code (as printed in `error[code]` or a JSON error);
            /// surrounding spaces and brackets are forgiven, so that `[unknown-key]` copied
            /// from a message works too.
            fn from_str(s: &str) -> Result<$name, Self::Err> {
                super::error_code::parse_among(s, $name::ALL.iter().copied())
            }
        }
    };
}

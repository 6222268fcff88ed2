//! The finding codes: one variant per kind of finding, each written as a stable kebab-case
//! string in every output (JSON `code`, the `error[code]` of text, the CSV and XLSX logs).
//! Scripts match on these strings, so a string never changes; `explain-code` and
//! `docs/codes.md` explain each one (see `explanation.rs`). Modelled on ruff's `DiagnosticId`.

string_codes! {
    /// What kind of finding a [`Diagnostic`](super::Diagnostic) is (outputs sorted by code
    /// stay as they were when codes were strings).
    Code {
        BadDuration = "bad-duration",
        BadTimestamp = "bad-timestamp",
        BadWeight = "bad-weight",
        BootstrapLevel = "bootstrap-level",
        CannotNormalise = "cannot-normalise",
        CellTooLong = "cell-too-long",
        CompositionChanged = "composition-changed",
        ConstantColumn = "constant-column",
        DefinitionChanged = "definition-changed",
        DerivedMissing = "derived-missing",
        DerivedWide = "derived-wide",
        DifferentIndex = "different-index",
        DuplicateAlias = "duplicate-alias",
        DuplicateColumn = "duplicate-column",
        DuplicateId = "duplicate-id",
        DuplicateLabel = "duplicate-label",
        DuplicatePlatform = "duplicate-platform",
        EmptyNode = "empty-node",
        GeometricZero = "geometric-zero",
        IdentifyingColumnMissing = "identifying-column-missing",
        InIndexIgnored = "in-index-ignored",
        InvalidAnswer = "invalid-answer",
        InvalidExpression = "invalid-expression",
        InvalidFile = "invalid-file",
        InvalidNumber = "invalid-number",
        InvalidPool = "invalid-pool",
        InvalidReference = "invalid-reference",
        InvalidScale = "invalid-scale",
        InvalidType = "invalid-type",
        InvalidValue = "invalid-value",
        InvalidWeight = "invalid-weight",
        MissingColumn = "missing-column",
        MissingFile = "missing-file",
        MissingKey = "missing-key",
        MissingSource = "missing-source",
        NoDefinitionRecord = "no-definition-record",
        NotImputed = "not-imputed",
        OutliersRemain = "outliers-remain",
        OverAncestor = "over-ancestor",
        OverCycle = "over-cycle",
        OverDuplicate = "over-duplicate",
        OverEmpty = "over-empty",
        OverPooled = "over-pooled",
        OverSelf = "over-self",
        ParentCycle = "parent-cycle",
        PlatformTwoGroups = "platform-two-groups",
        PoolOrder = "pool-order",
        PoolValueUnlisted = "pool-value-unlisted",
        PreviousKind = "previous-kind",
        PreviousNotFound = "previous-not-found",
        PreviousTwice = "previous-twice",
        QuestionnaireDrift = "questionnaire-drift",
        RaggedRow = "ragged-row",
        RelativeNormalisation = "relative-normalisation",
        Roster = "roster",
        ScaleChanged = "scale-changed",
        SharedColumn = "shared-column",
        StraightLining = "straight-lining",
        TomlSyntax = "toml-syntax",
        TreeTooDeep = "tree-too-deep",
        UnknownColumn = "unknown-column",
        UnknownKey = "unknown-key",
        UnknownMinimum = "unknown-minimum",
        UnknownPlatform = "unknown-platform",
        UnknownReference = "unknown-reference",
        UnknownRespondent = "unknown-respondent",
        UnreachableItem = "unreachable-item",
        UnreadQuestion = "unread-question",
        UnsupportedFormat = "unsupported-format",
        UnusedSource = "unused-source",
        WaveOrder = "wave-order",
        WeightChanged = "weight-changed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strings as outputs wrote them before the enum existed (collected from the string
    /// literals of every `Diagnostic` of the sources): scripts match on them, so none may
    /// change. A new code is added here too.
    const PUBLISHED: [&str; 72] = [
        "bad-duration",
        "bad-timestamp",
        "bad-weight",
        "bootstrap-level",
        "cannot-normalise",
        "cell-too-long",
        "composition-changed",
        "constant-column",
        "definition-changed",
        "derived-missing",
        "derived-wide",
        "different-index",
        "duplicate-alias",
        "duplicate-column",
        "duplicate-id",
        "duplicate-label",
        "duplicate-platform",
        "empty-node",
        "geometric-zero",
        "identifying-column-missing",
        "in-index-ignored",
        "invalid-answer",
        "invalid-expression",
        "invalid-file",
        "invalid-number",
        "invalid-pool",
        "invalid-reference",
        "invalid-scale",
        "invalid-type",
        "invalid-value",
        "invalid-weight",
        "missing-column",
        "missing-file",
        "missing-key",
        "missing-source",
        "no-definition-record",
        "not-imputed",
        "outliers-remain",
        "over-ancestor",
        "over-cycle",
        "over-duplicate",
        "over-empty",
        "over-pooled",
        "over-self",
        "parent-cycle",
        "platform-two-groups",
        "pool-order",
        "pool-value-unlisted",
        "previous-kind",
        "previous-not-found",
        "previous-twice",
        "questionnaire-drift",
        "ragged-row",
        "relative-normalisation",
        "roster",
        "scale-changed",
        "shared-column",
        "straight-lining",
        "toml-syntax",
        "tree-too-deep",
        "unknown-column",
        "unknown-key",
        "unknown-minimum",
        "unknown-platform",
        "unknown-reference",
        "unknown-respondent",
        "unreachable-item",
        "unread-question",
        "unsupported-format",
        "unused-source",
        "wave-order",
        "weight-changed",
    ];

    #[test]
    fn strings_are_the_published_ones() {
        let strings: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(strings, PUBLISHED);
    }

    /// `ALL` holds every variant once, in declaration order: variant i has discriminant i, so
    /// a variant left out of `ALL` would break the sequence.
    #[test]
    fn all_lists_every_variant_once_in_order() {
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i, "{code}");
        }
        // Sorted by string, so the derived order (declaration order) is the strings' order.
        assert!(Code::ALL.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
        assert!(Code::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_code_of_either_kind_is_kebab_case() {
        for code in crate::diagnostics::AnyCode::all() {
            let s = code.as_str();
            assert!(
                !s.is_empty()
                    && !s.starts_with('-')
                    && !s.ends_with('-')
                    && !s.contains("--")
                    && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{s}"
            );
        }
    }

    #[test]
    fn every_code_has_an_explanation() {
        for code in Code::ALL {
            let e = code.explanation();
            assert!(!e.severity.is_empty(), "{code}");
            for (part, text) in [
                ("summary", e.summary),
                ("cause", e.cause),
                ("fix", e.fix),
                ("zh", e.zh),
            ] {
                assert!(!text.trim().is_empty(), "{code}: empty {part}");
                assert!(!text.contains('\n'), "{code}: {part} spans lines");
            }
            assert!(e.summary.ends_with('.'), "{code}: {}", e.summary);
            assert!(
                e.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code}: zh is not Chinese"
            );
        }
    }

    #[test]
    fn parses_its_own_strings_and_forgives_brackets() {
        for code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(*code));
            assert_eq!(code.to_string(), code.as_str());
        }
        assert_eq!(" [unknown-key] ".parse::<Code>(), Ok(Code::UnknownKey));
    }

    #[test]
    fn an_unknown_code_names_the_nearest() {
        let e = "unknown-platfrom".parse::<Code>().unwrap_err();
        assert_eq!(e.nearest, Some(Code::UnknownPlatform.into()));
        assert_eq!(e.hint(), "did you mean \"unknown-platform\"?");
        let far = "zzzzzzzzzzzzzzzzzzzzzzzzzz".parse::<Code>().unwrap_err();
        assert_eq!(far.nearest, None);
        assert!(
            far.hint()
                .starts_with("the codes are: bad-duration, bad-timestamp")
        );
    }

    #[test]
    fn serialises_as_its_string() {
        assert_eq!(
            serde_json::to_string(&Code::InvalidAnswer).unwrap(),
            "\"invalid-answer\""
        );
    }
}

//! One hand-built `Results` shared by the exporter snapshots: a clear winner, a tie for second
//! place, an `insufficient` platform, a dimension without data and one outside the index.

use crate::definition::IndexMeta;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::results::{
    ById, Exclusion, ItemResult, NodeLabel, NodeResult, PlatformResult, Results, Status,
};
use indexmap::IndexMap;

pub const OPINION_MISSING: &str = "no data (give --source opinion=FILE)";

pub fn node(score: Option<f64>, rank: Option<u32>, respondents: usize) -> NodeResult {
    NodeResult {
        score,
        score_display: score.map(|s| format!("{s:.1}")),
        rank,
        respondents,
        coverage: if score.is_some() { 1.0 } else { 0.0 },
        missing_reason: score.is_none().then(|| OPINION_MISSING.to_string()),
    }
}

fn label(id: &str, name: &str, in_index: bool) -> NodeLabel {
    NodeLabel {
        id: id.into(),
        name: name.into(),
        name_zh: None,
        in_index,
    }
}

/// One platform; `dims` are (complaint, overall) scores and ranks, opinion has no data.
fn platform(
    id: &str,
    names: (&str, &str),
    group: &str,
    (respondents, score, rank, group_rank): (usize, f64, Option<u32>, Option<u32>),
    dims: [(f64, Option<u32>); 2],
) -> PlatformResult {
    let mut dimensions = ById::new();
    dimensions.insert(
        "complaint".into(),
        node(Some(dims[0].0), dims[0].1, respondents),
    );
    dimensions.insert("opinion".into(), node(None, None, 0));
    dimensions.insert(
        "overall".into(),
        node(Some(dims[1].0), dims[1].1, respondents),
    );
    let mut indicators = ById::new();
    indicators.insert(
        "complaint_access".into(),
        node(Some(dims[0].0), None, respondents),
    );
    let mut items = ById::new();
    let item = ItemResult {
        score: Some(dims[0].0),
        n: respondents - 1,
        na: 1,
        no_answer: 0,
        invalid: 0,
        skipped: 0,
        raw: None,
        missing_reason: None,
    };
    items.insert("rules_clear".into(), item);
    PlatformResult {
        id: id.into(),
        name: names.0.into(),
        name_zh: Some(names.1.into()),
        group: Some(group.into()),
        status: if rank.is_some() {
            Status::Ranked
        } else {
            Status::Insufficient
        },
        status_reason: rank
            .is_none()
            .then(|| format!("{respondents} respondents < min 3")),
        respondents,
        score: Some(score),
        score_display: Some(format!("{score:.1}")),
        rank,
        group_rank,
        dimensions,
        indicators,
        items,
        texts: IndexMap::new(),
    }
}

pub fn sample() -> Results {
    let platforms = vec![
        platform(
            "taobao",
            ("Taobao", "淘宝"),
            "marketplace",
            (31, 71.23456, Some(1), Some(1)),
            [(68.1, Some(1)), (80.0, Some(2))],
        ),
        platform(
            "jd",
            ("JD.com", "京东"),
            "marketplace",
            (12, 65.04, Some(2), Some(2)),
            [(61.4, Some(2)), (82.5, Some(1))],
        ),
        platform(
            "pdd",
            ("Pinduoduo", "拼多多"),
            "social",
            (9, 64.96, Some(2), Some(1)),
            [(55.0, Some(3)), (70.0, Some(3))],
        ),
        platform(
            "meituan",
            ("Meituan", "美团"),
            "local",
            (2, 90.0, None, None),
            [(90.0, None), (95.0, None)],
        ),
    ];
    let mut warning = Diagnostic::warning(
        Code::InvalidAnswer,
        "answer \"maybe\" is not a label of scale agree5",
        Location::cell("survey.xlsx", Some("Sheet1"), 17, 3, Some("Q5")),
    );
    warning.hint = Some("fix the cell or add the label to the scale".into());
    Results {
        schema_version: 1,
        index: IndexMeta {
            id: "qbpc".into(),
            name: "QBPC IP-protection index".into(),
            name_zh: Some("QBPC 电商平台知识产权保护指数".into()),
            edition: "2025".into(),
            ..Default::default()
        },
        platforms,
        excluded_submissions: vec![Exclusion {
            source: "survey".into(),
            file: "survey.xlsx".into(),
            row: 12,
            respondent: "M017".into(),
            platform: None,
            reason: "duplicate".into(),
            detail: "a later submission of M017 is kept (row 30)".into(),
        }],
        diagnostics: vec![warning],
        bootstrap: None,
        data_treatment: Vec::new(),
        dimension_names: vec![
            label("complaint", "Complaint and reporting mechanisms", true),
            label("opinion", "Social opinion data", true),
            label("overall", "Overall assessment", false),
        ],
        decimals: 1,
        rows_read: 0,
        manifest: None,
    }
}

/// The sample with a bootstrap summary for taobao (index [68.26, 74.0], complaint
/// [60.04, 70.0]); the other platforms have none.
pub fn bootstrapped() -> Results {
    use crate::results::{BootstrapResults, PlatformBootstrap, Uncertainty};
    let u = |low: f64, high: f64| Uncertainty {
        low,
        high,
        rank_low: Some(1),
        rank_high: Some(2),
        p_first: Some(0.75),
        replicates_scored: 100,
        not_different_from: vec!["jd".into()],
    };
    let mut dimensions = IndexMap::new();
    dimensions.insert("complaint".to_string(), u(60.04, 70.0));
    let mut platforms = IndexMap::new();
    platforms.insert(
        "taobao".to_string(),
        PlatformBootstrap {
            index: Some(u(68.26, 74.0)),
            dimensions,
            draws: None,
        },
    );
    let mut results = sample();
    results.bootstrap = Some(BootstrapResults {
        replicates: 100,
        seed: 1,
        level: 0.95,
        rank_percentiles: [5.0, 95.0],
        platforms,
    });
    results
}

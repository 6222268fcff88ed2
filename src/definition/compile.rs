//! From the parsed TOML to the resolved [`Model`], collecting every finding on the way.

use super::context::Ctx;
use super::model::{DefinitionFile, Loose, NodeDef, QuestionRef};
use super::platform_list;
use super::resolved::*;
use super::scales::compile_scale;
use crate::text::match_key;
use indexmap::IndexMap;
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

pub(crate) fn compile(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    base_dir: Option<&Path>,
) -> Option<Model> {
    if let Some(f) = &def.format
        && *f.get_ref() != 1
    {
        ctx.error(
            "unsupported-format",
            f.span(),
            format!("definition format {} is not supported", f.get_ref()),
            "this version reads format = 1",
        );
    }
    let aggregation = aggregation(ctx, def);
    let quality = quality(ctx, def);
    let groups: Vec<Group> = def
        .groups
        .iter()
        .map(|(id, g)| Group {
            id: id.clone(),
            name: g.get_ref().name.clone().unwrap_or_else(|| id.clone()),
            name_zh: g.get_ref().name_zh.clone(),
        })
        .collect();
    let (platforms, platform_lookup) = platforms(ctx, def, &groups, base_dir);
    let mut scales = Vec::new();
    let mut scale_ix: HashMap<&str, Option<usize>> = HashMap::new();
    for (id, s) in &def.scales {
        let compiled = compile_scale(ctx, id, s);
        scale_ix.insert(id, compiled.as_ref().map(|_| scales.len()));
        if let Some(c) = compiled {
            scales.push(c);
        }
    }
    let (mut nodes, roots, node_ix) = nodes(ctx, def, &aggregation);
    let sources = sources(ctx, def, base_dir);
    let mut referenced = Vec::new();
    let known = Known {
        scale_ix: &scale_ix,
        node_ix: &node_ix,
        scales: &scales,
        sources: &sources,
    };
    let items = items(ctx, def, &known, &mut nodes, &mut referenced);
    let mut sources = sources;
    source_columns(ctx, def, &items, &mut sources);
    let tree = Tree {
        nodes: &nodes,
        node_ix: &node_ix,
        items: &items,
        referenced: &referenced,
    };
    structure_checks(ctx, def, &tree, &scales, &sources);
    if ctx.has_errors() {
        return None;
    }
    Some(Model {
        meta: def.index.clone(),
        quality,
        aggregation,
        groups,
        platforms,
        platform_lookup,
        scales,
        nodes,
        roots,
        items,
        sources,
        origin: ctx.file.to_string(),
    })
}

fn aggregation(ctx: &mut Ctx, def: &DefinitionFile) -> AggregationRules {
    let a = &def.aggregation;
    let order = match a.order.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("items-first", _)) => PoolOrder::ItemsFirst,
        Some(("indicators-first", _)) => PoolOrder::IndicatorsFirst,
        Some(("respondents-first", _)) => PoolOrder::RespondentsFirst,
        Some((other, span)) => {
            ctx.bad_choice(
                "order",
                other,
                span,
                &["items-first", "indicators-first", "respondents-first"],
            );
            PoolOrder::ItemsFirst
        }
    };
    let respondents = match a.respondents.as_ref() {
        None => RespondentStat::Mean,
        Some(s) => parse_respondent_stat(s.get_ref()).unwrap_or_else(|| {
            ctx.bad_choice(
                "respondents",
                s.get_ref(),
                s.span(),
                &["mean", "median", "trimmed-mean:0.1"],
            );
            RespondentStat::Mean
        }),
    };
    let method = a
        .method
        .as_ref()
        .map_or(Method::Arithmetic, |m| method(ctx, m));
    let min_respondents = match &a.min_respondents {
        None => 1,
        Some(n) if *n.get_ref() >= 1 => *n.get_ref() as usize,
        Some(n) => {
            ctx.error(
                "invalid-value",
                n.span(),
                format!("min_respondents = {} must be at least 1", n.get_ref()),
                "platforms with fewer respondents are scored but not ranked",
            );
            1
        }
    };
    let min_coverage = a.min_coverage.as_ref().map_or(0.0, |c| coverage(ctx, c));
    let decimals = match &a.decimals {
        None => 1,
        Some(d) if (0..=6).contains(d.get_ref()) => *d.get_ref() as u32,
        Some(d) => {
            ctx.error(
                "invalid-value",
                d.span(),
                format!("decimals = {} is outside 0..6", d.get_ref()),
                "publication precision, usually 1",
            );
            1
        }
    };
    if let Some(t) = &a.rank_ties
        && t.get_ref() != "min"
    {
        ctx.bad_choice("rank_ties", t.get_ref(), t.span(), &["min"]);
    }
    AggregationRules {
        order,
        respondents,
        method,
        min_respondents,
        min_coverage,
        decimals,
    }
}

fn parse_respondent_stat(s: &str) -> Option<RespondentStat> {
    match s {
        "mean" => Some(RespondentStat::Mean),
        "median" => Some(RespondentStat::Median),
        _ => {
            let share: f64 = s.strip_prefix("trimmed-mean:")?.trim().parse().ok()?;
            (0.0..0.5)
                .contains(&share)
                .then_some(RespondentStat::TrimmedMean(share))
        }
    }
}

fn method(ctx: &mut Ctx, m: &Spanned<String>) -> Method {
    match m.get_ref().as_str() {
        "arithmetic" => Method::Arithmetic,
        "geometric" => Method::Geometric,
        "harmonic" => Method::Harmonic,
        other => {
            ctx.bad_choice(
                "method",
                other,
                m.span(),
                &["arithmetic", "geometric", "harmonic"],
            );
            Method::Arithmetic
        }
    }
}

fn coverage(ctx: &mut Ctx, c: &Spanned<f64>) -> f64 {
    let v = *c.get_ref();
    if (0.0..=1.0).contains(&v) {
        v
    } else {
        ctx.error(
            "invalid-value",
            c.span(),
            format!("min_coverage = {v} is outside 0..1"),
            "the share of a node's child weight that must have a score (0 = any one child)",
        );
        0.0
    }
}

fn quality(ctx: &mut Ctx, def: &DefinitionFile) -> QualityRules {
    let q = &def.quality;
    let dedupe_latest = match q.dedupe.as_ref() {
        None => true,
        Some(s) if s.get_ref() == "latest" => true,
        Some(s) if s.get_ref() == "none" => false,
        Some(s) => {
            ctx.bad_choice("dedupe", s.get_ref(), s.span(), &["latest", "none"]);
            true
        }
    };
    let min_duration_s = q.min_duration_s.as_ref().map(|m| {
        if *m.get_ref() < 0.0 {
            ctx.error(
                "invalid-value",
                m.span(),
                format!("min_duration_s = {} is negative", m.get_ref()),
                "seconds; submissions completed faster are excluded",
            );
        }
        *m.get_ref()
    });
    QualityRules {
        dedupe_latest,
        submitted_at: q.submitted_at.as_ref().map(|s| s.get_ref().clone()),
        duration: q.duration.as_ref().map(|s| s.get_ref().clone()),
        min_duration_s,
    }
}

fn platforms(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    groups: &[Group],
    base_dir: Option<&Path>,
) -> (Vec<Platform>, HashMap<String, PlatformIx>) {
    let mut out: Vec<Platform> = Vec::new();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for (id, p) in &def.platforms {
        let pd = p.get_ref();
        let group = pd.group.as_ref().and_then(|g| {
            let found = groups.iter().position(|x| &x.id == g.get_ref());
            if found.is_none() {
                ctx.dangling(
                    "group",
                    g.get_ref(),
                    g.span(),
                    groups.iter().map(|x| x.id.as_str()),
                );
            }
            found
        });
        out.push(Platform {
            id: id.clone(),
            name: pd.name.clone().unwrap_or_else(|| id.clone()),
            name_zh: pd.name_zh.clone(),
            group,
            aliases: pd.aliases.iter().map(|a| a.get_ref().clone()).collect(),
        });
        spans.push(p.span());
    }
    if let Some(list) = &def.platform_list {
        platform_list::merge(ctx, list, base_dir, groups, &mut out, &mut spans);
    }
    let mut lookup: HashMap<String, PlatformIx> = HashMap::new();
    for (i, p) in out.iter().enumerate() {
        let mut names = vec![p.id.clone(), p.name.clone()];
        names.extend(p.name_zh.clone());
        names.extend(p.aliases.iter().cloned());
        for n in names {
            let key = match_key(&n);
            if key.is_empty() {
                continue;
            }
            match lookup.get(&key) {
                Some(&j) if j != i => ctx.error(
                    "duplicate-alias",
                    spans[i].clone(),
                    format!(
                        "\"{n}\" names both platform \"{}\" and platform \"{}\"",
                        out[j].id, p.id
                    ),
                    "platform names and aliases must be distinct after NFKC, trimming and case-folding",
                ),
                _ => {
                    lookup.insert(key, i);
                }
            }
        }
    }
    (out, lookup)
}

type NodeIds<'d> = HashMap<&'d str, NodeIx>;

fn nodes<'d>(
    ctx: &mut Ctx,
    def: &'d DefinitionFile,
    agg: &AggregationRules,
) -> (Vec<Node>, Vec<NodeIx>, NodeIds<'d>) {
    let mut nodes = Vec::new();
    let mut ids: NodeIds = HashMap::new();
    let mut new_node = |ctx: &mut Ctx, id: &'d str, d: &Spanned<NodeDef>, kind: NodeKind| {
        let nd = d.get_ref();
        if ids.contains_key(id) {
            ctx.error(
                "duplicate-id",
                d.span(),
                format!("\"{id}\" is both a dimension and an indicator"),
                "node ids must be unique across dimensions and indicators",
            );
        }
        ids.insert(id, nodes.len());
        nodes.push(Node {
            id: id.to_string(),
            name: nd.name.clone().unwrap_or_else(|| id.to_string()),
            name_zh: nd.name_zh.clone(),
            kind,
            parent: None,
            weight: weight(ctx, nd.weight.as_ref(), id),
            method: nd.method.as_ref().map_or(agg.method, |m| method(ctx, m)),
            min_coverage: nd
                .min_coverage
                .as_ref()
                .map_or(agg.min_coverage, |c| coverage(ctx, c)),
            children: Vec::new(),
            items: Vec::new(),
            in_index: nd.in_index.unwrap_or(true),
        });
    };
    for (id, d) in &def.dimensions {
        new_node(ctx, id, d, NodeKind::Dimension);
    }
    let roots: Vec<NodeIx> = (0..def.dimensions.len()).collect();
    for (id, d) in &def.indicators {
        new_node(ctx, id, d, NodeKind::Indicator);
    }
    // Link indicators to their parents.
    let dims: Vec<&str> = def.dimensions.keys().map(String::as_str).collect();
    let inds: Vec<&str> = def.indicators.keys().map(String::as_str).collect();
    for (id, d) in &def.indicators {
        let me = ids[id.as_str()];
        let nd = d.get_ref();
        let parent = match (&nd.dimension, &nd.parent) {
            (Some(dim), None) => lookup(ctx, &ids, dim, "dimension", &dims),
            (None, Some(p)) => lookup(ctx, &ids, p, "indicator", &inds),
            _ => {
                ctx.error(
                    "invalid-reference",
                    d.span(),
                    format!("indicator \"{id}\" needs exactly one of `dimension` or `parent`"),
                    "dimension = \"...\" places it under a dimension; parent = \"...\" under another indicator",
                );
                None
            }
        };
        if let Some(p) = parent {
            nodes[me].parent = Some(p);
            nodes[p].children.push(me);
        }
    }
    // Cycles among indicators: walk up from each node.
    for (id, d) in &def.indicators {
        let start = ids[id.as_str()];
        let mut at = nodes[start].parent;
        let mut steps = 0;
        while let Some(p) = at {
            if p == start || steps > nodes.len() {
                ctx.error(
                    "cycle",
                    d.span(),
                    format!("indicator \"{id}\" is its own ancestor"),
                    "indicators must form a tree under the dimensions",
                );
                nodes[start].parent = None;
                break;
            }
            at = nodes[p].parent;
            steps += 1;
        }
    }
    (nodes, roots, ids)
}

fn lookup(
    ctx: &mut Ctx,
    ids: &NodeIds,
    wanted: &Spanned<String>,
    what: &str,
    known: &[&str],
) -> Option<NodeIx> {
    if known.contains(&wanted.get_ref().as_str()) {
        ids.get(wanted.get_ref().as_str()).copied()
    } else {
        ctx.dangling(what, wanted.get_ref(), wanted.span(), known.iter().copied());
        None
    }
}

/// A weight as written: a number >= 0. Anything else is a finding; 1 stands in for it.
fn weight(ctx: &mut Ctx, w: Option<&Loose>, owner: &str) -> f64 {
    let Some(w) = w else { return 1.0 };
    let v = match w.get_ref() {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        other => {
            ctx.error(
                "invalid-weight",
                w.span(),
                format!("weight of \"{owner}\" is not a number: {other}"),
                "weights are numbers >= 0, e.g. weight = 1",
            );
            return 1.0;
        }
    };
    if !v.is_finite() || v < 0.0 {
        ctx.error(
            "invalid-weight",
            w.span(),
            format!("weight of \"{owner}\" is {v}"),
            "weights are numbers >= 0",
        );
        return 1.0;
    }
    v
}

fn sources(ctx: &mut Ctx, def: &DefinitionFile, base_dir: Option<&Path>) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    if def.sources.is_empty() {
        // No [[sources]]: one survey source whose preset is detected from the file.
        out.push(default_survey_source());
    }
    for s in &def.sources {
        let sd = s.get_ref();
        let id = sd
            .id
            .as_ref()
            .map_or("survey".to_string(), |i| i.get_ref().clone());
        if out.iter().any(|o| o.id == id) {
            ctx.error(
                "duplicate-id",
                sd.id.as_ref().map_or(s.span(), |i| i.span()),
                format!("two sources have the id \"{id}\""),
                "give each [[sources]] block its own id",
            );
        }
        let kind = match sd.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span())) {
            None | Some(("survey", _)) => SourceKind::Survey,
            Some(("platform", _)) => SourceKind::Platform,
            Some((other, span)) => {
                ctx.bad_choice("kind", other, span, &["survey", "platform"]);
                SourceKind::Survey
            }
        };
        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
        let preset = match &sd.preset {
            None if kind == SourceKind::Platform => Preset::PlatformTable,
            None => Preset::Auto,
            Some(p) => match Preset::ALL.iter().find(|x| x.name() == p.get_ref()) {
                Some(&x) => x,
                None => {
                    ctx.bad_choice("preset", p.get_ref(), p.span(), &names);
                    Preset::Auto
                }
            },
        };
        let layout = sd.layout.as_ref().and_then(|l| match l.get_ref().as_str() {
            "wide" => Some(Layout::Wide),
            "long" => Some(Layout::Long),
            other => {
                ctx.bad_choice("layout", other, l.span(), &["wide", "long"]);
                None
            }
        });
        let path = sd.path.as_ref().map(|p| {
            let p = Path::new(p.get_ref());
            match base_dir {
                Some(b) if p.is_relative() => b.join(p),
                _ => p.to_path_buf(),
            }
        });
        out.push(Source {
            id,
            kind,
            preset,
            layout,
            path,
            sheet: sd.sheet.clone(),
            respondent: sd.respondent.as_ref().map(|s| s.get_ref().clone()),
            platform: sd.platform.as_ref().map(|s| s.get_ref().clone()),
            weight: sd.weight.as_ref().map(|s| s.get_ref().clone()),
            submitted_at: sd.submitted_at.clone(),
            duration: sd.duration.clone(),
            skip: sd.skip.clone(),
            empty: sd.empty.clone(),
            multi_sep: sd.multi_sep.clone(),
            columns: HashMap::new(),
        });
    }
    out
}

fn default_survey_source() -> Source {
    Source {
        id: "survey".into(),
        kind: SourceKind::Survey,
        preset: Preset::Auto,
        layout: None,
        path: None,
        sheet: None,
        respondent: None,
        platform: None,
        weight: None,
        submitted_at: None,
        duration: None,
        skip: None,
        empty: None,
        multi_sep: None,
        columns: HashMap::new(),
    }
}

/// What items may refer to, resolved before the items.
struct Known<'a, 'd> {
    scale_ix: &'a HashMap<&'d str, Option<usize>>,
    node_ix: &'a NodeIds<'d>,
    scales: &'a [Scale],
    sources: &'a [Source],
}

/// The resolved tree, for the checks that need all of it.
struct Tree<'a, 'd> {
    nodes: &'a [Node],
    node_ix: &'a NodeIds<'d>,
    items: &'a [Item],
    /// Nodes named by items, including items dropped for another mistake.
    referenced: &'a [NodeIx],
}

fn items(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    known: &Known,
    nodes: &mut [Node],
    referenced: &mut Vec<NodeIx>,
) -> Vec<Item> {
    let Known {
        scale_ix,
        node_ix,
        scales,
        sources,
    } = *known;
    let dims: Vec<&str> = def.dimensions.keys().map(String::as_str).collect();
    let inds: Vec<&str> = def.indicators.keys().map(String::as_str).collect();
    let scale_names: Vec<&str> = def.scales.keys().map(String::as_str).collect();
    let source_names: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let mut out = Vec::new();
    for (id, it) in &def.items {
        let d = it.get_ref();
        let node = match (&d.indicator, &d.dimension) {
            (Some(i), None) => lookup(ctx, node_ix, i, "indicator", &inds),
            (None, Some(dm)) => lookup(ctx, node_ix, dm, "dimension", &dims),
            _ => {
                ctx.error(
                    "invalid-reference",
                    it.span(),
                    format!("item \"{id}\" needs exactly one of `indicator` or `dimension`"),
                    "it says where in the index the item counts",
                );
                None
            }
        };
        let scale = match &d.scale {
            None => {
                ctx.error(
                    "missing-key",
                    it.span(),
                    format!("item \"{id}\" has no `scale`"),
                    "scale = \"...\" names how its answers are scored",
                );
                None
            }
            Some(s) => match scale_ix.get(s.get_ref().as_str()) {
                Some(ix) => *ix,
                None => {
                    ctx.dangling("scale", s.get_ref(), s.span(), scale_names.iter().copied());
                    None
                }
            },
        };
        let source_id = d.source.as_ref().map_or("survey", |s| s.get_ref().as_str());
        let source = match sources.iter().position(|s| s.id == source_id) {
            Some(s) => Some(s),
            None => {
                let span = d.source.as_ref().map_or(it.span(), |s| s.span());
                ctx.dangling("source", source_id, span, source_names.iter().copied());
                None
            }
        };
        let question = d.question.as_ref().and_then(|q| question(ctx, id, q));
        let weight = weight(ctx, d.weight.as_ref(), id);
        if let (Some(sc), true) = (scale, d.reverse)
            && !matches!(scales[sc].kind, ScaleKind::Ordinal(_))
        {
            ctx.error(
                "invalid-value",
                it.span(),
                format!(
                    "item \"{id}\" is reverse-keyed but its scale \"{}\" is not ordinal",
                    scales[sc].id
                ),
                "reverse keying mirrors an ordinal scale; for numbers swap best and worst",
            );
        }
        if let (Some(sc), Some(src)) = (scale, source)
            && sources[src].kind == SourceKind::Platform
            && !matches!(scales[sc].kind, ScaleKind::Numeric(_))
        {
            ctx.error(
                "invalid-value",
                it.span(),
                format!("item \"{id}\" comes from platform-level source \"{}\" but its scale is not numeric", sources[src].id),
                "platform-level data files hold numbers",
            );
        }
        referenced.extend(node);
        let (Some(node), Some(scale), Some(source)) = (node, scale, source) else {
            continue;
        };
        let mut columns = vec![match_key(
            d.column.as_ref().map_or(id.as_str(), |c| c.get_ref()),
        )];
        columns.extend(d.headers.iter().map(|h| match_key(h)));
        nodes[node].items.push(out.len());
        out.push(Item {
            id: id.clone(),
            node,
            scale,
            reverse: d.reverse,
            weight,
            source,
            question,
            columns,
            text: d.text.clone(),
            text_en: d.text_en.clone(),
        });
    }
    out
}

fn question(ctx: &mut Ctx, item: &str, q: &Spanned<QuestionRef>) -> Option<QuestionSel> {
    let bad = |ctx: &mut Ctx, shown: String| {
        ctx.error(
            "invalid-value",
            q.span(),
            format!("item \"{item}\": question = {shown} is not a question number or range"),
            "question = 4, or question = \"10-19\" for one question per platform",
        );
        None
    };
    match q.get_ref() {
        QuestionRef::Number(n) if *n >= 1 => Some(QuestionSel::Number(*n as u32)),
        QuestionRef::Number(n) => bad(ctx, n.to_string()),
        QuestionRef::Text(t) => {
            let t2 = t.replace("..", "-");
            let parsed = match t2.split_once('-') {
                Some((a, b)) => a
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .zip(b.trim().parse::<u32>().ok())
                    .filter(|(a, b)| a >= &1 && a <= b)
                    .map(|(a, b)| QuestionSel::Range(a, b)),
                None => t
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .map(QuestionSel::Number),
            };
            parsed.or_else(|| bad(ctx, format!("\"{t}\"")))
        }
    }
}

fn source_columns(ctx: &mut Ctx, def: &DefinitionFile, items: &[Item], sources: &mut [Source]) {
    for (si, s) in def.sources.iter().enumerate() {
        for (header, item) in &s.get_ref().columns {
            match items.iter().position(|it| &it.id == item.get_ref()) {
                Some(ix) => {
                    sources[si].columns.insert(match_key(header), ix);
                }
                None => ctx.dangling(
                    "item",
                    item.get_ref(),
                    item.span(),
                    items.iter().map(|i| i.id.as_str()),
                ),
            }
        }
    }
}

/// Checks that need the whole tree: empty nodes, zero-sum weights, geometric means over scales
/// that reach 0, items no source can reach.
fn structure_checks(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    tree: &Tree,
    scales: &[Scale],
    sources: &[Source],
) {
    let Tree {
        nodes,
        node_ix,
        items,
        referenced,
    } = *tree;
    let node_defs: IndexMap<&str, &Spanned<NodeDef>> = def
        .dimensions
        .iter()
        .chain(def.indicators.iter())
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    for (id, d) in &node_defs {
        let Some(&n) = node_ix.get(id) else { continue };
        let node = &nodes[n];
        let under = items_under(nodes, n);
        let what = match node.kind {
            NodeKind::Dimension => "dimension",
            NodeKind::Indicator => "indicator",
        };
        // An item that points here but has another mistake still counts: one mistake, one finding.
        let mentioned = referenced.iter().any(|&r| is_within(nodes, r, n));
        if under.is_empty() && !mentioned {
            ctx.error(
                "empty-node",
                d.span(),
                format!("{what} \"{id}\" has no items"),
                "attach items with dimension = \"...\" or indicator = \"...\", or remove it",
            );
            continue;
        }
        if under.is_empty() {
            continue;
        }
        let child_weights: Vec<f64> = node
            .children
            .iter()
            .map(|&c| nodes[c].weight)
            .chain(node.items.iter().map(|&i| items[i].weight))
            .collect();
        if !child_weights.is_empty() && child_weights.iter().sum::<f64>() == 0.0 {
            ctx.error(
                "invalid-weight",
                d.span(),
                format!("the weights under {what} \"{id}\" sum to 0"),
                "at least one child needs a weight above 0",
            );
        }
        if node.method != Method::Arithmetic {
            for &i in &under {
                let scale = &scales[items[i].scale];
                if scale.min_score().is_some_and(|m| m <= 0.0) {
                    ctx.error(
                        "geometric-zero",
                        d.span(),
                        format!(
                            "{what} \"{id}\" uses the {} mean, but item \"{}\" (scale \"{}\") can score 0",
                            node.method.name(),
                            items[i].id,
                            scale.id
                        ),
                        "a zero makes a geometric or harmonic mean undefined; use arithmetic, or a scale whose scores stay above 0",
                    );
                    break;
                }
            }
        }
    }
    let in_index: Vec<f64> = nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Dimension && n.in_index)
        .map(|n| n.weight)
        .collect();
    if def.dimensions.is_empty() {
        ctx.error(
            "empty-node",
            0..0,
            "the definition has no dimensions".into(),
            "add [dimensions.<id>] tables",
        );
    } else if in_index.iter().sum::<f64>() == 0.0 {
        ctx.error(
            "invalid-weight",
            0..0,
            "the weights of the index dimensions sum to 0".into(),
            "at least one dimension in the index needs a weight above 0",
        );
    }
    for (ix, it) in items.iter().enumerate() {
        let src = &sources[it.source];
        let wide_only = src.kind == SourceKind::Survey
            && (src.preset == Preset::WjxText || src.layout == Some(Layout::Wide));
        if wide_only && it.question.is_none() && !src.columns.values().any(|&c| c == ix) {
            let span = def.items.get(&it.id).map_or(0..0, |s| s.span());
            ctx.error(
                "unreachable-item",
                span,
                format!(
                    "item \"{}\" has no `question`, so the wide source \"{}\" cannot find it",
                    it.id, src.id
                ),
                "add question = <number> (or \"first-last\" for one question per platform)",
            );
        }
    }
    for s in sources {
        if !items.iter().any(|it| sources[it.source].id == s.id) {
            let span = def
                .sources
                .iter()
                .find(|d| d.get_ref().id.as_ref().map_or("survey", |i| i.get_ref()) == s.id)
                .map_or(0..0, |d| d.span());
            ctx.warning(
                "unused-source",
                span,
                format!("no item reads source \"{}\"", s.id),
                "items name their source with source = \"...\" (default \"survey\")",
            );
        }
    }
}

/// Whether `node` is `ancestor` or lies below it.
fn is_within(nodes: &[Node], node: NodeIx, ancestor: NodeIx) -> bool {
    let mut at = Some(node);
    while let Some(n) = at {
        if n == ancestor {
            return true;
        }
        at = nodes[n].parent;
    }
    false
}

fn items_under(nodes: &[Node], n: NodeIx) -> Vec<ItemIx> {
    let mut out = nodes[n].items.clone();
    for &c in &nodes[n].children {
        out.extend(items_under(nodes, c));
    }
    out
}

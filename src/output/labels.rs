//! Bilingual labels for headers and captions (`--lang en|zh|both`), and names in the chosen
//! language. Labels are an enum so that a missing translation is a compile error, not a
//! blank header.

use super::{Methodology, Report};
use crate::results::{NodeLabel, PlatformResult};
use std::fmt;
use std::str::FromStr;

/// Language of headers and names in the publishable outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    En,
    Zh,
    /// English then Chinese, e.g. "Rank 排名".
    #[default]
    Both,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Zh, Lang::Both];

    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Both => "both",
        }
    }

    /// Picks or joins an English and a Chinese text. A missing or identical Chinese text
    /// falls back to the English one.
    pub fn pick(self, en: &str, zh: Option<&str>) -> String {
        let zh = zh.map(str::trim).filter(|z| !z.is_empty() && *z != en);
        match (self, zh) {
            (Lang::En, _) | (_, None) => en.to_string(),
            (Lang::Zh, Some(z)) => z.to_string(),
            (Lang::Both, Some(z)) if en.is_empty() => z.to_string(),
            (Lang::Both, Some(z)) => format!("{en} {z}"),
        }
    }

    /// A fixed label in this language.
    pub fn t(self, label: L) -> String {
        let (en, zh) = label.pair();
        self.pick(en, Some(zh))
    }

    /// The `lang` attribute of an HTML document.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh | Lang::Both => "zh-CN",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown language {s:?} (expected one of: en, zh, both)"))
    }
}

/// Every fixed label of the publishable outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum L {
    Rank,
    GroupRank,
    PlatformId,
    Platform,
    Name,
    NameZh,
    Group,
    Status,
    Reason,
    Respondents,
    Index,
    IndexUnrounded,
    Score,
    Dimension,
    Indicator,
    Item,
    Question,
    Coverage,
    N,
    Na,
    NoAnswer,
    Invalid,
    Skipped,
    Missing,
    Source,
    File,
    Row,
    Respondent,
    Detail,
    Severity,
    Code,
    Message,
    Sheet,
    Cell,
    Column,
    Line,
    Hint,
    Text,
    Level,
    Parent,
    Weight,
    WeightNormalised,
    EffectiveWeight,
    Method,
    Scale,
    Kind,
    Reverse,
    InIndex,
    Scores,
    NaSpellings,
    Setting,
    Value,
    FieldAverage,
    Best,
    Interval,
    RankInterval,
    ProbFirst,
    Count,
    Yes,
    No,
    Ranking,
    Dimensions,
    Indicators,
    Items,
    Groups,
    Excluded,
    Diagnostics,
    Methodology,
    FreeText,
    // `explain`
    Part,
    Share,
    EffWeight,
    Contribution,
    VsAverage,
    VsBest,
    RenormalisedAway,
    // `stats` and `sensitivity`
    ItemCount,
    Rows,
    Alpha,
    StdAlpha,
    Mean,
    Sd,
    RDrop,
    AlphaIfDropped,
    NominalRank,
    MedianRank,
    RankRange,
    LeftOut,
    MeanRankShift,
    MaxRankShift,
}

impl L {
    /// (English, Chinese).
    pub fn pair(self) -> (&'static str, &'static str) {
        use L::*;
        match self {
            Rank => ("Rank", "排名"),
            GroupRank => ("Group rank", "组内排名"),
            PlatformId => ("Platform id", "平台代码"),
            Platform => ("Platform", "平台"),
            Name => ("Name", "名称"),
            NameZh => ("Chinese name", "中文名称"),
            Group => ("Group", "类别"),
            Status => ("Status", "状态"),
            Reason => ("Reason", "原因"),
            Respondents => ("Respondents", "受访者数"),
            Index => ("Index", "指数"),
            IndexUnrounded => ("Index (unrounded)", "指数（未修约）"),
            Score => ("Score", "得分"),
            Dimension => ("Dimension", "维度"),
            Indicator => ("Indicator", "指标"),
            Item => ("Item", "题目"),
            Question => ("Question", "问题"),
            Coverage => ("Coverage", "覆盖率"),
            N => ("n", "有效数"),
            Na => ("N/A", "不适用"),
            NoAnswer => ("No answer", "未作答"),
            Invalid => ("Invalid", "无效"),
            Skipped => ("Skipped", "跳过"),
            Missing => ("Why no score", "无得分原因"),
            Source => ("Source", "数据来源"),
            File => ("File", "文件"),
            Row => ("Row", "行"),
            Respondent => ("Respondent", "受访者"),
            Detail => ("Detail", "说明"),
            Severity => ("Severity", "级别"),
            Code => ("Code", "代码"),
            Message => ("Message", "信息"),
            Sheet => ("Sheet", "工作表"),
            Cell => ("Cell", "单元格"),
            Column => ("Column", "列"),
            Line => ("Line", "行号"),
            Hint => ("Hint", "提示"),
            Text => ("Text", "文本"),
            Level => ("Level", "层级"),
            Parent => ("Parent", "上级"),
            Weight => ("Weight", "权重"),
            WeightNormalised => ("Weight among siblings", "同级归一化权重"),
            EffectiveWeight => ("Effective weight in the index", "在指数中的有效权重"),
            Method => ("Method", "方法"),
            Scale => ("Scale", "量表"),
            Kind => ("Kind", "类型"),
            Reverse => ("Reverse-keyed", "反向计分"),
            InIndex => ("In the index", "计入指数"),
            Scores => ("Scores", "计分"),
            NaSpellings => ("Counted as N/A", "视为不适用"),
            Setting => ("Setting", "设置"),
            Value => ("Value", "取值"),
            FieldAverage => ("Field average", "平均水平"),
            Best => ("Best", "最高分"),
            Interval => ("95% interval", "95%区间"),
            RankInterval => ("Rank interval", "排名区间"),
            ProbFirst => ("P(first)", "排名第一的概率"),
            Count => ("Count", "数量"),
            Yes => ("yes", "是"),
            No => ("no", "否"),
            Ranking => ("Ranking", "排名"),
            Dimensions => ("Dimensions", "维度"),
            Indicators => ("Indicators", "指标"),
            Items => ("Items", "题目"),
            Groups => ("Groups", "分组排名"),
            Excluded => ("Excluded submissions", "剔除的答卷"),
            Diagnostics => ("Diagnostics", "诊断信息"),
            Methodology => ("Methodology", "方法说明"),
            FreeText => ("Free text", "文字回答"),
            Part => ("Part", "组成部分"),
            Share => ("Share", "同级占比"),
            EffWeight => ("Eff. weight", "有效权重"),
            Contribution => ("Contribution", "贡献"),
            VsAverage => ("vs average", "与平均差"),
            VsBest => ("vs best", "与最高差"),
            RenormalisedAway => ("Renormalised away", "权重已重新分配"),
            ItemCount => ("Items", "题目数"),
            Rows => ("Rows", "行数"),
            Alpha => ("Alpha", "α系数"),
            StdAlpha => ("Std. alpha", "标准化α系数"),
            Mean => ("Mean", "均值"),
            Sd => ("SD", "标准差"),
            RDrop => ("r.drop", "校正项总相关"),
            AlphaIfDropped => ("Alpha if dropped", "删除该题后α系数"),
            NominalRank => ("Nominal rank", "名义排名"),
            MedianRank => ("Median rank", "排名中位数"),
            RankRange => ("Rank 5–95%", "排名5–95%区间"),
            LeftOut => ("Left out", "剔除的维度"),
            MeanRankShift => ("Mean |rank shift|", "平均排名变动"),
            MaxRankShift => ("Max |rank shift|", "最大排名变动"),
        }
    }
}

/// A platform's name in the language: "Taobao", "淘宝" or "Taobao 淘宝".
pub fn platform_name(p: &PlatformResult, lang: Lang) -> String {
    lang.pick(&p.name, p.name_zh.as_deref())
}

pub fn dimension_name(d: &NodeLabel, lang: Lang) -> String {
    lang.pick(&d.name, d.name_zh.as_deref())
}

/// A dimension's or indicator's name from the definition when it is at hand, else its id.
pub fn node_name(m: Option<&Methodology>, id: &str, lang: Lang) -> String {
    match m.and_then(|m| m.node(id)) {
        Some(n) => lang.pick(&n.name, n.name_zh.as_deref()),
        None => id.to_string(),
    }
}

/// A platform's status (`ranked`, `insufficient`, `no_score`) in the language.
pub fn status_name(status: &str, lang: Lang) -> String {
    let zh = match status {
        "ranked" => "已排名",
        "insufficient" => "受访者不足，未排名",
        "no_score" => "无得分",
        _ => status,
    };
    lang.pick(status, Some(zh))
}

/// A mean's name (`arithmetic`, `geometric`, `harmonic`, `generalised:P` or the name
/// `Method::name` gives it) in the language.
pub fn method_name(method: &str, lang: Lang) -> String {
    let zh = match method {
        "arithmetic" => "算术平均".to_string(),
        "geometric" => "几何平均".to_string(),
        "harmonic" => "调和平均".to_string(),
        other => match other.split_once([':', '(']) {
            Some((_, p)) => format!("广义平均（{}）", p.trim_end_matches(')')),
            None => other.to_string(),
        },
    };
    lang.pick(method, Some(&zh))
}

/// One line in the language: English, Chinese, or both lines (English first), as the notes
/// of the table are.
pub fn lines(lang: Lang, en: String, zh: String) -> Vec<String> {
    match lang {
        Lang::En => vec![en],
        Lang::Zh => vec![zh],
        Lang::Both if en == zh => vec![en],
        Lang::Both => vec![en, zh],
    }
}

/// How a terminal report (`explain`, `stats`, `sensitivity`) is worded. `lang` None: the
/// compact default (English, ids); a language (`--lang`): headers, sentences and names in it,
/// names from the definition when it is at hand (dimensions and indicators; items keep their
/// ids, which `--weight` takes and which are shorter than their questions).
#[derive(Debug, Clone, Copy, Default)]
pub struct Style<'a> {
    pub lang: Option<Lang>,
    pub methodology: Option<&'a Methodology>,
}

impl Style<'_> {
    /// A header: the compact one without a language, else the label in the language.
    pub fn label(&self, label: L, compact: &str) -> String {
        match self.lang {
            None => compact.to_string(),
            Some(lang) => lang.t(label),
        }
    }

    /// A node's name: its id without a language, else its name from the definition (ids the
    /// definition does not name as a node stay ids).
    pub fn name(&self, id: &str) -> String {
        match self.lang {
            None => id.to_string(),
            Some(lang) => node_name(self.methodology, id, lang),
        }
    }

    /// The style of the English line of a sentence: English names (None stays None).
    pub fn en(&self) -> Self {
        Style {
            lang: self.lang.map(|_| Lang::En),
            ..*self
        }
    }

    /// The style of the Chinese line of a sentence: Chinese names.
    pub fn zh(&self) -> Self {
        Style {
            lang: Some(Lang::Zh),
            ..*self
        }
    }

    pub fn names(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| self.name(id))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A platform's name: the English one without a language, else in the language.
    pub fn platform(&self, en: &str, zh: Option<&str>) -> String {
        match self.lang {
            None => en.to_string(),
            Some(lang) => lang.pick(en, zh),
        }
    }

    /// The lines of a sentence: the English one without a language, else in the language.
    pub fn say(&self, en: String, zh: String) -> Vec<String> {
        match self.lang {
            None => vec![en],
            Some(lang) => lines(lang, en, zh),
        }
    }
}

/// A group's name from the definition when the report carries it, else its id.
pub fn group_name(report: &Report<'_>, id: Option<&str>, lang: Lang) -> String {
    let Some(id) = id else {
        return String::new();
    };
    match report.methodology.and_then(|m| m.group(id)) {
        Some(g) => lang.pick(&g.name, g.name_zh.as_deref()),
        None => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_falls_back_to_english() {
        assert_eq!(Lang::Zh.pick("Taobao", Some("淘宝")), "淘宝");
        assert_eq!(Lang::Zh.pick("Temu", None), "Temu");
        assert_eq!(Lang::Both.pick("Temu", Some("Temu")), "Temu");
        assert_eq!(Lang::Both.pick("Taobao", Some("淘宝")), "Taobao 淘宝");
        assert_eq!(Lang::En.pick("Taobao", Some("淘宝")), "Taobao");
        assert_eq!(Lang::Both.t(L::Rank), "Rank 排名");
    }

    #[test]
    fn methods_statuses_and_lines_in_each_language() {
        assert_eq!(method_name("geometric", Lang::Zh), "几何平均");
        assert_eq!(method_name("generalised:2", Lang::Zh), "广义平均（2）");
        assert_eq!(method_name("arithmetic", Lang::Both), "arithmetic 算术平均");
        assert_eq!(status_name("no_score", Lang::Zh), "无得分");
        assert_eq!(status_name("ranked", Lang::En), "ranked");
        assert_eq!(lines(Lang::Both, "a".into(), "甲".into()), ["a", "甲"]);
        assert_eq!(lines(Lang::Zh, "a".into(), "甲".into()), ["甲"]);
        let compact = Style::default();
        assert_eq!(compact.label(L::Part, "part"), "part");
        assert_eq!(compact.say("a".into(), "甲".into()), ["a"]);
    }

    #[test]
    fn lang_parses_its_names() {
        for l in Lang::ALL {
            assert_eq!(l.name().parse::<Lang>(), Ok(l));
        }
        assert!("fr".parse::<Lang>().is_err());
    }
}

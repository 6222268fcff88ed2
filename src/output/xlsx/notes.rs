//! The notes (comments) on header cells: what each column holds, in the workbook's language.
//! A header is matched by its whole label, else by the label before or after its last " – "
//! ("Interval – low", "Dimension name – Rank").

use crate::output::labels::{L, Lang};
use std::collections::HashMap;

/// The explanation of a column, in English and Chinese.
fn explain(label: L) -> Option<(&'static str, &'static str)> {
    use L::*;
    Some(match label {
        Rank => (
            "Competition rank of the published (rounded) score: ties share a rank, the next rank is skipped. Empty when the platform is not ranked.",
            "按公布（修约后）分数的竞争排名：同分同名次，其后名次跳过。未参与排名时为空。",
        ),
        GroupRank => (
            "Rank among the platforms of the same business-model group.",
            "在同一商业模式分组内的排名。",
        ),
        PlatformId => (
            "The platform's id in the index definition.",
            "指数定义中的平台标识。",
        ),
        Platform => ("The platform's name.", "平台名称。"),
        Group => (
            "Business-model group of the platform.",
            "平台所属的商业模式分组。",
        ),
        Status => (
            "ranked, or why the platform is not ranked (e.g. too few respondents).",
            "ranked（已排名），或未排名的原因（如答卷过少）。",
        ),
        Reason => ("Why the platform has this status.", "该状态的原因。"),
        Respondents => (
            "Valid submissions counted for the platform (after exclusions).",
            "计入该平台的有效答卷数（剔除后）。",
        ),
        Index => (
            "Composite index, 0-100, at the publication precision (the number that is published).",
            "综合指数（0-100），按公布精度修约（即公布的数值）。",
        ),
        IndexUnrounded => (
            "The same index before rounding, for further computation.",
            "修约前的同一指数，供进一步计算。",
        ),
        Score => (
            "Score 0-100 (100 = best protection), shown at the publication precision; the cell keeps the full value.",
            "得分（0-100，100 为最佳保护），按公布精度显示；单元格保留完整数值。",
        ),
        Dimension => ("The dimension the row belongs to.", "所属维度。"),
        Indicator => ("Indicator id in the definition.", "指标在定义中的标识。"),
        Item => (
            "Item (question) id in the definition.",
            "题目在定义中的标识。",
        ),
        Question => ("Wording of the question.", "题目文字。"),
        Name => ("Name in the definition.", "定义中的名称。"),
        Coverage => (
            "Share of the node's weight that has data for this platform.",
            "该节点权重中有数据的比例。",
        ),
        N => ("Answers that were scored.", "计分的回答数。"),
        Na => (
            "Answers of 'not applicable / don't know'.",
            "“不适用 / 不清楚”的回答数。",
        ),
        NoAnswer => (
            "Submissions with this question left blank.",
            "此题留空的答卷数。",
        ),
        Invalid => (
            "Answers that could not be read on the item's scale (see Diagnostics).",
            "无法按量表识别的回答数（见诊断信息）。",
        ),
        Skipped => (
            "Submissions that skipped the question by the survey's logic.",
            "按问卷逻辑跳过此题的答卷数。",
        ),
        Value => (
            "Raw platform-level value before normalisation (platform-level items).",
            "标准化前的平台层面原始值（平台层面题目）。",
        ),
        Missing => ("Why there is no score.", "无得分的原因。"),
        Source => ("Data source of the definition.", "定义中的数据来源。"),
        File => ("Input file.", "输入文件。"),
        Row => (
            "Row in the input file (1 = first data row).",
            "输入文件中的行号。",
        ),
        Respondent => ("Respondent id as exported.", "导出的答卷人标识。"),
        Detail => ("Details.", "详细说明。"),
        Severity => ("warning or error.", "warning（警告）或 error（错误）。"),
        Code => ("Stable code of the diagnostic.", "诊断代码。"),
        Message => ("What was found.", "发现的问题。"),
        Hint => ("How to fix it.", "修正方法。"),
        Weight => ("Weight as written in the definition.", "定义中写明的权重。"),
        WeightNormalised => (
            "Weight divided by the sum of its siblings' weights.",
            "权重除以同级权重之和。",
        ),
        EffectiveWeight => (
            "Share of the whole index: the product of the normalised weights on the path.",
            "在整个指数中的占比：路径上归一化权重之积。",
        ),
        Method => ("Aggregation method of the node.", "节点的汇总方法。"),
        Interval => (
            "Bootstrap percentile interval of the score over respondents (see README).",
            "基于答卷人自助法的分数百分位区间（见说明页）。",
        ),
        RankInterval => (
            "5th-95th percentile of the bootstrap ranks.",
            "自助法排名的第 5 至第 95 百分位。",
        ),
        ProbFirst => (
            "Share of bootstrap replicates in which the platform ranks first.",
            "自助法重抽样中排名第一的比例。",
        ),
        _ => return None,
    })
}

const EXPLAINED: [L; 39] = [
    L::Rank,
    L::GroupRank,
    L::PlatformId,
    L::Platform,
    L::Group,
    L::Status,
    L::Reason,
    L::Respondents,
    L::Index,
    L::IndexUnrounded,
    L::Score,
    L::Dimension,
    L::Indicator,
    L::Item,
    L::Question,
    L::Name,
    L::Coverage,
    L::N,
    L::Na,
    L::NoAnswer,
    L::Invalid,
    L::Skipped,
    L::Value,
    L::Missing,
    L::Source,
    L::File,
    L::Row,
    L::Respondent,
    L::Detail,
    L::Severity,
    L::Code,
    L::Message,
    L::Hint,
    L::Weight,
    L::WeightNormalised,
    L::EffectiveWeight,
    L::Method,
    L::Interval,
    L::RankInterval,
];

/// Header label (in the workbook's language) → note.
#[derive(Debug, Clone, Default)]
pub struct Notes(HashMap<String, String>);

impl Notes {
    pub fn new(lang: Lang) -> Notes {
        let mut map = HashMap::new();
        for l in EXPLAINED.into_iter().chain([L::ProbFirst]) {
            if let Some((en, zh)) = explain(l) {
                map.insert(lang.t(l), text(lang, en, zh));
            }
        }
        Notes(map)
    }

    /// The note of a header: by its whole label, else by its parts around the last " – ".
    pub fn of(&self, header: &str) -> Option<String> {
        let label = header.trim_end_matches(" *");
        if let Some(n) = self.0.get(label) {
            return Some(n.clone());
        }
        let (head, tail) = label.rsplit_once(" – ")?;
        match tail {
            "low" | "high" => {
                let head = head.rsplit(" – ").next().unwrap_or(head);
                let n = self.0.get(head)?;
                Some(format!("{n} ({tail} end)"))
            }
            _ => self
                .0
                .get(tail)
                .map(|n| format!("{head}: {n}"))
                .or_else(|| self.of(head)),
        }
    }
}

fn text(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
        Lang::Both => format!("{en}\n{zh}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_explained_label_has_a_note_and_parts_are_matched() {
        let notes = Notes::new(Lang::En);
        for l in EXPLAINED {
            assert!(notes.of(&Lang::En.t(l)).is_some(), "{l:?}");
        }
        assert!(
            notes
                .of("95% interval – low")
                .unwrap()
                .ends_with("(low end)")
        );
        let rank = notes.of("Governance – Rank").unwrap();
        assert!(rank.starts_with("Governance: Competition rank"), "{rank}");
        assert_eq!(notes.of("Something else"), None);
    }
}

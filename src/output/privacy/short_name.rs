//! The short forms a company goes by in free text: its name without the legal form, the
//! office type and the place ("乐趣玩具（深圳）有限公司" -> "乐趣玩具", "Alpenrose Cosmetics GmbH
//! 北京代表处" -> "Alpenrose Cosmetics"). Only what a name is registered with is cut, never its
//! trade words, so that the short form still names the company and not an industry.
//!
//! The rule, applied to the folded name (half-width, lower case, one space between words):
//! 1. a bracketed part is removed (it holds a place: `（深圳）`, `(China)`, `(HK)`);
//! 2. then, again and again, a legal form or office word at the end (有限公司, 股份有限公司, 集团,
//!    代表处, `Co., Ltd.`, `GmbH`, `S.p.A.`, `Inc` ...), a place at the end or the start (北京,
//!    深圳市, 广东省, Shanghai ...) or a generic trade word at the end (科技, 贸易, Trading);
//!    a Latin one only as a whole word;
//! 3. every intermediate form is a short form, if it is long enough to name one company: at
//!    least 3 Chinese characters or 6 Latin letters and digits (a Chinese character counts two),
//!    and still 2 Chinese characters or 4 Latin letters once places and generic trade words
//!    (科技, 贸易, 国际, Trading, International ...) are set aside. "大众有限公司" gives no short
//!    form ("大众" is an everyday word), nor does "中国国际贸易有限公司".

use super::fold::fold;

/// Legal forms and office words, longest first (folded spelling).
const LEGAL_ZH: [&str; 14] = [
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "总公司",
    "公司",
    "集团",
    "股份",
    "代表处",
    "办事处",
    "分部",
    "总部",
    "商行",
    "工作室",
];
const LEGAL_LATIN: [&str; 28] = [
    "co., ltd.",
    "co., ltd",
    "co.,ltd.",
    "co.,ltd",
    "co. ltd.",
    "co ltd",
    "company limited",
    "limited",
    "ltd.",
    "ltd",
    "inc.",
    "inc",
    "incorporated",
    "corporation",
    "corp.",
    "corp",
    "company",
    "co.",
    "co",
    "gmbh",
    "s.p.a.",
    "spa",
    "s.a.",
    "llc",
    "plc",
    "ag",
    "b.v.",
    "representative office",
];
/// Places a registered name carries (a 市 / 省 after a Chinese one is cut with it).
const PLACES: [&str; 52] = [
    "中国",
    "北京",
    "上海",
    "天津",
    "重庆",
    "广州",
    "深圳",
    "杭州",
    "苏州",
    "南京",
    "宁波",
    "武汉",
    "成都",
    "西安",
    "厦门",
    "青岛",
    "大连",
    "东莞",
    "佛山",
    "香港",
    "澳门",
    "广东",
    "浙江",
    "江苏",
    "山东",
    "福建",
    "河北",
    "河南",
    "湖北",
    "湖南",
    "四川",
    "安徽",
    "江西",
    "辽宁",
    "吉林",
    "无锡",
    "china",
    "prc",
    "hong kong",
    "hk",
    "shanghai",
    "beijing",
    "shenzhen",
    "guangzhou",
    "tianjin",
    "hangzhou",
    "suzhou",
    "ningbo",
    "asia pacific",
    "asia",
    "greater china",
    "international",
];
/// Words that name a trade or a kind of company, not one company.
const GENERIC: [&str; 22] = [
    "科技",
    "贸易",
    "国际",
    "实业",
    "商贸",
    "控股",
    "发展",
    "技术",
    "电子",
    "网络",
    "信息",
    "文化",
    "trading",
    "international",
    "holdings",
    "holding",
    "group",
    "technology",
    "industrial",
    "industries",
    "global",
    "enterprises",
];

/// The short forms of a name (folded, with spaces), longest first; none when nothing is cut.
pub(super) fn short_forms(name: &str) -> Vec<String> {
    let mut s = words(&fold(name, false).text);
    let mut out = Vec::new();
    let cut = words(&without_brackets(&s));
    if cut != s {
        out.push(cut.clone());
        s = cut;
    }
    while let Some(cut) = strip_once(&s) {
        out.push(cut.clone());
        s = cut;
    }
    out.retain(|f| names_one_company(f));
    out
}

/// Whitespace collapsed to single spaces, trimmed, with trailing commas and dots dropped.
fn words(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .trim_end_matches([',', ' ', '-', '&'])
        .trim()
        .to_string()
}

fn without_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// One legal form or place cut from the end, else one place from the start.
fn strip_once(s: &str) -> Option<String> {
    let latin_word_before = |rest: &str| {
        rest.chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    };
    for form in LEGAL_ZH {
        if let Some(rest) = s.strip_suffix(form) {
            return Some(words(rest));
        }
    }
    for form in LEGAL_LATIN.iter().chain(&PLACES).chain(&GENERIC) {
        if let Some(rest) = s.strip_suffix(form)
            && !(form.is_ascii() && latin_word_before(rest))
        {
            return Some(words(rest));
        }
    }
    for place in PLACES {
        if let Some(rest) = s.strip_prefix(place) {
            let rest = rest.trim_start_matches(['市', '省']);
            let glued = place.is_ascii() && rest.starts_with(|c: char| c.is_ascii_alphanumeric());
            if !glued {
                return Some(words(rest));
            }
        }
    }
    None
}

/// Weight of a text: 2 per non-ASCII letter (a Chinese character), 1 per ASCII letter or digit.
fn weight(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            _ if c.is_ascii_alphanumeric() => 1,
            _ if c.is_alphanumeric() => 2,
            _ => 0,
        })
        .sum()
}

/// Whether a short form is long and specific enough to stand for one company.
fn names_one_company(f: &str) -> bool {
    if weight(f) < 6 {
        return false;
    }
    let mut rest = f.to_string();
    for w in PLACES.iter().chain(GENERIC.iter()) {
        rest = rest.replace(w, " ");
    }
    weight(&rest) >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_form_and_place_are_cut() {
        assert_eq!(
            short_forms("乐趣玩具（深圳）有限公司"),
            ["乐趣玩具有限公司", "乐趣玩具"]
        );
        assert_eq!(
            short_forms("Alpenrose Cosmetics GmbH 北京代表处"),
            [
                "alpenrose cosmetics gmbh 北京",
                "alpenrose cosmetics gmbh",
                "alpenrose cosmetics"
            ]
        );
        assert_eq!(
            short_forms("Maison Lumière (Shanghai) Trading Co., Ltd."),
            [
                "maison lumiere trading co., ltd.",
                "maison lumiere trading",
                "maison lumiere"
            ]
        );
        assert_eq!(
            short_forms("深圳市乐趣玩具有限公司"),
            ["深圳市乐趣玩具", "乐趣玩具"]
        );
        assert_eq!(
            short_forms("金穗粮油集团有限公司"),
            ["金穗粮油集团", "金穗粮油"]
        );
    }

    #[test]
    fn short_or_generic_forms_are_not_used() {
        assert!(short_forms("大众有限公司").is_empty());
        assert!(short_forms("中国国际贸易有限公司").is_empty());
        assert!(short_forms("Atlas Co").is_empty(), "5 letters");
        assert!(short_forms("M001").is_empty());
        assert!(short_forms("Costco").is_empty(), "co only as a word");
    }
}

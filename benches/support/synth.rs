//! Large synthetic tidy surveys in the shape of `fixtures/tidy_long.csv`: one row per
//! submission x platform, the QBPC item columns named by item id, so that the embedded default
//! definition scores the file unconfigured. Streamed row by row: memory does not grow with N.
//!
//! The dirt of the real exports is sprinkled in at low rates so that every branch of the
//! pipeline runs at scale: N/A spellings, blanks, trailing spaces, label variants, units and
//! full-width digits in numbers, a few invalid answers, platform aliases, corrected
//! resubmissions and exact double submits (deduplicated), speeders, multi-line quoted text.
//! Shared by `examples/generate_survey.rs` and the benches (`#[path]` include).

use std::io::{self, Write};

/// The item columns of the default definition, in the order of the fixture.
pub const ITEMS: [(&str, Kind); 31] = [
    ("rules_clear", Kind::Agree),
    ("evidence_reasonable", Kind::Agree),
    ("progress_transparency", Kind::Agree),
    ("dedicated_portal", Kind::YesNo),
    ("foreign_rightsholder_portal", Kind::YesNo),
    ("batch_complaints", Kind::YesNo),
    ("complaint_channels", Kind::Channels),
    ("penalty_standards", Kind::Agree),
    ("satisfied_outcome", Kind::Agree),
    ("unjust_rejection_freq", Kind::Agree),
    ("penalty_feedback_freq", Kind::Agree),
    ("seller_info_disclosure", Kind::YesNo),
    ("takedown_days", Kind::Days),
    ("repeat_infringer", Kind::Agree),
    ("credit_rating_ip_records", Kind::Agree),
    ("store_qualification_review", Kind::Agree),
    ("blacklist_no_reopen", Kind::Agree),
    ("relisting_freq", Kind::Agree),
    ("live_monitoring", Kind::Agree),
    ("copycat_detection", Kind::Agree),
    ("crossborder_screening", Kind::Agree),
    ("proactive_removal_freq", Kind::Agree),
    ("pre_listing_review", Kind::YesNo),
    ("cooperate_enforcement", Kind::Agree),
    ("dedicated_contact", Kind::Agree),
    ("data_sharing", Kind::Agree),
    ("rule_update_notice", Kind::Agree),
    ("annual_report", Kind::YesNo),
    ("joint_action", Kind::YesNo),
    ("overall_satisfaction", Kind::Agree),
    ("best_practice", Kind::Text),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 1..5 agreement or frequency answer.
    Agree,
    YesNo,
    Channels,
    Days,
    Text,
}

/// The platforms of the default definition and their latent quality (1..5 scale).
const PLATFORMS: [(&str, f64, &[&str]); 10] = [
    ("taobao", 3.55, &["淘宝", "Taobao"]),
    ("tmall", 4.00, &["Tmall", "天猫 Tmall"]),
    ("jd", 3.85, &["JD", "京东(JD)"]),
    ("pdd", 2.85, &["拼多多"]),
    ("douyin", 3.30, &["抖音", "抖音电商"]),
    ("kuaishou", 2.70, &["快手"]),
    ("xianyu", 2.50, &["闲鱼"]),
    ("xiaohongshu", 3.05, &["小红书 RED", "RED"]),
    ("temu", 2.05, &["拼多多跨境", "TEMU"]),
    ("meituan", 3.90, &["美团"]),
];

const CHANNELS: [&str; 7] = [
    "ip_portal",
    "online_form",
    "email",
    "platform_contact",
    "administrative",
    "judicial",
    "other",
];

const OTHER_TEXTS: [&str; 4] = [
    "律师函",
    "公证处取证后线下沟通",
    "行业协会（QBPC）协调",
    "微信群对接",
];

const PRACTICES: [&str; 8] = [
    "跨境商品入驻时要求提供品牌授权链路，假货明显减少。",
    "上架前要求品牌授权书，源头上减少了假货链接。",
    "针对“换马甲”店铺做了关联账号识别，重复开店明显减少。",
    "定期向权利人推送侵权商家处罚名单，便于后续维权。",
    "平台设置了品牌方专属对接群，投诉进度当天可以同步。",
    "IPP平台“快速通道”对重复投诉的链接可一键下架，效率很高。",
    "京东的“权利人保护中心”响应快, 一般48小时内处理完毕。",
    "1. 品牌方可在后台查看投诉处理时效；\n2. 驳回时给出\"具体理由\", 便于补充材料。",
];

const COMPANIES: [&str; 8] = [
    "锐步运动用品（中国）有限公司",
    "Nordic Home Appliances (China) Co., Ltd.",
    "妙趣积木科技有限公司",
    "乐趣玩具（深圳）有限公司",
    "Alpenrose Cosmetics GmbH 北京代表处",
    "华彩服饰集团",
    "Kestrel Optics Ltd.",
    "青禾食品有限公司",
];

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Data rows (submission x platform) to write, duplicates included.
    pub rows: usize,
    pub seed: u64,
    /// Platforms rated: the 10 of the default definition, then `p011`, `p012` ... which need
    /// the platform list of [`platform_list`] next to the definition.
    pub platforms: usize,
    /// How many of the 31 item columns to write (the first ones).
    pub items: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rows: 10_000,
            seed: 42,
            platforms: 10,
            items: ITEMS.len(),
        }
    }
}

/// SplitMix64: tiny, fast and the same everywhere, so a seed names one file forever.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Roughly normal (sum of three uniforms), mean 0, sd about `sd`.
    pub fn noise(&mut self, sd: f64) -> f64 {
        (self.unit() + self.unit() + self.unit() - 1.5) * 2.0 * sd
    }
}

/// One submission: a respondent rating several platforms at one time.
struct Submission {
    id: usize,
    respondent: usize,
    company: &'static str,
    /// Seconds since 2025-01-01T00:00:00+08:00.
    at: u64,
    duration: u64,
    platforms: Vec<usize>,
    leniency: f64,
    /// Clicks the same answer down every Likert/frequency question.
    straight: bool,
}

/// Write the header and `opts.rows` data rows.
pub fn write_tidy(out: &mut impl Write, opts: &Options) -> io::Result<()> {
    let mut rng = Rng::new(opts.seed);
    let items = &ITEMS[..opts.items.min(ITEMS.len())];
    write!(
        out,
        "submission_id,respondent_id,company_name,submitted_at,duration_sec,platform"
    )?;
    for (id, _) in items {
        write!(out, ",{id}")?;
    }
    let has_channels = items.iter().any(|(_, k)| *k == Kind::Channels);
    if has_channels {
        write!(out, ",complaint_channels_other")?;
    }
    writeln!(out)?;

    let mut written = 0;
    let mut next_sub = 1;
    let mut next_respondent = 1;
    let mut line = String::with_capacity(512);
    while written < opts.rows {
        let sub = new_submission(&mut rng, opts, next_sub, next_respondent);
        next_sub += 1;
        next_respondent += 1;
        let mut versions = vec![(sub, false)];
        if rng.chance(0.01) {
            // An exact double submit, 4 s later.
            let mut twin = clone_sub(&versions[0].0, next_sub);
            twin.at += 4;
            next_sub += 1;
            versions.push((twin, true));
        } else if rng.chance(0.015) {
            // A corrected resubmission about two days later, with other answers.
            let mut later = clone_sub(&versions[0].0, next_sub);
            later.at += 2 * 86_400 + rng.below(7_200) as u64;
            next_sub += 1;
            versions.push((later, false));
        }
        // The exact twin repeats the original's answers: same seed for both.
        let answer_seed = rng.next_u64();
        for (k, (sub, exact_twin)) in versions.iter().enumerate() {
            let seed = if *exact_twin || k == 0 {
                answer_seed
            } else {
                rng.next_u64()
            };
            let mut answers = Rng::new(seed);
            for &p in &sub.platforms {
                if written == opts.rows {
                    break;
                }
                line.clear();
                row(&mut line, &mut answers, sub, p, items, has_channels);
                out.write_all(line.as_bytes())?;
                written += 1;
            }
        }
    }
    out.flush()
}

fn new_submission(rng: &mut Rng, opts: &Options, id: usize, respondent: usize) -> Submission {
    let n = 1 + rng.below(opts.platforms.min(8));
    let mut platforms: Vec<usize> = Vec::with_capacity(n);
    while platforms.len() < n {
        // Big platforms are rated more often (the fixture's meituan has 2 raters of 40).
        let p = if rng.chance(0.8) {
            rng.below(opts.platforms.min(9))
        } else {
            rng.below(opts.platforms)
        };
        if !platforms.contains(&p) {
            platforms.push(p);
        }
    }
    platforms.sort_unstable();
    let speeder = rng.chance(0.01);
    Submission {
        id,
        respondent,
        company: COMPANIES[rng.below(COMPANIES.len())],
        at: (id as u64) * 37 + rng.below(30) as u64,
        // About four minutes per platform rated, as in the fixture (1190 s for 5.6 platforms).
        duration: if speeder {
            60 + rng.below(200) as u64
        } else {
            120 + n as u64 * (150 + rng.below(200) as u64)
        },
        platforms,
        leniency: rng.noise(0.4),
        straight: rng.chance(0.005),
    }
}

fn clone_sub(s: &Submission, id: usize) -> Submission {
    Submission {
        id,
        respondent: s.respondent,
        company: s.company,
        at: s.at,
        duration: s.duration,
        platforms: s.platforms.clone(),
        leniency: s.leniency,
        straight: s.straight,
    }
}

fn row(
    line: &mut String,
    rng: &mut Rng,
    sub: &Submission,
    p: usize,
    items: &[(&str, Kind)],
    has_channels: bool,
) {
    use std::fmt::Write as _;
    let _ = write!(
        line,
        "S{:07},R{:07},{},{},{},{}",
        sub.id,
        sub.respondent,
        csv_field(sub.company),
        timestamp(sub.at),
        sub.duration,
        platform_label(rng, p)
    );
    let quality = PLATFORMS.get(p).map_or(3.0 + (p % 7) as f64 * 0.2, |x| x.1) + sub.leniency;
    let mut other = "";
    for &(_, kind) in items {
        line.push(',');
        match kind {
            Kind::Agree if sub.straight => line.push('5'),
            Kind::Agree => agree(line, rng, quality),
            Kind::YesNo => yes_no(line, rng, quality),
            Kind::Days => days(line, rng, quality),
            Kind::Channels => other = channels(line, rng),
            Kind::Text => {
                if rng.chance(0.25) {
                    line.push_str(&csv_field(PRACTICES[rng.below(PRACTICES.len())]));
                }
            }
        }
    }
    if has_channels {
        line.push(',');
        line.push_str(other);
    }
    line.push('\n');
}

fn platform_label(rng: &mut Rng, p: usize) -> String {
    match PLATFORMS.get(p) {
        Some((id, _, aliases)) if rng.chance(0.01) => {
            let _ = id;
            aliases[rng.below(aliases.len())].to_string()
        }
        Some((id, _, _)) => (*id).to_string(),
        None => format!("p{:03}", p + 1),
    }
}

fn agree(line: &mut String, rng: &mut Rng, quality: f64) {
    let u = rng.unit();
    if u < 0.03 {
        line.push_str(["NA", "N/A", "不适用"][rng.below(3)]);
    } else if u < 0.04 {
        // left blank
    } else if u < 0.04002 {
        line.push('7'); // out of the scale: invalid
    } else {
        let v = (quality + rng.noise(0.9)).round().clamp(1.0, 5.0) as u8;
        line.push((b'0' + v) as char);
        if rng.chance(0.005) {
            line.push(' ');
        }
    }
}

fn yes_no(line: &mut String, rng: &mut Rng, quality: f64) {
    let u = rng.unit();
    if u < 0.1 {
        line.push_str(["not_sure", "Not sure", "不确定"][rng.below(3)]);
        return;
    }
    let yes = rng.unit() < (quality - 1.0) / 4.0;
    let spellings: [&str; 3] = if yes {
        ["yes", "Yes", "是"]
    } else {
        ["no", "No", "否"]
    };
    line.push_str(if rng.chance(0.95) {
        spellings[0]
    } else {
        spellings[1 + rng.below(2)]
    });
}

fn days(line: &mut String, rng: &mut Rng, quality: f64) {
    use std::fmt::Write as _;
    let u = rng.unit();
    let d = ((6.0 - quality) * 2.5 + rng.noise(2.0)).max(1.0).round() as u32;
    if u < 0.02 {
        line.push_str(["N/A", "不适用"][rng.below(2)]);
    } else if u < 0.03 {
        // left blank
    } else if u < 0.0301 {
        line.push_str("3-5"); // a range: invalid
    } else if u < 0.035 {
        let _ = write!(line, "{d}天");
    } else if u < 0.037 {
        let _ = write!(line, "约{d}天");
    } else if u < 0.038 {
        // Full-width digits.
        for c in d.to_string().chars() {
            line.push(char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c));
        }
    } else if u < 0.1 {
        let _ = write!(line, "{d}.5");
    } else {
        let _ = write!(line, "{d}");
    }
}

/// Writes the chosen channel codes; returns the "other" fill-in text (empty if none).
fn channels(line: &mut String, rng: &mut Rng) -> &'static str {
    let mut first = true;
    let mut other = "";
    for (k, code) in CHANNELS.iter().enumerate() {
        let p = [0.55, 0.35, 0.3, 0.25, 0.1, 0.05, 0.03][k];
        if rng.chance(p) {
            if !first {
                line.push(';');
            }
            line.push_str(code);
            first = false;
            if *code == "other" {
                other = OTHER_TEXTS[rng.below(OTHER_TEXTS.len())];
            }
        }
    }
    other
}

/// `2025-03-10T14:02:35+08:00` for seconds after 2025-01-01T00:00:00+08:00 (within 2025+).
fn timestamp(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (mut year, mut doy) = (2025u64, days);
    loop {
        let len = if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) {
            366
        } else {
            365
        };
        if doy < len {
            break;
        }
        doy -= len;
        year += 1;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let months = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while doy >= months[month] {
        doy -= months[month];
        month += 1;
    }
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00",
        month + 1,
        doy + 1,
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// RFC 4180 quoting where needed.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The platform list (`platform_list = "..."` in a definition) for platforms 11..=n: id, name,
/// group. The first ten are the default definition's own.
pub fn platform_list(n: usize) -> String {
    let mut s = String::from("id,name,name_zh,group,aliases\n");
    for p in 10..n {
        s.push_str(&format!("p{:03},Platform {},,marketplace,\n", p + 1, p + 1));
    }
    s
}

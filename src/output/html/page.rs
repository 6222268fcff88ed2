//! The document around a report or scorecard: inline CSS for screen and print, a content
//! security policy that forbids every external load and every script, and fonts from the
//! reader's system (a CJK fallback list, no font files).

use super::markup::Html;
use crate::output::labels::Lang;

/// Nothing may be fetched or run: styles inline, images only as data (none are used).
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS: &str = r#"
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d5dbe3; --accent: #2b6cb0; --soft: #f3f6fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; color: var(--ink);
  font-family: "Helvetica Neue", Arial, "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: 14px; line-height: 1.5; background: #fff; }
svg text { font-family: "Helvetica Neue", Arial, "Noto Sans CJK SC", "Noto Sans SC",
  "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei",
  sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p.lead { color: var(--muted); margin: 0 0 16px; }
p.note, .note { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; margin: 8px 0 12px; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.withheld { color: var(--muted); font-style: italic; text-align: right; }
td.pre { white-space: pre-wrap; }
.chart svg { max-width: 100%; height: auto; display: block; }
.chart { margin: 8px 0 16px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
.grid > * { min-width: 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 0; overflow: hidden; }
th, td { overflow-wrap: anywhere; }
td.num, th.num { overflow-wrap: normal; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 140px; }
.kpi .v { font-size: 22px; font-weight: 600; }
.kpi .l { color: var(--muted); font-size: 12px; }
blockquote { margin: 6px 0; padding: 4px 12px; border-left: 3px solid var(--line); white-space: pre-wrap; }
nav ol { columns: 2; margin: 4px 0 0; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html, body { width: auto; }
  body { max-width: none; padding: 0 2px; font-size: 10.5pt; }
  nav { display: none; }
  /* Each section starts a page; nothing is wider than the page. */
  section { break-before: page; page-break-before: always; }
  header + nav + section, header + section { break-before: auto; page-break-before: auto; }
  svg { max-width: 100% !important; height: auto !important; }
  .chart { overflow: hidden; }
  table { width: 100%; max-width: 100%; }
  /* Two cards per row that always fit: their borders stay on the page. */
  .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .card { padding: 6px 8px; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  .chart, .card, .kpis, tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  section.page { break-before: page; page-break-before: always; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The whole document: head (title, CSP, CSS) and the body built by `body`.
pub fn document(lang: Lang, title: &str, body: Html) -> String {
    let mut h = Html::new();
    h.raw("<!DOCTYPE html>\n<html lang=\"");
    h.raw(lang.html_lang());
    h.raw("\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    h.raw(CSP);
    h.raw("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n");
    h.el("title", title);
    h.raw("<style>");
    h.raw(CSS);
    h.raw("</style>\n</head>\n<body>\n");
    let mut out = h.into_string();
    out.push_str(&body.into_string());
    out.push_str("</body>\n</html>\n");
    out
}

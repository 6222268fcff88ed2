//! The report's last appendix: the run manifest (tool version, definition and input hashes,
//! options, counts), so that a printed report names the files that rebuild it.

use super::HtmlOptions;
use super::markup::{Cell, Html};
use crate::output::Report;

pub fn appendix(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
    let Some(manifest) = &report.results.manifest else {
        return;
    };
    let lang = options.lang;
    h.raw("<section class=\"page\" id=\"manifest\">\n");
    h.el("h2", &lang.pick("Run manifest", Some("运行清单")));
    h.el("p", &lang.pick(
        "The files, versions and options these numbers come from: `qbpc-index verify` re-runs them and checks every number.",
        Some("本报告数据所依据的文件、版本与选项；`qbpc-index verify` 可据此重新计算并核对每个数字。"),
    ));
    let header = [
        Cell::text(lang.pick("Key", Some("项目"))),
        Cell::text(lang.pick("Value", Some("内容"))),
    ];
    let rows: Vec<Vec<Cell>> = manifest
        .rows()
        .into_iter()
        .map(|(k, v)| vec![Cell::text(k), Cell::text(v)])
        .collect();
    h.table("manifest", &header, &rows);
    h.raw("</section>\n");
}

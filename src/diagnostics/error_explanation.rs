//! What each code of an error that stops a run means, what causes it and how to fix it: the
//! text of `qbpc-index explain-code CODE` and of the second part of `docs/codes.md`. One arm
//! per code (no wildcard, so a new code does not compile without its explanation).

use super::{AnyCode, ErrorCode, Explanation, Severity};

impl ErrorCode {
    /// The explanation of this code (its severity is always error: the run stopped, exit 2).
    pub fn explanation(self) -> Explanation {
        let (summary, cause, fix, example, zh) = match self {
            ErrorCode::AggregateRefused => (
                "A node's aggregation method refused the scores of its parts, so no index was computed.",
                "A geometric or harmonic mean met a value of 0 or less, or a generalised (power) mean met a part without a score. Such a mean is undefined there, and a guessed value would change the ranking.",
                "Follow the hint of the message: normalise onto a range above 0 (`minmax` with `low = 1`) or give the node `method = \"arithmetic\"`; for a generalised mean, impute the missing values or use another method for the node.",
                "",
                "某节点的聚合方法无法处理其子项得分（几何/调和平均遇到 ≤ 0 的值，或幂平均缺少子项得分），运行终止。请将标准化范围设在 0 以上（如 minmax 的 low = 1）或改用算术平均；幂平均则需插补缺失值或换用其他方法。",
            ),
            ErrorCode::DefinitionIncomplete => (
                "`questionnaire`: the definition lacks something a questionnaire needs.",
                "An item has no question text (`text` or `text_en`), so the questionnaire cannot ask it.",
                "Add the question text to the item named in the message (the location gives its TOML line).",
                "",
                "定义缺少生成问卷所需的内容（题项没有题干 text / text_en）。请为报错位置的题项补上题干。",
            ),
            ErrorCode::DefinitionInvalid => (
                "The index definition has errors, so nothing was run.",
                "The definition TOML breaks the rules of its shape or its contract (unknown keys, bad references, weights, scales ...); each error is printed above as `error[CODE]` with its own code.",
                "Fix the findings printed before this error; `qbpc-index validate --index FILE` lists the same findings, and `explain-code CODE` explains each.",
                "",
                "指数定义有错误，未执行任何计算。请按前面列出的 error[CODE] 逐一修正；validate --index 可列出同样的问题。",
            ),
            ErrorCode::DefinitionUnreadable => (
                "The index definition file cannot be read.",
                "The file given with `--index` (or the default `qbpc-index.toml`) does not exist, is a directory, or may not be read.",
                "Check the path and its permissions; `qbpc-index init` writes a starting definition.",
                "",
                "无法读取指数定义文件（不存在、是目录或无读取权限）。请检查路径与权限，或用 init 生成定义。",
            ),
            ErrorCode::Error => (
                "A run stopped for a reason that has no code of its own.",
                "Any other failure: a usage mistake, a file that is not the JSON a command expects, a format that cannot express the definition. The message says which.",
                "Read the message and its hint; the code is only a fallback for scripts, so match on it only to tell \"some other error\".",
                "",
                "运行因其他原因终止（用法错误、文件不是所需的 JSON 等），没有专门的代码。请阅读错误信息及提示。",
            ),
            ErrorCode::NoSurvey => (
                "`score` was given no survey file to score.",
                "The definition reads a survey export, and no file was given on the command line.",
                "Give the export: `qbpc-index score EXPORT.xlsx` (or `--source ID=FILE` for a named source).",
                "",
                "未提供要计分的问卷文件。请在命令行给出问卷导出文件。",
            ),
            ErrorCode::NoSurveySource => (
                "A survey file was given, but the definition has no survey source to read it.",
                "Every `[[sources]]` block of the definition is of another kind (platform-level data), so no source says how to read a survey export.",
                "Add a `[[sources]]` block with `kind = \"survey\"` to the definition, or give the file with `--source ID=FILE` for the source it belongs to.",
                "",
                "给出了问卷文件，但定义中没有 kind = \"survey\" 的数据源。请添加该数据源，或用 --source 指定所属数据源。",
            ),
            ErrorCode::NothingScored => (
                "No platform has a score, so there is nothing to rank.",
                "The export rates no platform of the definition (platform names that match no name or alias), or every submission was excluded by the quality checks, or only platform-level data gave scores.",
                "Run `qbpc-index inspect FILE` to see which columns and platforms are read; `init --from FILE` drafts a definition from an export; `--exclusions log.csv` lists why submissions were excluded.",
                "",
                "没有任何平台得分，无法排名。请用 inspect 查看读取到的列与平台，或用 --exclusions 查看被排除的答卷及原因。",
            ),
            ErrorCode::OutputIsInput => (
                "An output would overwrite one of the inputs, so nothing was written.",
                "The file named for an output (`-o/--output`, `--exclusions`, `--manifest` ...) is the same file as an input (a survey export, the definition), perhaps through a link.",
                "Give the output a new file name.",
                "",
                "输出文件与某个输入文件相同，写入会毁掉输入，因此未写任何文件。请为输出另取文件名。",
            ),
            ErrorCode::OutputTwice => (
                "Two outputs name the same file, so nothing was written.",
                "Two output options name one file (or both name standard output, `-`), so one would overwrite the other.",
                "Give each output its own file (`-` for standard output, once).",
                "",
                "两个输出指向同一个文件（或都指向标准输出），因此未写任何文件。请为每个输出指定不同的文件。",
            ),
            ErrorCode::ReadFailed => (
                "An input file cannot be read.",
                "The file (a survey export, a result file for `compare` or `explain`, a manifest for `verify`) does not exist, is a directory, or may not be read.",
                "Check the path and its permissions. The message names the file and the system's reason.",
                "error: cannot read missing.csv: No such file or directory (os error 2)",
                "无法读取输入文件（不存在、是目录或无读取权限）。请检查路径与权限。",
            ),
            ErrorCode::RenderFailed => (
                "An output could not be rendered, so nothing was written.",
                "Writing the output in memory failed (CSV, JSON, XLSX, Parquet or a chart): usually a limit of the format, such as a sheet too large for XLSX.",
                "Choose another format (`--format csv` has no size limit); if the message points at no limit, report it as a bug with the command you ran.",
                "",
                "输出内容无法生成（CSV、JSON、XLSX、Parquet 或图表），未写任何文件。请换用其他格式；若非格式限制，请报告问题。",
            ),
            ErrorCode::StdinTwice => (
                "Two inputs both read standard input (`-`), which can be read only once.",
                "More than one input was given as `-`.",
                "Give all but one of them as files.",
                "",
                "多个输入都读取标准输入（-），而标准输入只能读一次。请把其余输入改为文件。",
            ),
            ErrorCode::TooManyDuplicates => (
                "More submissions would be dropped as duplicates than `max_duplicate_share` allows.",
                "Deduplication would drop a larger share of the file than `[quality] max_duplicate_share`: usually the column that identifies a respondent does not tell respondents apart (a shared account, an empty column).",
                "Name the column that identifies a respondent with `respondent = \"...\"` in the source; if so many resubmissions are real, raise `max_duplicate_share` in `[quality]`, or set `dedupe = \"none\"`.",
                "",
                "按重复答卷删除的比例超过 max_duplicate_share。请用 respondent 指定能区分受访者的列；如确属大量重复提交，可调大该比例或设 dedupe = \"none\"。",
            ),
            ErrorCode::UnknownSource => (
                "`--source ID=FILE` names a source the definition does not have.",
                "The ID before `=` is not the `id` of any `[[sources]]` block of the definition.",
                "Use one of the source ids listed in the hint, or add the source to the definition.",
                "",
                "--source 指定的数据源 ID 不在定义中。请使用提示中列出的数据源 ID，或在定义中添加该数据源。",
            ),
            ErrorCode::UnreadableInput => (
                "An input file was read but its content cannot be understood.",
                "The file is not in a format the tool reads (CSV, XLSX, SAV ...), is damaged, or does not match what its source expects (a missing header, an encoding that is not UTF-8 or GB18030). The message says what was wrong.",
                "Follow the message and its hint: export the file again from the survey platform, or save it as CSV (UTF-8) or XLSX.",
                "",
                "输入文件可以读取但内容无法解析（格式不支持、文件损坏或结构不符）。请按提示重新导出，或另存为 UTF-8 CSV / XLSX。",
            ),
            ErrorCode::Usage => (
                "The command line cannot be parsed: an unknown option, a missing or invalid value, or options that exclude each other.",
                "A typo in an option name, a value outside the listed ones (`--format jsn`), an option the subcommand does not take, or a required argument left out. The argument parser stops before anything is read.",
                "Read the message on standard error, then `qbpc-index COMMAND --help` for the options of that subcommand and their values.",
                "qbpc-index score survey.xlsx --formt json",
                "命令行参数无法解析（未知选项、缺少或无效的取值、互斥选项）。请查看标准错误中的信息，并用 qbpc-index 子命令 --help 查看可用选项。",
            ),
            ErrorCode::WriteFailed => (
                "An output file or directory cannot be written.",
                "The directory does not exist or may not be written, the disk is full, or the path names a directory. Nothing partial is left behind: outputs are written atomically.",
                "Check the path and its permissions, or write elsewhere; the hint names the likely cause.",
                "",
                "无法写入输出文件或目录（目录不存在、无写权限、磁盘已满等）。不会留下不完整的文件。请检查路径与权限。",
            ),
        };
        Explanation {
            severity: &[Severity::Error],
            summary,
            cause,
            fix,
            example,
            zh,
        }
    }
}

impl AnyCode {
    /// The explanation of a code of either kind.
    pub fn explanation(self) -> Explanation {
        match self {
            AnyCode::Finding(c) => c.explanation(),
            AnyCode::Stop(c) => c.explanation(),
        }
    }
}

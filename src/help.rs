//! Worked examples shown after each subcommand's `--help`. Every command line here starts with
//! `qbpc-index ` and reads only files bundled in `examples/` and `fixtures/` (or files an
//! earlier line of the same block wrote), so that `tests/cli/help.rs` can run each one from a
//! clone of the repository: an example that stops parsing (exit 2) fails the tests.

/// Shown after the top-level `--help`.
pub const MAIN: &str = "\
Examples (from a clone of the repository):
  # Rank the platforms of the bundled 问卷星 export, with the opinion data
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv

  # The same ranking as a bilingual Excel workbook
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -o ranking.xlsx

More: `qbpc-index help COMMAND`, `qbpc-index man`, and the README.";

pub const SCORE: &str = "\
Examples:
  # The terminal table, then the warnings on standard error
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv

  # The table with Chinese headers and names only
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --lang zh

  # Machine-readable results for R, Python or Excel (format from the extension)
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -o results.json -q
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -o results.csv --bom -q

  # Typed Parquet for DuckDB, Spark, polars or R's arrow (a --source may be
  # Parquet or Arrow IPC too)
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -o results.parquet -q

  # One row per platform and dimension (long CSV, for ggplot2 or pandas)
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --format csv \\
      --level dimension -q

  # 95% intervals from 200 bootstrap replicates over respondents
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --bootstrap 200 \\
      --seed 7 -q

  # A platform-level index, no survey (COINr's ASEM example)
  qbpc-index score --index examples/coinr/v1_minmax_amean.toml --format md";

pub const SENSITIVITY: &str = "\
Examples:
  # Rank ranges when each dimension weight varies by up to ±25%
  qbpc-index sensitivity examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --runs 500 -q

  # Dirichlet weights and a random index method per run, as JSON
  qbpc-index sensitivity examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --perturb dirichlet:50 \\
      --methods arithmetic,geometric --runs 500 -f json -o sensitivity.json \\
      -q";

pub const STATS: &str = "\
Examples:
  # Cronbach's alpha per dimension and indicator, item statistics, weights
  qbpc-index stats examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -q

  # The same tables in Chinese (headings and dimension names)
  qbpc-index stats examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --lang zh -q

  # The same numbers as JSON
  qbpc-index stats examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -f json -o stats.json \\
      -q";

pub const VALIDATE: &str = "\
Examples:
  # Check a definition alone
  qbpc-index validate --index examples/custom-index.toml

  # Check the embedded definition against a survey export (exit 1 on errors)
  qbpc-index validate examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv

  # Every problem as JSON, for a script
  qbpc-index validate examples/survey_wjx.xlsx --format json";

pub const INIT: &str = "\
Examples:
  # Write the embedded QBPC definition to ./qbpc-index.toml, to edit it
  qbpc-index init

  # Draft a definition from a new export (questions, scales, platforms)
  qbpc-index init --from examples/survey_wjx.xlsx -o draft.toml
  qbpc-index validate --index draft.toml

  # Each row rates a unit the embedded list does not know (here a video game):
  # state the column that names it; its values become [platforms.ID]
  qbpc-index init --from fixtures/real/google_forms_games_awe.tsv \\
      --platform-column \"What is the title of the game?\" -o games.toml";

pub const QUESTIONNAIRE: &str = "\
Examples:
  # The XLSForm of the embedded QBPC definition, for KoboToolbox or ODK
  qbpc-index questionnaire --format xlsform -o qbpc-form.xlsx

  # A printable bilingual form, and a Chinese Markdown one
  qbpc-index questionnaire --format html -o questionnaire.html
  qbpc-index questionnaire --format md --lang zh -o questionnaire.md

  # An offline response template (one row per platform) for a custom definition
  qbpc-index questionnaire --index examples/custom-index.toml \\
      --format xlsx -o responses.xlsx";

pub const INSPECT: &str = "\
Examples:
  # What is read in an export: preset, layout, respondent, platforms, answers
  qbpc-index inspect examples/survey_wjx.xlsx

  # The same as JSON
  qbpc-index inspect fixtures/tidy_long.csv --format json";

pub const REPORT: &str = "\
Examples:
  # A self-contained HTML report, in Chinese
  qbpc-index report examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --lang zh \\
      -o report.html -q

  # With 200 bootstrap replicates (intervals on the charts)
  qbpc-index report examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --bootstrap 200 \\
      -o report.html -q

  # With a trend section over an earlier wave's result file
  qbpc-index score fixtures/waves/survey_2025.csv \\
      --index fixtures/waves/2025.toml -o wave2025.json -q
  qbpc-index report fixtures/waves/survey_2026.csv \\
      --index fixtures/waves/2026.toml --previous wave2025.json \\
      -o report.html -q";

pub const SCORECARDS: &str = "\
Examples:
  # One HTML and one Markdown scorecard per platform, in both languages
  qbpc-index scorecards examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -o scorecards -q

  # English only
  qbpc-index scorecards examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -o scorecards-en \\
      --lang en -q";

pub const COMPARE: &str = "\
Examples:
  # Score two waves as JSON, then compare them
  qbpc-index score fixtures/waves/survey_2025.csv \\
      --index fixtures/waves/2025.toml -o wave2025.json -q
  qbpc-index score fixtures/waves/survey_2026.csv \\
      --index fixtures/waves/2026.toml -o wave2026.json -q
  qbpc-index compare wave2025.json wave2026.json -q

  # The changes as a long CSV (one row per platform, target and wave)
  qbpc-index compare wave2025.json wave2026.json --format csv --long \\
      -o changes.csv -q

  # The HTML trend page, in Chinese
  qbpc-index compare wave2025.json wave2026.json --lang zh -o trend.html -q";

pub const EXPLAIN: &str = "\
Examples:
  # How Tmall's index score is built, from the survey export
  qbpc-index explain tmall examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -q

  # The same in English and Chinese (headings, sentences, names)
  qbpc-index explain tmall examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv --lang both -q

  # From a result file, as Markdown
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv -o results.json -q
  qbpc-index explain 天猫 --results results.json --format md";

pub const VERIFY: &str = "\
Examples:
  # Score with a manifest, then check that the run reproduces
  qbpc-index score examples/survey_wjx.xlsx \\
      --source opinion=examples/platform_opinion.csv \\
      --manifest run.manifest.json -o results.json -q
  qbpc-index verify run.manifest.json

  # A JSON result carries its own manifest
  qbpc-index verify results.json --format json";

pub const COMPLETIONS: &str = "\
Examples:
  # Print the script for bash (or zsh, fish, powershell)
  qbpc-index completions bash

  # Bash: for this shell, then for every new one
  source <(qbpc-index completions bash)
  qbpc-index completions bash > \\
      ~/.local/share/bash-completion/completions/qbpc-index

  # Zsh (a directory on $fpath), fish, PowerShell
  qbpc-index completions zsh > ~/.zfunc/_qbpc-index
  qbpc-index completions fish > ~/.config/fish/completions/qbpc-index.fish
  qbpc-index completions powershell >> $PROFILE";

pub const MAN: &str = "\
Examples:
  # Print the manual page (roff)
  qbpc-index man

  # Read it
  qbpc-index man | man -l -

  # Install it for `man qbpc-index`
  qbpc-index man > ~/.local/share/man/man1/qbpc-index.1";

pub const EXPLAIN_CODE: &str = "\
Examples:
  # What a finding means, what causes it and how to fix it
  qbpc-index explain-code unknown-platform

  # The code of a JSON error (a run that stopped, exit 2) is explained too
  qbpc-index explain-code read-failed

  # Every code with its severity and meaning
  qbpc-index explain-code --list

  # Every explanation as Markdown (this is docs/codes.md)
  qbpc-index explain-code --all --format md";

pub const SCHEMA: &str = "\
Examples:
  # Print the definition's schema
  qbpc-index schema definition

  # Save it beside the definition that `init` writes
  qbpc-index schema definition > qbpc-index.schema.json

  # The schema of every JSON result (score, compare, explain, validate, inspect)
  qbpc-index schema results > qbpc-index.results.schema.json";

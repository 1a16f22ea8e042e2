//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "vetter",
    version,
    about = "Review facts extracted from articles, by keyboard, in a terminal",
    long_about = "Review facts extracted from articles, by keyboard, in a terminal.\n\n\
        With no command, vetter reviews (and takes `review`'s options): by default the bundled \
        sample articles with the default schema, saving annotations under ./annotations/<reviewer>/.",
    after_help = "Config: $VETTER_CONFIG names the config directory (config.ron, keymap.ron); \
        otherwise the platform's config directory. NO_COLOR turns colours off.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
    /// With no command, vetter takes `review`'s arguments.
    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Review articles: confirm, correct or reject each field (the default command)
    Review(ReviewArgs),
    /// Check annotation files against the schema and the corpus
    Validate(ValidateArgs),
    /// Print a schema, its JSON Schema for LLM structured output, or check a schema file
    Schema(SchemaArgs),
    /// Write predictions for every article with the built-in extractor (JSONL, streaming)
    Extract(ExtractArgs),
    /// Score predictions against gold: precision, recall, F1 and accuracy per field
    Eval(EvalCliArgs),
    /// Fit the tables that turn the rules' raw scores into confidences (probabilities)
    Calibrate(CalibrateCliArgs),
    /// Rewrite annotation files made under an older version of a schema to its current version
    Migrate(MigrateArgs),
    /// Review progress per reviewer, and what reviewers did with the suggestions, per field
    Stats(StatsCliArgs),
    /// How far reviewers agree: per field, observed agreement and Krippendorff's alpha
    Agree(AgreeCliArgs),
    /// Print each article's shards for a team (JSONL), as `review --shard K/N` gives them
    Shard(ShardCliArgs),
    /// Settle the reviewers' annotations of the articles two or more of them finished
    Adjudicate(AdjudicateArgs),
    /// Export finished annotations as JSONL, CSV or spans (one reviewer's, or the gold set)
    Export(ExportCliArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    vetter stats                                   every reviewer under ./annotations\n  \
    vetter stats annotations/ann                   one reviewer's folder\n  \
    vetter stats annotations --corpus corpus.jsonl --json\n\n\
    Per reviewer: articles by status, flagged, active time (total; median and p90 per done \
    article) and done articles per active hour. Per field (a group's sub-fields as \
    group.sub): of the reviewed fields with a suggestion, how many were confirmed, corrected or \
    rejected (accepted = confirmed / suggested); of those without, how many the reviewer \
    filled. Files that cannot be read are reported on stderr and counted. Exit status 1 if no \
    annotation could be read.")]
pub struct StatsCliArgs {
    /// The annotations directory, one subfolder per reviewer (or one reviewer's folder)
    #[arg(default_value = "annotations")]
    pub dir: PathBuf,
    /// Count only the articles of this corpus, and report how many of them have no annotation
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Print JSON for machines instead of the tables
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    vetter migrate annotations --schema my-v2.ron --dry-run   report what would change\n  \
    vetter migrate annotations --schema my-v2.ron             rewrite the older files\n\n\
    Each older file is rewritten atomically; files of the current version, and files that do not \
    parse or migrate, are left as they were. Exit status 1 if any file could not be migrated.")]
pub struct MigrateArgs {
    /// A directory of annotation files (searched recursively) or one file
    pub dir: PathBuf,
    /// The schema (RON) to migrate to; its `migrations` say what changed since older versions
    #[arg(long, value_name = "FILE")]
    pub schema: PathBuf,
    /// Report what would change without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    vetter eval --gold annotations/example --pred predictions.jsonl\n  \
    vetter eval --gold annotations --reviewer ann --pred predictions.jsonl\n  \
    vetter eval --gold annotations --gold-adjudicated --pred predictions.jsonl\n  \
    vetter extract ../shared/eval/gva-dev/articles.jsonl > dev.jsonl\n  \
    vetter eval --gold ../shared/eval/gva-dev/gold.jsonl --pred dev.jsonl --json\n  \
    vetter eval --gold ../shared/eval/gva-dev/gold.jsonl --pred dev.jsonl --errors | grep gender\n  \
    vetter eval --gold ../shared/eval/gva-dev/gold.jsonl --pred dev.jsonl --calibration --plot r.svg")]
pub struct EvalCliArgs {
    /// Gold: an annotations directory (RON) or a JSONL in the interchange format
    #[arg(long, value_name = "PATH")]
    pub gold: PathBuf,
    /// Predictions: a JSONL in the interchange format
    #[arg(long, value_name = "FILE")]
    pub pred: PathBuf,
    /// Article texts, to score separately the gold values the text supports
    /// [default: articles.jsonl beside a gold JSONL]
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// The schema (RON) that gives field types [default: the bundled incident schema]
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Print JSON for machines instead of the table (with --errors: one JSON object a line)
    #[arg(long)]
    pub json: bool,
    #[arg(
        long,
        help = "Instead of the table, list every wrong value, one a line, tab-separated: article \
                id, field, kind (missed, extra or wrong), gold, prediction (values as JSON, - for \
                none) and the prediction's evidence quotes. A participant's sub-field is \
                participants[gG,pP].sub for the pair of gold record G and predicted record P \
                (from 0); participants[gG] is a gold record nobody predicted, participants[pP] a \
                predicted record matching no gold record"
    )]
    pub errors: bool,
    #[arg(
        long,
        conflicts_with = "errors",
        help = "Instead of the table, how well the confidences are calibrated: per field (a \
                group's sub-fields as participants.gender) and over all, the suggestions with a \
                confidence whose field gold scores, their mean confidence, their accuracy (the \
                report's exact match; a sub-field of a predicted record that pairs with no gold \
                record is wrong) and the expected calibration error over 10 equal-width bins \
                (with --json: the same as JSON, with the bins)"
    )]
    pub calibration: bool,
    /// With --calibration: also draw the reliability diagram (SVG) to FILE: one panel for all
    /// suggestions and one per field with 200 or more
    #[arg(long, value_name = "FILE.svg", requires = "calibration")]
    pub plot: Option<PathBuf>,
    /// With an annotations root of several reviewers: score this reviewer's annotations
    #[arg(long, value_name = "NAME", conflicts_with = "gold_adjudicated")]
    pub reviewer: Option<String>,
    /// With an annotations root of several reviewers: score the adjudicated annotations
    #[arg(long)]
    pub gold_adjudicated: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    vetter calibrate --gold ../shared/eval/gva-train/gold.jsonl \\\n      \
    --articles ../shared/eval/gva-train/articles.jsonl --schema assets/schema/incident.ron --write\n  \
    vetter calibrate --from annotations --articles corpus.jsonl --schema my.ron -o refit.ron\n\n\
    The extractor runs on the articles with raw scores; each suggestion is labelled right or \
    wrong (--gold: as `vetter eval --calibration` judges it; --from: confirmed, or when the \
    rules now suggest another value, whether it is the reviewer's final value). Isotonic \
    regression fits, per field and cue, P(right) against the raw score; a cue with fewer than \
    30 suggestions uses its field's pooled table, a field with fewer uses the table of every \
    field. Without --write or -o the section is printed; a summary goes to stderr.")]
pub struct CalibrateCliArgs {
    /// Gold: an interchange JSONL (or one reviewer's annotations directory)
    #[arg(
        long,
        value_name = "PATH",
        required_unless_present = "from",
        conflicts_with = "from"
    )]
    pub gold: Option<PathBuf>,
    /// Reviewers' annotations (searched recursively): their verdicts on the suggestions
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// The article texts (a JSONL or a directory of .txt/.md)
    #[arg(long, value_name = "PATH")]
    pub articles: PathBuf,
    /// The schema file (RON) whose rules extract and whose tables are refitted [default: the
    /// bundled incident schema]
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Rewrite the schema file's calibration section in place (atomically; the rest of the file
    /// is kept byte for byte)
    #[arg(long, requires = "schema", conflicts_with = "output")]
    pub write: bool,
    /// Write the schema with the new calibration section to FILE (atomically)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  vetter extract assets/articles > predictions.jsonl\n  \
    vetter extract corpus.jsonl -o predictions.jsonl -j 4\n  \
    cat corpus.jsonl | vetter extract - | gzip > predictions.jsonl.gz"
)]
pub struct ExtractArgs {
    /// A directory of .txt/.md articles, a JSONL file of articles, or - for JSONL on stdin
    pub corpus: PathBuf,
    /// Write the predictions to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads [default: all cores]
    #[arg(short = 'j', long, value_name = "THREADS", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// The schema file (RON) whose rules extract [default: the bundled incident schema]
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  vetter schema                      print the bundled schema (RON)\n  \
    vetter schema --json-schema        the JSON Schema of a predictions line's `fields`\n  \
    vetter schema --check my.ron       report problems in a schema file"
)]
pub struct SchemaArgs {
    /// The schema file (RON) [default: the bundled incident schema]
    pub schema: Option<PathBuf>,
    /// Print a JSON Schema (draft 2020-12) of the `fields` object of a predictions line
    #[arg(long, conflicts_with = "check")]
    pub json_schema: bool,
    /// Check a schema file and report its problems with file:line:column
    #[arg(long, value_name = "FILE", conflicts_with = "schema")]
    pub check: Option<PathBuf>,
}

#[derive(Debug, Args, Default)]
pub struct ReviewArgs {
    /// A directory of .txt/.md articles, or a JSONL file of articles [default: the bundled samples]
    pub corpus: Option<PathBuf>,
    /// The schema file (RON) [default: the bundled incident schema]
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Where annotations are saved, one directory per reviewer
    #[arg(long, value_name = "DIR", default_value = "annotations")]
    pub annotations: PathBuf,
    /// Your name in annotation files [default: from config.ron, else $USER]
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// Suggestions to pre-fill the form: JSONL in the interchange format (see README)
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Open this article first (by id) instead of the first one not done
    #[arg(long, value_name = "ID")]
    pub start: Option<String>,
    /// Do not run the built-in extractor: articles without predictions get empty forms
    #[arg(long)]
    pub no_extract: bool,
    /// Look without editing: nothing is saved, and the reviewer's folder is not locked
    #[arg(long)]
    pub read_only: bool,
    /// Review only your share of the corpus: shard K of N, by article id (see `vetter shard`)
    #[arg(long, value_name = "K/N", value_parser = k_of_n)]
    pub shard: Option<(u32, u32)>,
    /// With --shard: the fraction P (0 to 1) of articles also given to a second reviewer
    #[arg(long, value_name = "P", requires = "shard", value_parser = overlap)]
    pub overlap: Option<f64>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A directory of annotation files (searched recursively) or one file
    #[arg(default_value = "annotations")]
    pub dir: PathBuf,
    /// The schema file (RON) [default: the bundled incident schema]
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// The corpus the annotations belong to [default: the bundled samples]
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Do not check against a corpus (ids, text hashes, evidence quotes)
    #[arg(long, conflicts_with = "corpus")]
    pub no_corpus: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    vetter agree                                   every reviewer under ./annotations\n  \
    vetter agree annotations --corpus corpus.jsonl --json\n\n\
    Over the articles that two or more reviewers marked done (adjudicated annotations are not \
    reviews), per field (a group's sub-fields as group.sub): articles compared, pairable units \
    and values, observed agreement (the share of equal pairs of two reviewers' values) and \
    Krippendorff's alpha: nominal distance for text (normalised as eval compares it), enum, \
    date and boolean; interval for integers (\"not mentioned\" as far from a number as the two \
    furthest numbers); MASI for multi. \"Not mentioned\" is a value; an unreviewed field is \
    missing. Participants are aligned with eval's matcher; a record only some reviewers have \
    is a disagreement; sub-fields are compared on aligned records. Alpha is \"undefined\" with \
    one unit or none, or when every value is the same. Also: each pair of reviewers, and the \
    10 articles with the most disagreeing fields. Files that cannot be read are reported on \
    stderr and counted. Exit status 1 if no article was marked done by two reviewers.")]
pub struct AgreeCliArgs {
    /// The annotations directory, one subfolder per reviewer
    #[arg(default_value = "annotations")]
    pub dir: PathBuf,
    /// Compare only the articles of this corpus
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// The schema file (RON) whose fields are compared [default: the bundled incident schema]
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Print JSON for machines instead of the tables
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    vetter shard corpus.jsonl --shards 3                 each article's one shard\n  \
    vetter shard corpus.jsonl --shards 3 --overlap 0.1   a tenth of them in two shards\n\n\
    One JSON line per article, in corpus order: {\"id\": ..., \"shards\": [k] or [k, k2]} \
    (numbered from 1). The shard follows from the article id alone (SHA-256), so an article \
    keeps it when others are added or the corpus is reordered. Reviewer K runs \
    `vetter review CORPUS --shard K/N --overlap P` with the same N and P. A summary (articles \
    per shard, how many are in two) is printed on stderr.")]
pub struct ShardCliArgs {
    /// A directory of .txt/.md articles, or a JSONL file of articles
    pub corpus: PathBuf,
    /// How many reviewers share the corpus
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub shards: u32,
    /// The fraction P (0 to 1) of articles also given to a second reviewer
    #[arg(long, value_name = "P", default_value = "0", value_parser = overlap)]
    pub overlap: f64,
}

fn k_of_n(s: &str) -> Result<(u32, u32), String> {
    crate::core::shard::parse_k_of_n(s).map_err(|e| e.to_string())
}

fn overlap(s: &str) -> Result<f64, String> {
    crate::core::shard::parse_overlap(s).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    vetter adjudicate                              the bundled samples, ./annotations\n  \
    vetter adjudicate corpus.jsonl --annotations team/ --reviewer lead\n\n\
    The articles that two or more reviewers finished, beside each one's values: fields they \
    agree on are confirmed already; digits 1-9 take reviewer N's value with its evidence, c \
    shows the next reviewer's evidence, e edits, D finishes and opens the next one waiting. \
    The adjudicated annotation is saved under the adjudicator's own folder and records where \
    each field's value came from.")]
pub struct AdjudicateArgs {
    /// A directory of .txt/.md articles, or a JSONL file of articles [default: the bundled samples]
    pub corpus: Option<PathBuf>,
    /// The annotations directory, one subfolder per reviewer
    #[arg(long, value_name = "DIR", default_value = "annotations")]
    pub annotations: PathBuf,
    /// The adjudicator's name in annotation files [default: from config.ron, else $USER]
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// The schema file (RON) [default: the bundled incident schema]
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
}

/// `vetter export`'s output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The interchange format, with id, reviewers, basis, text hash and status
    Jsonl,
    /// One row per article (or per record with --table), RFC 4180, UTF-8
    Csv,
    /// {"id", "text", "spans": [{"start", "end", "label", "value"}]} per article
    Spans,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    vetter export --gold --format jsonl -o gold.jsonl\n  \
    vetter export annotations --reviewer ann --format csv --table participants\n  \
    vetter export --gold --format spans --corpus corpus.jsonl --pseudonymise -o spans.jsonl\n\n\
    Only done articles are exported; each article left out is named on stderr with the reason.")]
pub struct ExportCliArgs {
    /// The annotations directory (one folder per reviewer) or one reviewer's folder
    #[arg(default_value = "annotations")]
    pub dir: PathBuf,
    /// The output format
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Export this reviewer's annotations
    #[arg(long, value_name = "NAME", conflicts_with = "gold")]
    pub reviewer: Option<String>,
    /// Export each article's gold annotation: adjudicated, else agreed by every reviewer who
    /// finished it, else the only reviewer's
    #[arg(long)]
    pub gold: bool,
    /// CSV: one row per record of this group field (e.g. participants)
    #[arg(long, value_name = "GROUP")]
    pub table: Option<String>,
    /// Spans: offsets in UTF-8 bytes instead of code points
    #[arg(long)]
    pub byte_offsets: bool,
    /// Replace the names of participants under 18 by [minor N], in values and text
    #[arg(long)]
    pub pseudonymise: bool,
    /// The article texts, for spans and --pseudonymise [default: the bundled samples]
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// The schema (RON) [default: the bundled incident schema]
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
}

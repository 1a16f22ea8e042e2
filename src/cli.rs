//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "vetter",
    version,
    about = "Review facts extracted from articles, by keyboard, in a terminal",
    long_about = "Review facts extracted from articles, by keyboard, in a terminal.\n\n\
        With no command, vetter reviews the bundled sample articles with the default schema and \
        saves annotations under ./annotations/<reviewer>/.",
    after_help = "Config: $VETTER_CONFIG names the config directory (config.ron, keymap.ron); \
        otherwise the platform's config directory. NO_COLOR turns colours off."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Review articles: confirm, correct or reject each field (the default command)
    Review(ReviewArgs),
    /// Check annotation files against the schema and the corpus
    Validate(ValidateArgs),
    /// Print a schema, its JSON Schema for LLM structured output, or check a schema file
    Schema(SchemaArgs),
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

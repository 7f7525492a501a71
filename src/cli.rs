//! The command line's syntax (clap derive). Values are validated in `config.rs`.

use clap::{Parser, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  Check one photo with the values you will type into the form:
    kyc-check passport.jpg --doc-type passport --name \"ANNA MARIA ERIKSSON\" --dob 1974-08-12

  Triage a folder quickly in a script, one JSON object per photo, and list the photos with a
  predicted rejection. Without reading (--no-ocr) only the photo quality is judged, so every
  photo is at best unverified (exit 3) and the filter is on the codes: this
  cannot see a name or number mismatch (E005) or an expired document (E018); run without
  --no-ocr for those:
    # photo-quality rejections only: no E005, no E018
    kyc-check photos/ --no-ocr --format ndjson | jq -r 'select(.codes | length > 0) | .file'

  Per-photo form values for a batch:
    kyc-check photos/ --fields values.csv --format json

Exit status: 0 no predicted rejection and everything given was checked; 1 at least one
predicted rejection; 2 usage error or at least one input that could not be read (the others are
still checked); 3 no predicted rejection, but at least one photo is unverified (a form value
given could not be compared with the document, or the document could not be found or read).
Over a batch the highest in the order 2 > 1 > 3 > 0 wins; 130 when stopped by Ctrl-C.";

/// Predict the KYC rejection an exchange would give a photo of your ID document, offline.
#[derive(Debug, Parser)]
#[command(name = "kyc-check", version = crate::version::LONG.as_str(), after_help = AFTER_HELP)]
pub struct Cli {
    /// Image files or folders (searched recursively for jpg, jpeg, png, webp, tif, tiff, bmp).
    #[arg(required_unless_present = "list_codes")]
    pub paths: Vec<PathBuf>,

    /// The document type you will select in the form: passport, id-card, driving-licence or
    /// residence-permit.
    #[arg(long, value_name = "TYPE")]
    pub doc_type: Option<String>,

    /// Your full name as you will type it, e.g. "ANNA MARIA ERIKSSON".
    #[arg(long)]
    pub name: Option<String>,

    /// Date of birth as you will type it, YYYY-MM-DD.
    #[arg(long)]
    pub dob: Option<String>,

    /// Document number as you will type it.
    #[arg(long)]
    pub doc_number: Option<String>,

    /// Expiry date, if the form asks for it, YYYY-MM-DD.
    #[arg(long)]
    pub expiry: Option<String>,

    /// Nationality: ISO 3166 alpha-3 code (e.g. DEU) or English country name.
    #[arg(long)]
    pub nationality: Option<String>,

    /// Per-file form values: CSV with header file,name,dob,doc_number,expiry,doc_type,nationality
    /// (and optionally back: the photo of the card's other side).
    #[arg(long, value_name = "FILE")]
    pub fields: Option<PathBuf>,

    /// The other side of a card or licence, checked together with the photo (for batches: the
    /// `back` column of --fields).
    #[arg(long, value_name = "FILE")]
    pub back: Option<PathBuf>,

    /// Also pre-check a selfie taken the way the liveness step will see you.
    #[arg(long, value_name = "FILE")]
    pub selfie: Option<PathBuf>,

    /// The date to judge expiry and age against (default: today), YYYY-MM-DD.
    #[arg(long)]
    pub today: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

    /// Image-quality and form checks only, no reading (fast triage).
    #[arg(long)]
    pub no_ocr: bool,

    /// Also write, per input, a PNG showing what was found into this folder.
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,

    /// Parallel workers for many files (default: number of cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<String>,

    /// Print the rejection-code table (as JSON with --format json) and exit.
    #[arg(long)]
    pub list_codes: bool,

    /// Tesseract data directory (default: the system's).
    #[arg(long, value_name = "DIR")]
    pub tessdata: Option<PathBuf>,

    /// Tesseract languages, e.g. eng or eng+chi_sim.
    #[arg(long, default_value = "eng")]
    pub lang: String,

    /// Mask document numbers and names in all output (for sharing logs).
    #[arg(long)]
    pub redact: bool,

    /// Only the verdict line per file.
    #[arg(short, long)]
    pub quiet: bool,

    /// When to use colour in text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Ndjson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

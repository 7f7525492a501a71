//! The command line's syntax (clap derive). Values are validated in `config.rs`.

use crate::form::DocType;
use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::{Parser, ValueEnum};
use std::ffi::OsStr;
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

  Shell completions and the manual page:
    kyc-check --generate bash > ~/.local/share/bash-completion/completions/kyc-check
    kyc-check --generate man | man -l -

JSON shape: --format json prints one object when exactly one file path is given, and an array
otherwise (a folder, even one holding a single photo, or several paths). --format ndjson prints
one object per line in every case.

Batches: with more than one photo, a bar shows progress when both stdout and stderr are a
terminal, and a summary (counts per verdict and per code, errors, time taken) ends the run on
stderr; -q leaves the summary out.

Colour: --color auto (the default) colours text output on a terminal, unless NO_COLOR is set,
CLICOLOR=0 or TERM=dumb; CLICOLOR_FORCE=1 colours it even through a pipe.

Exit status: 0 no predicted rejection and everything given was checked; 1 at least one
predicted rejection; 2 usage error or at least one input that could not be read (the others are
still checked); 3 no predicted rejection, but at least one photo is unverified (a form value
given could not be compared with the document, or the document could not be found or read).
Over a batch the highest in the order 2 > 1 > 3 > 0 wins; 130 when stopped by Ctrl-C.";

/// Predict the KYC rejection an exchange would give a photo of your ID document, offline.
#[derive(Debug, Parser)]
#[command(name = "kyc-check", version = crate::version::LONG.as_str(), after_help = AFTER_HELP)]
pub struct Cli {
    /// Image files or folders (searched recursively for jpg, jpeg, png, webp, tif, tiff, bmp;
    /// HEIC, HEIF and AVIF files found there are reported as errors with how to convert them).
    #[arg(required_unless_present_any = ["list_codes", "generate"], value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// The document type you will select in the form.
    #[arg(long, value_name = "TYPE", value_parser = DocTypeParser)]
    pub doc_type: Option<DocTypeArg>,

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

    /// Output format. json: one object for a single file path, an array for a folder or several
    /// paths; ndjson: one object per line.
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

    /// Print the rejection-code table (as JSON with --format json, one object per line with
    /// --format ndjson) and exit.
    #[arg(long)]
    pub list_codes: bool,

    /// Print a shell completion script or the manual page (roff) on stdout and exit.
    #[arg(long, value_enum, value_name = "KIND", exclusive = true)]
    pub generate: Option<GenerateArg>,

    /// Tesseract data directory (default: the system's).
    #[arg(long, value_name = "DIR")]
    pub tessdata: Option<PathBuf>,

    /// Tesseract languages, e.g. eng or eng+chi_sim.
    #[arg(long, default_value = "eng")]
    pub lang: String,

    /// Mask document numbers and names in all output (for sharing logs).
    #[arg(long)]
    pub redact: bool,

    /// Only the verdict line per file, and no batch summary.
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

/// What `--generate` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateArg {
    Bash,
    Zsh,
    Fish,
    #[value(name = "powershell")]
    PowerShell,
    // the manual page, roff (`man -l -` shows it)
    Man,
}

/// `--doc-type`: the values are listed in `--help` and completions; the aliases are the other
/// spellings accepted before (and still accepted in a `--fields` CSV, see `DocType::parse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocTypeArg {
    Passport,
    #[value(alias = "id", alias = "idcard")]
    IdCard,
    #[value(alias = "driving-license", alias = "drivers-license")]
    DrivingLicence,
    ResidencePermit,
}

impl From<DocTypeArg> for DocType {
    fn from(d: DocTypeArg) -> DocType {
        match d {
            DocTypeArg::Passport => DocType::Passport,
            DocTypeArg::IdCard => DocType::IdCard,
            DocTypeArg::DrivingLicence => DocType::DrivingLicence,
            DocTypeArg::ResidencePermit => DocType::ResidencePermit,
        }
    }
}

/// clap's enum parser for [`DocTypeArg`], also taking the spellings `DocType::parse` always
/// took: any case, `_` for `-`, surrounding spaces. A value that fits none is handed to clap
/// as typed, so that its error names it and suggests the nearest value.
#[derive(Debug, Clone, Copy)]
pub struct DocTypeParser;

impl TypedValueParser for DocTypeParser {
    type Value = DocTypeArg;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<DocTypeArg, clap::Error> {
        if let Some(s) = value.to_str() {
            let folded = s.trim().to_ascii_lowercase().replace('_', "-");
            if let Ok(d) = DocTypeArg::from_str(&folded, true) {
                return Ok(d);
            }
        }
        EnumValueParser::<DocTypeArg>::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            DocTypeArg::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every spelling the `--doc-type` parser accepted before it became a value enum (the
    /// `DocType::parse` spellings) still gives the same type.
    #[test]
    fn doc_type_keeps_every_old_spelling() {
        let spellings = [
            "passport",
            "PASSPORT",
            " Passport ",
            "id-card",
            "id_card",
            "ID",
            "idcard",
            "driving-licence",
            "driving_licence",
            "driving-license",
            "Drivers-License",
            "drivers_license",
            "residence-permit",
            "residence_permit",
        ];
        for s in spellings {
            let cli = Cli::try_parse_from(["kyc-check", "a.jpg", "--doc-type", s])
                .unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(
                cli.doc_type.map(DocType::from),
                DocType::parse(s),
                "{s}: the CLI and the CSV disagree"
            );
        }
    }

    #[test]
    fn a_doc_type_typo_gets_a_suggestion() {
        let e = Cli::try_parse_from(["kyc-check", "a.jpg", "--doc-type", "pasport"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue);
        let text = e.to_string();
        assert!(
            text.contains("passport") && text.contains("pasport"),
            "{text}"
        );
    }
}

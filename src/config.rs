//! The validated configuration: the command line turned into typed values (dates, document type,
//! thread count, per-file form values). The checking core never sees clap.

use crate::cli::{Cli, ColorArg, FormatArg};
use crate::form::{DocType, Form};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// A usage error: one line naming the option and the fix. Exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

fn usage(msg: impl Into<String>) -> UsageError {
    UsageError(msg.into())
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Ndjson,
}

/// Everything a run needs, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    /// Form values from the command line: the default for every file.
    pub form: Form,
    /// Per-file form values from `--fields`.
    pub fields: Option<FieldsTable>,
    pub selfie: Option<PathBuf>,
    /// The other side of the card (`--back`), for every input without a `back` cell.
    pub back: Option<PathBuf>,
    pub today: NaiveDate,
    pub format: Format,
    pub ocr: bool,
    pub annotate: Option<PathBuf>,
    pub jobs: usize,
    pub list_codes: bool,
    pub tessdata: Option<PathBuf>,
    pub lang: String,
    pub redact: bool,
    pub quiet: bool,
    pub color: bool,
}

impl Config {
    /// Validates the parsed command line.
    pub fn from_cli(cli: Cli) -> Result<Config, UsageError> {
        let form = Form {
            doc_type: cli
                .doc_type
                .as_deref()
                .map(|s| parse_doc_type(s, "--doc-type"))
                .transpose()?,
            name: non_empty(cli.name, "--name")?,
            dob: cli
                .dob
                .as_deref()
                .map(|s| parse_date(s, "--dob"))
                .transpose()?,
            doc_number: non_empty(cli.doc_number, "--doc-number")?,
            expiry: cli
                .expiry
                .as_deref()
                .map(|s| parse_date(s, "--expiry"))
                .transpose()?,
            nationality: non_empty(cli.nationality, "--nationality")?,
        };
        let today = match cli.today.as_deref() {
            Some(s) => parse_date(s, "--today")?,
            None => chrono::Local::now().date_naive(),
        };
        let jobs = match cli.jobs.as_deref() {
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
            Some(s) => match s.trim().parse::<usize>() {
                Ok(n) if (1..=256).contains(&n) => n,
                _ => {
                    return Err(usage(format!(
                        "--jobs: '{s}' is not a number of workers; give a whole number from 1 to 256, e.g. --jobs 4"
                    )))
                }
            },
        };
        for path in &cli.paths {
            if !path.exists() {
                return Err(usage(format!(
                    "{}: no such file or folder; check the path (put quotes around names with spaces)",
                    path.display()
                )));
            }
        }
        if let Some(selfie) = &cli.selfie {
            if !selfie.is_file() {
                return Err(usage(format!(
                    "--selfie: {}: no such file; give the path of the selfie photo",
                    selfie.display()
                )));
            }
        }
        if let Some(back) = &cli.back {
            if !back.is_file() {
                return Err(usage(format!(
                    "--back: {}: no such file; give the path of the photo of the card's other side",
                    back.display()
                )));
            }
        }
        if let Some(dir) = &cli.annotate {
            if dir.exists() && !dir.is_dir() {
                return Err(usage(format!(
                    "--annotate: {} is a file, not a folder; give a folder to write the PNGs into",
                    dir.display()
                )));
            }
        }
        if let Some(dir) = &cli.tessdata {
            if !dir.is_dir() {
                return Err(usage(format!(
                    "--tessdata: {} is not a folder; give the folder holding eng.traineddata (e.g. /usr/share/tesseract-ocr/5/tessdata)",
                    dir.display()
                )));
            }
        }
        if cli.lang.is_empty()
            || !cli
                .lang
                .split('+')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err(usage(format!(
                "--lang: '{}' is not a Tesseract language list; use codes joined by +, e.g. eng or eng+chi_sim",
                cli.lang
            )));
        }
        let fields = cli.fields.as_deref().map(FieldsTable::read).transpose()?;
        let format = match cli.format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Ndjson => Format::Ndjson,
        };
        let color = match cli.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Ok(Config {
            paths: cli.paths,
            form,
            fields,
            selfie: cli.selfie,
            back: cli.back,
            today,
            format,
            ocr: !cli.no_ocr,
            annotate: cli.annotate,
            jobs,
            list_codes: cli.list_codes,
            tessdata: cli.tessdata,
            lang: cli.lang,
            redact: cli.redact,
            quiet: cli.quiet,
            color,
        })
    }

    /// The other side's photo for one input: its `--fields` row's `back`, else `--back`.
    pub fn back_for(&self, path: &Path) -> Option<PathBuf> {
        self.fields
            .as_ref()
            .and_then(|t| t.back_for(path))
            .or_else(|| self.back.clone())
    }

    /// The form values for one input: its `--fields` row over the command-line defaults.
    pub fn form_for(&self, path: &Path) -> Form {
        let mut form = self.form.clone();
        if let Some(row) = self.fields.as_ref().and_then(|t| t.row_for(path)) {
            let row = row.clone();
            form.doc_type = row.doc_type.or(form.doc_type);
            form.name = row.name.or(form.name);
            form.dob = row.dob.or(form.dob);
            form.doc_number = row.doc_number.or(form.doc_number);
            form.expiry = row.expiry.or(form.expiry);
            form.nationality = row.nationality.or(form.nationality);
        }
        form
    }
}

fn non_empty(value: Option<String>, option: &str) -> Result<Option<String>, UsageError> {
    match value {
        Some(v) if v.trim().is_empty() => Err(usage(format!(
            "{option}: the value is empty; give it as you will type it, or leave the option out"
        ))),
        Some(v) => Ok(Some(v.trim().to_string())),
        None => Ok(None),
    }
}

/// Parses a form date: strictly YYYY-MM-DD, as exchanges' forms take it.
pub fn parse_date(s: &str, option: &str) -> Result<NaiveDate, UsageError> {
    let t = s.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shaped {
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Ok(d);
        }
        return Err(usage(format!(
            "{option}: '{s}' is not a real date; check the day and month (YYYY-MM-DD)"
        )));
    }
    Err(usage(format!(
        "{option}: '{s}' is not in YYYY-MM-DD form; write it like 1974-08-12 (year-month-day)"
    )))
}

fn parse_doc_type(s: &str, option: &str) -> Result<DocType, UsageError> {
    DocType::parse(s).ok_or_else(|| {
        usage(format!(
            "{option}: '{s}' is not a document type; use passport, id-card, driving-licence or residence-permit"
        ))
    })
}

/// Per-file form values from a `--fields` CSV.
#[derive(Debug, Clone, Default)]
pub struct FieldsTable {
    /// Rows by the path they name, resolved against the CSV's folder.
    by_path: HashMap<PathBuf, Form>,
    /// Rows by base name, for inputs given from another folder. `None` when ambiguous.
    by_name: HashMap<String, Option<Form>>,
    /// The `back` cells (resolved against the CSV's folder), by the same keys.
    backs: HashMap<PathBuf, PathBuf>,
    backs_by_name: HashMap<String, Option<PathBuf>>,
}

/// The optional column naming the photo of the card's other side.
pub const BACK_COLUMN: &str = "back";

/// The header a `--fields` CSV must have.
pub const FIELDS_HEADER: [&str; 7] = [
    "file",
    "name",
    "dob",
    "doc_number",
    "expiry",
    "doc_type",
    "nationality",
];

impl FieldsTable {
    /// Reads and validates the CSV; every bad cell is a usage error naming its line.
    pub fn read(path: &Path) -> Result<FieldsTable, UsageError> {
        let shown = path.display();
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(path)
            .map_err(|e| {
                usage(format!(
                    "--fields: cannot read {shown} ({e}); check the path"
                ))
            })?;
        let headers = reader
            .headers()
            .map_err(|e| usage(format!("--fields: {shown}: {e}")))?
            .clone();
        let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        if column("file").is_none() {
            return Err(usage(format!(
                "--fields: {shown} has no 'file' column; the header must be {}",
                FIELDS_HEADER.join(",")
            )));
        }
        if let Some(unknown) = headers.iter().find(|h| {
            !FIELDS_HEADER.iter().any(|k| k.eq_ignore_ascii_case(h))
                && !h.eq_ignore_ascii_case(BACK_COLUMN)
        }) {
            return Err(usage(format!(
                "--fields: {shown}: unknown column '{unknown}'; the header is {} (and optionally {BACK_COLUMN})",
                FIELDS_HEADER.join(",")
            )));
        }
        let base = path.parent().unwrap_or(Path::new("."));
        let mut table = FieldsTable::default();
        for (i, record) in reader.records().enumerate() {
            let line = i + 2;
            let record =
                record.map_err(|e| usage(format!("--fields: {shown} line {line}: {e}")))?;
            let cell = |name: &str| {
                column(name)
                    .and_then(|c| record.get(c))
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let at = |option: &str| format!("--fields: {shown} line {line}, {option}");
            let file = cell("file")
                .ok_or_else(|| usage(format!("{}: empty; name the photo", at("file"))))?;
            let form = Form {
                doc_type: cell("doc_type")
                    .map(|s| parse_doc_type(&s, &at("doc_type")))
                    .transpose()?,
                name: cell("name"),
                dob: cell("dob")
                    .map(|s| parse_date(&s, &at("dob")))
                    .transpose()?,
                doc_number: cell("doc_number"),
                expiry: cell("expiry")
                    .map(|s| parse_date(&s, &at("expiry")))
                    .transpose()?,
                nationality: cell("nationality"),
            };
            let key = normalize(&base.join(&file));
            let name = Path::new(&file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(file.clone());
            let back = cell(BACK_COLUMN).map(|b| base.join(b));
            if let Some(b) = &back {
                if !b.is_file() {
                    return Err(usage(format!(
                        "{}: {} is not a file; name the photo of the card's other side",
                        at("back"),
                        b.display()
                    )));
                }
                table.backs.insert(normalize(&base.join(&file)), b.clone());
            }
            table
                .backs_by_name
                .entry(name.clone())
                .and_modify(|e| *e = None)
                .or_insert_with(|| back.clone());
            table
                .by_name
                .entry(name)
                .and_modify(|e| *e = None)
                .or_insert_with(|| Some(form.clone()));
            table.by_path.insert(key, form);
        }
        Ok(table)
    }

    /// The `back` cell for an input, matched as [`FieldsTable::row_for`] matches rows.
    pub fn back_for(&self, path: &Path) -> Option<PathBuf> {
        if self.by_path.contains_key(&normalize(path)) {
            return self.backs.get(&normalize(path)).cloned();
        }
        let name = path.file_name()?.to_string_lossy();
        self.backs_by_name.get(name.as_ref())?.clone()
    }

    /// The row for an input: by path relative to the CSV, else by a unique base name.
    pub fn row_for(&self, path: &Path) -> Option<&Form> {
        if let Some(form) = self.by_path.get(&normalize(path)) {
            return Some(form);
        }
        let name = path.file_name()?.to_string_lossy();
        self.by_name.get(name.as_ref())?.as_ref()
    }
}

/// A path made comparable: absolute when possible, `.` and `..` resolved.
fn normalize(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        let mut out = PathBuf::new();
        for part in path.components() {
            match part {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            parse_date("1974-08-12", "--dob").unwrap(),
            NaiveDate::from_ymd_opt(1974, 8, 12).unwrap()
        );
        assert!(parse_date("12/08/1974", "--dob")
            .unwrap_err()
            .0
            .contains("YYYY-MM-DD"));
        assert!(parse_date("2023-02-29", "--dob")
            .unwrap_err()
            .0
            .contains("not a real date"));
        assert!(parse_date("2024-02-29", "--dob").is_ok());
    }
}

//! The validated configuration: the command line turned into typed values (dates, document type,
//! thread count, per-file form values). The checking core never sees clap.

use crate::cli::{Cli, ColorArg, FormatArg};
use crate::form::{DocType, Form};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A usage error: one line naming the option and the fix. `main` shows it in clap's style
/// (`error: …`, the usage line, exit status 2), as clap shows its own.
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
            doc_type: cli.doc_type.map(DocType::from),
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
            Some(s) => plausible(parse_date(s, "--today")?, s, "--today", 1970, 2199)?,
            None => chrono::Local::now().date_naive(),
        };
        if let (Some(d), Some(s)) = (form.dob, cli.dob.as_deref()) {
            plausible(d, s, "--dob", 1900, 2199)?;
        }
        if let (Some(d), Some(s)) = (form.expiry, cli.expiry.as_deref()) {
            plausible(d, s, "--expiry", 1900, 2199)?;
        }
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
        // Missing paths are not a usage error: the others are still checked (app.rs).
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
        // The reading set-up is judged only when reading is on: `--no-ocr` ignores it.
        if let Some(dir) = cli.tessdata.as_ref().filter(|_| !cli.no_ocr) {
            if !dir.is_dir() {
                return Err(usage(format!(
                    "--tessdata: {} is not a folder; give the folder holding eng.traineddata (e.g. /usr/share/tesseract-ocr/5/tessdata)",
                    dir.display()
                )));
            }
        }
        let lang_ok = cli
            .lang
            .split('+')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if !cli.no_ocr && !lang_ok {
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
            // anstream's rule, shared with clap's own messages: NO_COLOR (non-empty) or
            // CLICOLOR=0 turn colour off, CLICOLOR_FORCE (non-zero) turns it on even through a
            // pipe, else a terminal that is not TERM=dumb gets colour.
            ColorArg::Auto => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
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
            // A build without Tesseract behaves as `--no-ocr` (SPEC §2).
            ocr: !cli.no_ocr && cfg!(feature = "ocr"),
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
    pub fn back_for(&self, path: &Path, matched: Option<&FieldsMatch>) -> Option<PathBuf> {
        matched
            .and_then(|m| m.back_for(path))
            .or_else(|| self.back.clone())
    }

    /// The form values for one input: its `--fields` row (as matched by
    /// [`FieldsTable::match_inputs`]) over the command-line defaults.
    pub fn form_for(&self, path: &Path, matched: Option<&FieldsMatch>) -> Form {
        let mut form = self.form.clone();
        if let Some(row) = matched.and_then(|m| m.row_for(path)) {
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

/// A date whose year no person, document or check date can have (`0000-01-01`) is a typing
/// mistake: refuse it rather than judge with it.
fn plausible(
    d: NaiveDate,
    s: &str,
    option: &str,
    from: i32,
    to: i32,
) -> Result<NaiveDate, UsageError> {
    use chrono::Datelike;
    if (from..=to).contains(&d.year()) {
        Ok(d)
    } else {
        Err(usage(format!(
            "{option}: '{s}' is not a plausible date (the year must be {from}–{to}); check the year"
        )))
    }
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
    /// The CSV as named on the command line, for messages.
    shown: String,
    rows: Vec<FieldsRow>,
}

#[derive(Debug, Clone)]
struct FieldsRow {
    /// Line number in the CSV (header is line 1).
    line: usize,
    /// The `file` cell as written.
    file: String,
    /// The path it names, resolved against the CSV's folder.
    key: PathBuf,
    /// Its base name.
    name: String,
    form: Form,
    /// The `back` cell: the photo of the card's other side, resolved against the CSV's folder.
    back: Option<PathBuf>,
}

/// Which `--fields` row each input gets, and the mistakes found while matching.
#[derive(Debug, Clone, Default)]
pub struct FieldsMatch {
    rows: HashMap<PathBuf, Form>,
    /// Inputs a base-name row matches together with other photos of the same name: which one
    /// the row meant cannot be known, so each is that input's error.
    pub ambiguous: HashMap<PathBuf, String>,
    /// Rows that match no input, one message each.
    pub unmatched: Vec<String>,
    /// The `back` cell of each input's row, where it has one.
    backs: HashMap<PathBuf, PathBuf>,
}

impl FieldsMatch {
    /// The `back` cell of the row matched to an input, if it has one.
    pub fn back_for(&self, path: &Path) -> Option<PathBuf> {
        self.backs.get(path).cloned()
    }

    /// The row matched to an input, if any.
    pub fn row_for(&self, path: &Path) -> Option<&Form> {
        self.rows.get(path)
    }
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

/// Largest `--fields` file read: a row is under 200 bytes, so this is 50 000+ photos.
const MAX_FIELDS_BYTES: u64 = 10 * 1024 * 1024;

impl FieldsTable {
    /// Reads and validates the CSV; every bad cell, repeated column or repeated file is a usage
    /// error naming its line. Only a regular file is read, and at most [`MAX_FIELDS_BYTES`].
    pub fn read(path: &Path) -> Result<FieldsTable, UsageError> {
        let shown = path.display().to_string();
        let bytes = crate::load::read_regular(path, MAX_FIELDS_BYTES).map_err(|e| {
            usage(format!(
                "--fields: cannot read {shown} ({e}); check the path"
            ))
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes.as_slice());
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
        for (i, h) in headers.iter().enumerate() {
            if headers
                .iter()
                .take(i)
                .any(|earlier| earlier.eq_ignore_ascii_case(h))
            {
                return Err(usage(format!(
                    "--fields: {shown}: the column '{h}' appears twice in the header; keep one"
                )));
            }
        }
        let base = path.parent().unwrap_or(Path::new("."));
        let mut table = FieldsTable {
            shown: shown.clone(),
            rows: Vec::new(),
        };
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
                    .map(|s| {
                        parse_date(&s, &at("dob"))
                            .and_then(|d| plausible(d, &s, &at("dob"), 1900, 2199))
                    })
                    .transpose()?,
                doc_number: cell("doc_number"),
                expiry: cell("expiry")
                    .map(|s| {
                        parse_date(&s, &at("expiry"))
                            .and_then(|d| plausible(d, &s, &at("expiry"), 1900, 2199))
                    })
                    .transpose()?,
                nationality: cell("nationality"),
            };
            let key = normalize(&base.join(&file));
            if let Some(first) = table.rows.iter().find(|r| r.key == key) {
                return Err(usage(format!(
                    "--fields: {shown} line {line}: {file} already has a row (line {}); keep \
                     one row per photo",
                    first.line
                )));
            }
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
            }
            table.rows.push(FieldsRow {
                line,
                file,
                key,
                name,
                form,
                back,
            });
        }
        Ok(table)
    }

    /// Matches rows to the inputs: by path relative to the CSV first, else by base name when
    /// exactly one row and exactly one otherwise unmatched input have it.
    pub fn match_inputs<'a>(&self, inputs: impl IntoIterator<Item = &'a Path>) -> FieldsMatch {
        let mut out = FieldsMatch::default();
        let mut used = vec![false; self.rows.len()];
        let mut by_name: HashMap<&str, Vec<&'a Path>> = HashMap::new();
        for input in inputs {
            let key = normalize(input);
            if let Some(i) = self.rows.iter().position(|r| r.key == key) {
                used[i] = true;
                out.rows
                    .insert(input.to_path_buf(), self.rows[i].form.clone());
                if let Some(b) = &self.rows[i].back {
                    out.backs.insert(input.to_path_buf(), b.clone());
                }
            } else if let Some(name) = input.file_name().and_then(|n| n.to_str()) {
                if let Some(row) = self.rows.iter().find(|r| r.name == name) {
                    by_name.entry(row.name.as_str()).or_default().push(input);
                }
            }
        }
        for (name, photos) in by_name {
            let rows: Vec<usize> = (0..self.rows.len())
                .filter(|&i| self.rows[i].name == name && !used[i])
                .collect();
            if rows.is_empty() {
                continue;
            }
            rows.iter().for_each(|&i| used[i] = true);
            if rows.len() == 1 && photos.len() == 1 {
                out.rows
                    .insert(photos[0].to_path_buf(), self.rows[rows[0]].form.clone());
                if let Some(b) = &self.rows[rows[0]].back {
                    out.backs.insert(photos[0].to_path_buf(), b.clone());
                }
                continue;
            }
            let lines: Vec<String> = rows
                .iter()
                .map(|&i| self.rows[i].line.to_string())
                .collect();
            let shown: Vec<String> = photos.iter().map(|p| p.display().to_string()).collect();
            for photo in &photos {
                out.ambiguous.insert(
                    photo.to_path_buf(),
                    format!(
                        "--fields: {} line {} names {name} by its base name, which fits {} \
                         photo(s) ({}) and {} row(s): which values are meant is unclear; write \
                         the path relative to the CSV in the 'file' column",
                        self.shown,
                        lines.join(", "),
                        photos.len(),
                        shown.join(", "),
                        rows.len()
                    ),
                );
            }
        }
        for (row, used) in self.rows.iter().zip(used) {
            if !used {
                out.unmatched.push(format!(
                    "--fields: {} line {}: {} matches none of the photos checked; fix the file \
                     name (a path relative to the CSV, or the photo's base name)",
                    self.shown, row.line, row.file
                ));
            }
        }
        out
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

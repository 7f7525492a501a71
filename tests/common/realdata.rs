//! `../shared/realdata` as the quality stage is judged on it (issue 12): every document image
//! with its source project, its part of the split (`tests/data/realdata_split.tsv`) and the
//! reviewer's label, run through the whole pipeline with no form values, and the table printed
//! for the tuning and the held-out part side by side.
//!
//! Used by `tests/realdata_quality.rs` (which asserts the bars) and
//! `examples/realdata_table.rs` (which prints the per-image detail).

#![allow(dead_code)]

use kyc_check::finding::Status;
use kyc_check::pipeline::{self, Options, QUALITY_CHECKS};
use kyc_check::report::Report;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the real images are, relative to the repository root (SPEC: worktrees live beside
/// `shared/`).
pub const ROOT: &str = "../shared/realdata";

/// Set in CI (`.ci/run`): missing real data is a failure, not a skip.
pub const REQUIRE_ENV: &str = "KYC_REQUIRE_REALDATA";

/// The split file, one row per source project.
pub const SPLIT: &str = "tests/data/realdata_split.tsv";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Tune,
    Heldout,
}

impl Part {
    pub const BOTH: [Part; 2] = [Part::Tune, Part::Heldout];
    pub fn name(self) -> &'static str {
        match self {
            Part::Tune => "tuning",
            Part::Heldout => "held-out",
        }
    }
}

/// One real image.
#[derive(Debug, Clone)]
pub struct Image {
    /// Path relative to [`ROOT`], e.g. `documents/DocsaidLab__DocClassifier/x.jpg`.
    pub rel: String,
    /// The source project (`passporteye` for that folder).
    pub source: String,
    pub part: Part,
    /// `yes`, `no`, `borderline` from documents/MANIFEST.tsv's `reviewer_accepts`; `-` where the
    /// manifest has no such column (specimens/, passporteye/).
    pub accepts: String,
}

/// The real-data folder, or why there is none. With [`REQUIRE_ENV`] set, a missing folder
/// panics so that CI fails instead of passing without measuring.
pub fn root_or_skip() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(ROOT);
    if dir.join("README.md").is_file() {
        return Some(dir);
    }
    missing(&dir);
    None
}

/// Whether missing real data must fail the run ([`REQUIRE_ENV`] set, as in `.ci/run`).
pub fn required() -> bool {
    std::env::var_os(REQUIRE_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Reports that `what` (the real data or a part of it) is missing: a panic when
/// [`REQUIRE_ENV`] is set, a printed SKIPPED line otherwise.
pub fn missing(what: &Path) {
    if required() {
        panic!(
            "{} is missing but {REQUIRE_ENV} is set: put the real data beside the repository",
            what.display()
        );
    }
    println!(
        "SKIPPED: {} is not here (set {REQUIRE_ENV}=1 to make this a failure)",
        what.display()
    );
}

fn split() -> BTreeMap<String, Part> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SPLIT))
        .expect("tests/data/realdata_split.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let (repo, part) = l.split_once('\t').expect("split row: source_repo<TAB>part");
            let part = match part.trim() {
                "tune" => Part::Tune,
                "heldout" => Part::Heldout,
                p => panic!("split row {repo}: unknown part {p}"),
            };
            (repo.to_string(), part)
        })
        .collect()
}

fn tsv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            head.iter()
                .zip(l.split('\t'))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every document image of the three document folders (not faces/), each with its part. A
/// project missing from the split file is an error: every image belongs to exactly one part.
pub fn images(root: &Path) -> Vec<Image> {
    let split = split();
    let part_of = |source: &str| -> Part {
        *split
            .get(source)
            .unwrap_or_else(|| panic!("{source} is in no part of {SPLIT}"))
    };
    let mut out = Vec::new();
    for row in tsv(&root.join("passporteye/MANIFEST.tsv")) {
        out.push(Image {
            rel: format!("passporteye/{}", row["file"]),
            source: "passporteye".into(),
            part: part_of("passporteye"),
            accepts: "-".into(),
        });
    }
    for folder in ["specimens", "documents"] {
        for row in tsv(&root.join(folder).join("MANIFEST.tsv")) {
            let source = row["source_repo"].clone();
            out.push(Image {
                rel: format!("{folder}/{}", row["file"]),
                part: part_of(&source),
                source,
                accepts: row
                    .get("reviewer_accepts")
                    .cloned()
                    .unwrap_or_else(|| "-".into()),
            });
        }
    }
    out
}

/// What the table needs from one report.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub image: Image,
    /// E001 predicted.
    pub e001: bool,
    /// The checks that failed with E001.
    pub e001_checks: Vec<String>,
    /// The MRZ was read and every check digit verified.
    pub mrz_valid: bool,
    /// Other codes predicted, for the detail listing.
    pub codes: Vec<String>,
    pub report: Report,
}

/// The whole pipeline (reading on, no form values) over every image.
pub fn run(root: &Path, images: &[Image]) -> Vec<Outcome> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let opts = Options::new(today);
    let form = kyc_check::form::Form::default();
    images
        .par_iter()
        .map(|im| {
            let report = pipeline::check_file(&root.join(&im.rel), &form, &opts);
            let e001_checks: Vec<String> = report
                .findings
                .iter()
                .filter(|f| {
                    f.status == Status::Fail && f.code.is_some_and(|c| c.info().id == "E001")
                })
                .map(|f| f.check.to_string())
                .collect();
            let mrz_valid = report
                .document
                .mrz
                .as_ref()
                .and_then(|m| m.read())
                .is_some_and(|m| m.valid);
            Outcome {
                image: im.clone(),
                e001: report.codes.iter().any(|c| c.code == "E001"),
                e001_checks,
                mrz_valid,
                codes: report.codes.iter().map(|c| c.code.clone()).collect(),
                report,
            }
        })
        .collect()
}

/// A count out of a total, as `k/n (r %)`; `-` when there is nothing to count (unmeasured, not
/// a perfect score).
pub fn rate(k: usize, n: usize) -> String {
    if n == 0 {
        "- (none)".into()
    } else {
        format!("{k}/{n} ({:.0} %)", 100.0 * k as f64 / n as f64)
    }
}

/// The numbers of one part.
#[derive(Debug, Default, Clone)]
pub struct PartStats {
    pub images: usize,
    /// (E001, total) per reviewer label `yes`, `no`, `borderline`, `-`.
    pub by_label: BTreeMap<String, (usize, usize)>,
    /// Images whose MRZ verified, and of those how many got E001 from `resolution`.
    pub mrz_valid: usize,
    pub resolution_on_valid: usize,
    /// Unlabelled images whose MRZ verified (readable specimens), and how many got E001.
    pub unlabelled_valid: (usize, usize),
    /// E001 by check, over every image of the part.
    pub by_check: BTreeMap<String, usize>,
    /// E001 by check on images labelled `yes` or unlabelled with a verified MRZ.
    pub by_check_good: BTreeMap<String, usize>,
}

impl PartStats {
    pub fn label(&self, l: &str) -> (usize, usize) {
        self.by_label.get(l).copied().unwrap_or((0, 0))
    }
}

pub fn stats(outcomes: &[Outcome], part: Part) -> PartStats {
    let mut s = PartStats::default();
    for o in outcomes.iter().filter(|o| o.image.part == part) {
        s.images += 1;
        let e = s.by_label.entry(o.image.accepts.clone()).or_default();
        e.1 += 1;
        if o.e001 {
            e.0 += 1;
        }
        if o.mrz_valid {
            s.mrz_valid += 1;
            if o.e001_checks.iter().any(|c| c == "resolution") {
                s.resolution_on_valid += 1;
            }
            if o.image.accepts == "-" {
                s.unlabelled_valid.1 += 1;
                if o.e001 {
                    s.unlabelled_valid.0 += 1;
                }
            }
        }
        let good = o.image.accepts == "yes" || (o.image.accepts == "-" && o.mrz_valid);
        for c in &o.e001_checks {
            *s.by_check.entry(c.clone()).or_default() += 1;
            if good {
                *s.by_check_good.entry(c.clone()).or_default() += 1;
            }
        }
    }
    s
}

/// The table, both parts side by side.
pub fn table(outcomes: &[Outcome]) -> String {
    let [t, h] = Part::BOTH.map(|p| stats(outcomes, p));
    let mut out = String::new();
    let mut row = |name: &str, a: String, b: String| {
        out.push_str(&format!("{name:<46} {a:>18} {b:>18}\n"));
    };
    row("", "tuning".into(), "held-out".into());
    row("images", t.images.to_string(), h.images.to_string());
    for (l, what) in [
        ("yes", "reviewer_accepts=yes with E001"),
        ("no", "reviewer_accepts=no with E001"),
        ("borderline", "reviewer_accepts=borderline with E001"),
        ("-", "unlabelled (specimens, passporteye) with E001"),
    ] {
        let (a, b) = (t.label(l), h.label(l));
        row(what, rate(a.0, a.1), rate(b.0, b.1));
    }
    row(
        "unlabelled with verified MRZ, with E001",
        rate(t.unlabelled_valid.0, t.unlabelled_valid.1),
        rate(h.unlabelled_valid.0, h.unlabelled_valid.1),
    );
    row(
        "MRZ verified, E001 from resolution",
        rate(t.resolution_on_valid, t.mrz_valid),
        rate(h.resolution_on_valid, h.mrz_valid),
    );
    row(
        "E001 by check (all images / good ones):",
        "".into(),
        "".into(),
    );
    // The quality checks in pipeline order, then any other check that gave E001 (mrz, portrait).
    let others: std::collections::BTreeSet<&str> = t
        .by_check
        .keys()
        .chain(h.by_check.keys())
        .map(String::as_str)
        .filter(|c| !QUALITY_CHECKS.contains(c))
        .collect();
    for c in QUALITY_CHECKS.iter().copied().chain(others) {
        let f = |s: &PartStats| {
            format!(
                "{} / {}",
                s.by_check.get(c).copied().unwrap_or(0),
                s.by_check_good.get(c).copied().unwrap_or(0)
            )
        };
        if t.by_check.contains_key(c) || h.by_check.contains_key(c) {
            row(&format!("  {c}"), f(&t), f(&h));
        }
    }
    out.push_str(
        "(good = reviewer_accepts=yes, or unlabelled with every MRZ check digit verified)\n",
    );
    out
}

//! Measures the read stage: three tables (fixtures, specimens, PassportEye test images), per
//! image expected vs read, exact?, valid?, milliseconds, with totals.
//!
//! ```text
//! cargo run --release --example read_eval -- [fixtures] [specimens] [documents] [passporteye] [--only SUBSTR] [--without RULE]...
//! ```
//! Real data is read from `../shared/realdata` (or `$KYC_REALDATA`); a missing set is skipped
//! with a message. Every real image carries its part of the split (`tests/data/realdata_split.tsv`,
//! by source project; passporteye is tuning), and the totals are printed per part side by side.
//! `--without RULE` switches one rule of the read stage off (`kyc_check::read::ablation`), to
//! count what it fixes and breaks (`scripts/read-ablation.sh`).

#[path = "../tests/common/fixtures.rs"]
mod fixtures;

use chrono::NaiveDate;
use kyc_check::ocr::{self, OcrConfig};
use kyc_check::read::{self, ablation, Reading};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Per part of the split: counts over images with a ground-truth MRZ, and no-MRZ images.
#[derive(Default, Clone, Copy)]
struct Tally {
    n: usize,
    found: usize,
    exact: usize,
    valid: usize,
    wrong_valid: usize,
    none_n: usize,
    none_ok: usize,
}

/// `tests/data/realdata_split.tsv`: source project -> `tune` | `heldout`.
fn split() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string("tests/data/realdata_split.tsv").expect("split file");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(r, p)| (r.to_string(), p.trim().to_string()))
        .collect()
}

/// Prints a set's tallies, tuning and held-out side by side.
fn print_parts(set: &str, parts: &BTreeMap<String, Tally>) {
    println!("# {set} by part\tpart\tfound\texact\tvalid\tverifying-but-wrong\tno-MRZ clean");
    for part in ["tune", "heldout"] {
        let t = parts.get(part).copied().unwrap_or_default();
        println!(
            "# {set}\t{part}\t{}/{}\t{}/{} ({:.1} %)\t{}/{}\t{}\t{}/{}",
            t.found,
            t.n,
            t.exact,
            t.n,
            100.0 * t.exact as f64 / t.n.max(1) as f64,
            t.valid,
            t.n,
            t.wrong_valid,
            t.none_ok,
            t.none_n
        );
    }
}

fn main() {
    ocr::limit_threads();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1).cloned());
    for (i, a) in args.iter().enumerate() {
        if a == "--without" {
            let name = args.get(i + 1).map(String::as_str).unwrap_or("");
            let Some(rule) = ablation::Rule::from_name(name) else {
                let names: Vec<String> = ablation::Rule::ALL.iter().map(|r| r.name()).collect();
                eprintln!("read_eval: no rule {name:?}; rules: {}", names.join(", "));
                std::process::exit(2);
            };
            ablation::switch_off(rule);
            println!("# without {name}");
        }
    }
    let sets: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| ["fixtures", "specimens", "documents", "passporteye"].contains(a))
        .collect();
    let all = sets.is_empty();
    println!("# {}", ocr::engine_version());
    let mut times = Vec::new();
    if all || sets.contains(&"fixtures") {
        fixtures(only.as_deref(), &mut times);
    }
    let realdata = realdata_dir();
    if all || sets.contains(&"specimens") {
        match &realdata {
            Some(dir) => specimens(&dir.join("specimens"), only.as_deref(), &mut times),
            None => println!("# specimens: realdata not found, skipped"),
        }
    }
    if all || sets.contains(&"documents") {
        match &realdata {
            Some(dir) => with_truth(
                &dir.join("documents"),
                DOCUMENTS,
                only.as_deref(),
                &mut times,
            ),
            None => println!("# documents: realdata not found, skipped"),
        }
    }
    if all || sets.contains(&"passporteye") {
        match &realdata {
            Some(dir) => passporteye(&dir.join("passporteye"), only.as_deref(), &mut times),
            None => println!("# passporteye: realdata not found, skipped"),
        }
    }
    times.sort_by(f64::total_cmp);
    if !times.is_empty() {
        println!(
            "# read() per image: median {:.0} ms, max {:.0} ms, n={}",
            times[times.len() / 2],
            times[times.len() - 1],
            times.len()
        );
    }
}

fn realdata_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KYC_REALDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/realdata"));
    dir.is_dir().then_some(dir)
}

/// Decodes and applies the EXIF orientation (what `load` does in the full pipeline).
fn load(path: &Path) -> image::RgbImage {
    use image::ImageDecoder;
    let reader = image::ImageReader::open(path)
        .expect("open")
        .with_guessed_format()
        .expect("format");
    let mut decoder = reader.into_decoder().expect("decoder");
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = image::DynamicImage::from_decoder(decoder).expect("decode");
    img.apply_orientation(orientation);
    img.to_rgb8()
}

fn run(
    path: &Path,
    corners: Option<[[f32; 2]; 4]>,
    today: NaiveDate,
    times: &mut Vec<f64>,
) -> (Reading, read::viz::VizRead, f64) {
    let img = load(path);
    let t = Instant::now();
    let (r, v) = read::read_detailed(&img, corners, &OcrConfig::default(), today).expect("read");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    times.push(ms);
    (r, v, ms)
}

fn mrz_lines(r: &Reading) -> Vec<String> {
    r.mrz.as_ref().map(|m| m.lines.clone()).unwrap_or_default()
}

fn valid(r: &Reading) -> bool {
    r.mrz.as_ref().is_some_and(|m| m.valid)
}

/// Upper case without diacritics, for comparing printed names.
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_uppercase().chars() {
        let mapped = match c {
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
            'Ç' => "C",
            'È' | 'É' | 'Ê' | 'Ë' => "E",
            'Ì' | 'Í' | 'Î' | 'Ï' => "I",
            'Ñ' => "N",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
            'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
            'Ý' => "Y",
            'ß' => "SS",
            'Æ' => "AE",
            '-' => " ",
            c if c.is_alphanumeric() || c == ' ' => {
                out.push(c);
                continue;
            }
            _ => continue,
        };
        out.push_str(mapped);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fixtures(only: Option<&str>, times: &mut Vec<f64>) {
    let manifest = std::fs::read_to_string("fixtures/manifest.jsonl").expect("fixtures manifest");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    println!("\n## clean fixtures (tests/common/fixtures.rs: is_clean_record)");
    println!("file\tmrz expected == read\texact\tvalid\tsurname\tgiven\tdob\texpiry\tms");
    let (mut n_mrz, mut exact, mut n, mut viz_ok, mut fields_ok, mut fields_n) = (0, 0, 0, 0, 0, 0);
    let mut viz_only = 0;
    for line in manifest.lines() {
        let rec: serde_json::Value = serde_json::from_str(line).expect("json");
        if !fixtures::is_clean_record(&rec) {
            continue;
        }
        let file = rec["file"].as_str().unwrap();
        if only.is_some_and(|o| !file.contains(o)) {
            continue;
        }
        let doc = &rec["doc"];
        let expected: Vec<String> = doc["mrz_lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        // the document's corners as the pipeline gives them (they place the printed text)
        let path = Path::new("fixtures").join(file);
        let corners = kyc_check::document::find(&load(&path))
            .filter(|d| !d.fills_frame)
            .map(|d| d.corners);
        let (r, v, ms) = run(&path, corners, today, times);
        n += 1;
        let got = mrz_lines(&r);
        let is_exact = got == expected;
        if !expected.is_empty() {
            n_mrz += 1;
            exact += is_exact as usize;
        }
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        // the reading's facts (printed text first, MRZ where the text gave nothing); a name
        // counts when it equals the printed or the MRZ spelling
        let f = &r.facts;
        let name_ok = |got: &Option<String>, printed: &str, mrz: &str| {
            let g = fold(got.as_deref().unwrap_or(""));
            !g.is_empty() && (g == fold(printed) || g == fold(mrz))
        };
        let checks = [
            name_ok(
                &f.surname,
                doc["surname"].as_str().unwrap(),
                doc["surname_mrz"].as_str().unwrap(),
            ),
            name_ok(
                &f.given_names,
                doc["given_names"].as_str().unwrap(),
                doc["given_names_mrz"].as_str().unwrap(),
            ),
            date(f.dob) == doc["dob"].as_str().unwrap(),
            date(f.expiry) == doc["expiry"].as_str().unwrap(),
        ];
        viz_only += [
            name_ok(&v.surname, doc["surname"].as_str().unwrap(), ""),
            name_ok(&v.given_names, doc["given_names"].as_str().unwrap(), ""),
            date(v.dob) == doc["dob"].as_str().unwrap(),
            date(v.expiry) == doc["expiry"].as_str().unwrap(),
        ]
        .iter()
        .filter(|c| **c)
        .count();
        fields_ok += checks.iter().filter(|c| **c).count();
        fields_n += 4;
        viz_ok += checks.iter().all(|c| *c) as usize;
        let mark = |ok: bool, s: String| if ok { s } else { format!("✗{s}") };
        println!(
            "{file}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{ms:.0}",
            if is_exact {
                "=".to_string()
            } else {
                format!("{} != {}", expected.join("|"), got.join("|"))
            },
            if expected.is_empty() {
                "-"
            } else if is_exact {
                "yes"
            } else {
                "NO"
            },
            valid(&r),
            mark(checks[0], f.surname.clone().unwrap_or_default()),
            mark(checks[1], f.given_names.clone().unwrap_or_default()),
            mark(checks[2], date(f.dob)),
            mark(checks[3], date(f.expiry)),
        );
    }
    println!(
        "# fixtures: MRZ exact {exact}/{n_mrz}; read facts: all four fields {viz_ok}/{n}, fields {fields_ok}/{fields_n} ({:.1} %); printed text alone: fields {viz_only}/{fields_n}",
        100.0 * fields_ok as f64 / fields_n.max(1) as f64
    );
}

/// The columns of a manifest with ground truth: (set name, format column, truth column).
const SPECIMENS: (&str, usize, usize) = ("specimens", 6, 7);
const DOCUMENTS: (&str, usize, usize) = ("documents", 7, 8);

fn specimens(dir: &Path, only: Option<&str>, times: &mut Vec<f64>) {
    with_truth(dir, SPECIMENS, only, times)
}

fn with_truth(
    dir: &Path,
    (set, format_col, truth_col): (&str, usize, usize),
    only: Option<&str>,
    times: &mut Vec<f64>,
) {
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
        println!("# {set}: {} missing, skipped", dir.display());
        return;
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    println!("\n## {set}");
    println!("file\tpart\tformat\texpected\tread\texact\tvalid\tms");
    let (mut n, mut exact, mut none_ok, mut none_n) = (0, 0, 0, 0);
    let (mut found, mut wrong_valid) = (0, 0);
    let split = split();
    let mut parts: BTreeMap<String, Tally> = BTreeMap::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, format, truth) = (cols[0], cols[format_col], cols[truth_col]);
        if only.is_some_and(|o| !file.contains(o)) {
            continue;
        }
        let part = split
            .get(cols[1])
            .cloned()
            .unwrap_or_else(|| panic!("{}: source {} in no part of the split", file, cols[1]));
        let t = parts.entry(part.clone()).or_default();
        let (r, _, ms) = run(&dir.join(file), None, today, times);
        let got = mrz_lines(&r);
        if format == "none" || format == "other" || truth.is_empty() {
            if format != "none" && format != "other" {
                // An MRZ without verified ground truth: neither a hit nor a miss.
                println!(
                    "{file}\t{part}\t{format}\t(no ground truth)\t{}\t-\t-\t{ms:.0}",
                    got.join("|")
                );
                continue;
            }
            none_n += 1;
            // a zone located by its shape on a page without one is a false MRZ too
            let clean = got.is_empty() && r.mrz_located.is_none();
            none_ok += clean as usize;
            t.none_n += 1;
            t.none_ok += clean as usize;
            println!(
                "{file}\t{part}\tnone\t-\t{}\t{}\t-\t{ms:.0}",
                got.join("|"),
                clean
            );
            continue;
        }
        n += 1;
        let is_exact = got.join("|") == truth;
        exact += is_exact as usize;
        // found: read, or located by its exact shape and reported as "found but not read"
        let located = !got.is_empty() || r.mrz_located.is_some();
        found += located as usize;
        wrong_valid += (!is_exact && valid(&r)) as usize;
        t.n += 1;
        t.exact += is_exact as usize;
        t.found += located as usize;
        t.valid += valid(&r) as usize;
        t.wrong_valid += (!is_exact && valid(&r)) as usize;
        println!(
            "{file}\t{part}\t{format}\t{truth}\t{}\t{}\t{}\t{ms:.0}",
            if is_exact {
                "=".into()
            } else if let Some(shape) = r.mrz_located.filter(|_| got.is_empty()) {
                format!("(located by shape, {}, not read)", shape.label)
            } else {
                got.join("|")
            },
            if is_exact { "yes" } else { "NO" },
            valid(&r)
        );
    }
    println!(
        "# {set}: MRZ found {found}/{n}, exact {exact}/{n} ({:.1} %), verifying but wrong \
         {wrong_valid}; no-MRZ images without a false MRZ {none_ok}/{none_n}",
        100.0 * exact as f64 / n.max(1) as f64
    );
    print_parts(set, &parts);
}

fn passporteye(dir: &Path, only: Option<&str>, times: &mut Vec<f64>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("# passporteye: {} missing, skipped", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e != "tsv"))
        .collect();
    files.sort();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    println!("\n## passporteye (tuning part)");
    println!("file\tformat\tread\tvalid\tchecks\tsurname\tgiven names\tms");
    let (mut n, mut found, mut full) = (0, 0, 0);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if only.is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let (r, _, ms) = run(&path, None, today, times);
        n += 1;
        let Some(m) = &r.mrz else {
            println!("{name}\t-\t(no MRZ)\tfalse\t-\t-\t-\t{ms:.0}");
            continue;
        };
        found += 1;
        full += m.valid as usize;
        let failed = m.checks.failed();
        println!(
            "{name}\t{}\t{}\t{}\t{}\t{}\t{}\t{ms:.0}",
            m.format,
            m.lines.join("|"),
            m.valid,
            if failed.is_empty() {
                "all".to_string()
            } else {
                format!("failed: {}", failed.join(","))
            },
            r.facts.mrz_surname.clone().unwrap_or_default(),
            r.facts.mrz_given_names.clone().unwrap_or_default(),
        );
    }
    println!("# passporteye: MRZ found {found}/{n}, fully valid {full}/{n} (PassportEye here: 30 found, 10 valid)");
    // no ground truth: every image has an MRZ, "valid" is every check digit verifying
    let t = Tally {
        n,
        found,
        valid: full,
        ..Tally::default()
    };
    print_parts("passporteye", &BTreeMap::from([("tune".to_string(), t)]));
}

//! fixgen — deterministic synthetic-fixture generator for kyc-check.
//!
//! `cargo run --release --manifest-path tools/fixgen/Cargo.toml -- --out fixtures`
//! regenerates every image, `fixtures/manifest.jsonl` and `fixtures/README.md` byte for byte.
//! `--check` regenerates every file into a temporary directory and compares bytes with `--out`
//! (a file missing on either side is a mismatch).

mod data;
mod design;
mod doctype;
mod issue12;
mod label;
mod list;
mod mockup;
mod render;
mod scene;
mod selfie;
mod shade;
mod sides17;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

use data::{age_on, days, mrz_name, Base, Doc, TODAY};
use label::{label, EDITORS};
use list::build;
use render::{doc_size_mm, Fonts, Side};
use scene::{Bg, Orient, Place, Shot, Spec};

/// A defect placed on one fixture: the holder's key, the side, the defect's parameters.
type Placed<T> = (&'static str, Side, T);

/// The photo checks, in the order the tool reports them (`CHECKS` in the tool's
/// src/quality/mod.rs, mirrored: the generator does not depend on the tool).
const PHOTO_CHECKS: [&str; 12] = [
    "resolution",
    "document",
    "corners",
    "margin",
    "angle",
    "blur",
    "glare",
    "exposure",
    "occlusion",
    "color",
    "edited",
    "screen",
];

/// The checks the tool reports after the photo checks, in its order.
const LATER_CHECKS: [&str; 9] = [
    "name",
    "dob",
    "doc_number",
    "nationality",
    "expiry",
    "age",
    "doc_type",
    "mrz",
    "portrait",
];

/// Whether a check's expected failure makes a fixture's expected code E001 (unreadable photo):
/// every photo check but `screen` (a screenshot has its own code), and `mrz`.
pub fn is_e001_check(check: &str) -> bool {
    check == "mrz" || check == "portrait" || (check != "screen" && PHOTO_CHECKS.contains(&check))
}

#[derive(Clone)]
struct Form {
    name: String,
    dob: String,
    doc_number: String,
    expiry: Option<String>,
    doc_type: String,
    nationality: Option<String>,
}

struct Entry {
    spec: Spec,
    form_case: &'static str,
    form: Form,
    hard: Option<&'static str>,
}

fn doc_type_of(base: Base) -> &'static str {
    match base {
        Base::Passport => "passport",
        Base::IdCard => "id-card",
        Base::Licence => "driving-licence",
    }
}

fn title_case(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        if c == ' ' || c == '-' {
            out.push(c);
            start = true;
        } else if start {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn confusable(number: &str) -> String {
    // first 1->7, 7->1, 6->8, 8->6, 0->O, O->0 in the number
    let pairs = [
        ('1', '7'),
        ('7', '1'),
        ('6', '8'),
        ('8', '6'),
        ('0', 'O'),
        ('O', '0'),
    ];
    let chars: Vec<char> = number.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if let Some(&(_, r)) = pairs.iter().find(|(a, _)| a == c) {
            let mut v = chars.clone();
            v[i] = r;
            return v.into_iter().collect();
        }
    }
    panic!("no confusable character in {number}")
}

fn typo(surname: &str) -> String {
    let mut v: Vec<char> = surname.chars().collect();
    let i = 2.min(v.len() - 1);
    v[i] = match v[i] {
        'E' => 'A',
        'Z' => 'Y',
        c if c.is_ascii_uppercase() => ((c as u8) + 1) as char,
        _ => 'X',
    };
    v.into_iter().collect()
}

fn make_form(doc: &Doc, case: &str, style: u64) -> Form {
    let full = format!("{} {}", doc.given, doc.surname);
    let mut f = Form {
        name: if style % 3 == 1 {
            title_case(&full)
        } else {
            full.clone()
        },
        dob: doc.dob.clone(),
        doc_number: doc.number.clone(),
        expiry: if style % 4 == 2 {
            Some(doc.expiry.clone())
        } else {
            None
        },
        doc_type: doc_type_of(doc.base).into(),
        nationality: if style % 5 == 3 && doc.base != Base::Licence {
            Some("UTO".into())
        } else {
            None
        },
    };
    match case {
        "correct" | "under_18" | "just_18" => {}
        "name_typo" => f.name = format!("{} {}", doc.given, typo(&doc.surname)),
        "name_order" => f.name = format!("{} {}", doc.surname, doc.given),
        "missing_middle" => {
            f.name = format!("{} {}", doc.given.split(' ').next().unwrap(), doc.surname)
        }
        "no_diacritics" => {
            let st = if style.is_multiple_of(2) {
                mrz::TransliterationStyle::Simple
            } else {
                mrz::TransliterationStyle::Expanded
            };
            f.name = mrz::transliterate(&full, st);
        }
        "dob_swapped" => {
            let (y, m, d) = data::ymd(&doc.dob);
            assert!(d <= 12 && d != m, "dob {} cannot be swapped", doc.dob);
            f.dob = format!("{y:04}-{d:02}-{m:02}");
        }
        "number_confusable" => f.doc_number = confusable(&doc.number),
        "expired" | "expiring_30" | "expiring_90" => f.expiry = Some(doc.expiry.clone()),
        "wrong_type_id_for_passport" => f.doc_type = "id-card".into(),
        "wrong_type_passport_for_id" => f.doc_type = "passport".into(),
        other => panic!("unknown form case {other}"),
    }
    f
}

fn form_csv_escape(s: &str) -> String {
    if s.contains(',') || s.contains('"') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn generate(
    entries: &[Entry],
    docs: &[Doc],
    fonts: &Fonts,
    out: &Path,
    only: Option<&[usize]>,
    verbose: bool,
) -> Vec<Value> {
    std::fs::create_dir_all(out).expect("create output dir");
    let mut records = vec![];
    for (i, e) in entries.iter().enumerate() {
        if let Some(o) = only {
            if !o.contains(&i) {
                continue;
            }
        }
        let doc = &docs[e.spec.doc];
        let shot = scene::shoot(&e.spec, doc, fonts);
        std::fs::write(out.join(&e.spec.name), &shot.bytes).expect("write image");
        let mut rec = label(e, doc, &shot, &e.spec.name);
        shade::record(&mut rec, &e.spec);
        if verbose {
            eprintln!(
                "[{:3}/{}] {} {} {}",
                i + 1,
                entries.len(),
                e.spec.name,
                rec["expected_codes"],
                shot.bytes.len()
            );
        }
        records.push(rec);
    }
    records
}

fn counts(records: &[Value]) -> String {
    let mut by_cause: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_fail: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_form: BTreeMap<String, usize> = BTreeMap::new();
    let mut no_code = 0;
    for r in records {
        *by_kind
            .entry(r["doc"]["kind"].as_str().unwrap().to_string())
            .or_default() += 1;
        *by_form
            .entry(r["form_case"].as_str().unwrap().to_string())
            .or_default() += 1;
        let defects = r["defects"].as_array().unwrap();
        let fails: Vec<&str> = r["expected_fail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mays: Vec<&str> = r["may_fail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        if defects.is_empty() {
            *by_cause.entry("no image defect".into()).or_default() += 1;
        }
        for d in defects {
            let k = d["kind"].as_str().unwrap();
            let check = match k {
                "blur" | "motion_blur" => "blur",
                "glare" => "glare",
                "corner_cut" => "corners",
                "too_close" => "margin",
                "finger" | "hand" => "occlusion",
                "flare" => "glare",
                "dark" | "washed_out" => "exposure",
                "steep_angle" => "angle",
                "low_res" => "resolution",
                "grayscale" => "color",
                "edited" => "edited",
                "placeholder_portrait" => "portrait",
                _ => "screen",
            };
            let status = if fails.contains(&check) {
                "fail"
            } else if mays.contains(&check) {
                "borderline"
            } else if k == "screenshot" {
                "warn"
            } else {
                "pass"
            };
            *by_cause.entry(format!("{k} ({status})")).or_default() += 1;
        }
        let codes = r["expected_codes"].as_array().unwrap();
        if codes.is_empty() {
            no_code += 1;
        }
        for c in codes {
            *by_code.entry(c.as_str().unwrap().to_string()).or_default() += 1;
        }
        for c in &fails {
            *by_fail.entry(c.to_string()).or_default() += 1;
        }
    }
    let mut s = String::new();
    s.push_str(&format!("images: {}\n\n", records.len()));
    s.push_str("| document kind | images |\n| --- | --- |\n");
    for (k, v) in &by_kind {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\n| image cause (label) | images |\n| --- | --- |\n");
    for (k, v) in &by_cause {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\n| form case | images |\n| --- | --- |\n");
    for (k, v) in &by_form {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\n| expected code | images |\n| --- | --- |\n");
    s.push_str(&format!("| (none: must pass) | {no_code} |\n"));
    for (k, v) in &by_code {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\n| expected_fail check | images |\n| --- | --- |\n");
    for (k, v) in &by_fail {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s
}

fn readme(records: &[Value]) -> String {
    format!(
        "# kyc-check fixtures\n\n\
Synthetic document photos made by `tools/fixgen` (deterministic; fictional holders of the fictional \
issuing state UTO; MRZ in OCR-B at the ICAO pitch of 2.54 mm). Never a real person's document.\n\n\
Regenerate (from the repository root; reproduces every file byte for byte):\n\n\
```\ncargo run --release --manifest-path tools/fixgen/Cargo.toml -- --out fixtures\n```\n\n\
Verify that the committed files match the generator:\n\n\
```\ncargo run --release --manifest-path tools/fixgen/Cargo.toml -- --out fixtures --check\n```\n\n\
* `manifest.jsonl` — one JSON object per image: the truth (document data, MRZ, scene geometry with the \
document's corners in displayed pixels, defects with physical strengths, the form values to pass on the \
command line, expected codes and per-check expectations). Schema and labelling rules: `tools/fixgen/README.md`.\n\
* `fields.csv` — the same form values in the `--fields` CSV format (`file,name,dob,doc_number,expiry,doc_type,nationality`), \
to run the whole set as `kyc-check fixtures --fields fixtures/fields.csv --today 2026-11-22`.\n\
* All labels are judged against `today` = {TODAY} (always pass `--today {TODAY}`).\n\n\
## Counts\n\n{}",
        counts(records)
    )
}

/// The name-seeded families (issue 17's `doctype` and `sides17`, then issue 12's), in a fixed order.
fn families(docs: &[data::Doc]) -> Vec<doctype::Fixture> {
    let mut f = doctype::fixtures(docs);
    f.extend(sides17::fixtures(docs));
    f.extend(issue12::fixtures(docs));
    f.extend(mockup::fixtures(docs));
    f.extend(design::fixtures(docs));
    f
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut out = PathBuf::from("fixtures");
    let mut check = false;
    // development aid: regenerate issue 17's families only (manifest untouched)
    let mut doctype_only = false;
    let mut quiet = false;
    let mut selfies_only = false;
    let mut only: Option<Vec<usize>> = None;
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--out" => {
                i += 1;
                out = PathBuf::from(&args[i]);
            }
            "--check" => check = true,
            "--doctype-only" => doctype_only = true,
            "-q" | "--quiet" => quiet = true,
            "--selfies" => selfies_only = true,
            "--shade" => shade::enable(),
            "--only" => {
                i += 1;
                only = Some(
                    args[i]
                        .split(',')
                        .map(|v| v.parse::<usize>().expect("--only takes 0-based indices"))
                        .collect::<Vec<_>>(),
                );
            }
            "-h" | "--help" => {
                println!("fixgen [--out DIR] [--check] [--selfies] [--shade] [-q]\n  --selfies  write the selfie fixtures only\n  --shade    also cast random shadows and vignettes (a measuring set; see src/shade.rs)\n  --out DIR  output directory (default fixtures)\n  --check    regenerate every file into a temp dir and compare bytes with DIR");
                return;
            }
            other => {
                eprintln!("fixgen: unknown argument {other}");
                std::process::exit(2);
            }
        }
        i += 1;
    }
    let fonts = Fonts::load();
    let docs = data::docs();
    let entries = build(docs.clone());
    {
        let mut names: Vec<&str> = entries.iter().map(|e| e.spec.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), entries.len(), "duplicate file names");
    }
    if check {
        // Every file: the whole set regenerated into a temporary directory, then compared byte
        // for byte with DIR both ways (a file missing from either side is a mismatch).
        let tmp = std::env::temp_dir().join(format!("fixgen-check-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).expect("create temp dir");
        write_all(&entries, &docs, &fonts, &tmp, false);
        let listed = |d: &Path| -> BTreeSet<String> {
            std::fs::read_dir(d)
                .map(|it| {
                    it.filter_map(|e| e.ok())
                        .filter(|e| e.path().is_file())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        let (made, have) = (listed(&tmp), listed(&out));
        let mut bad = 0;
        for name in made.union(&have) {
            let a = std::fs::read(tmp.join(name)).ok();
            let b = std::fs::read(out.join(name)).ok();
            if a != b {
                let why = match (&a, &b) {
                    (None, _) => "not generated",
                    (_, None) => "missing",
                    _ => "differs",
                };
                eprintln!("MISMATCH {name}: {why}");
                bad += 1;
            }
        }
        let _ = std::fs::remove_dir_all(&tmp);
        if bad > 0 {
            eprintln!(
                "fixgen --check: {bad} file(s) differ from {}",
                out.display()
            );
            std::process::exit(1);
        }
        println!("fixgen --check: all {} files identical", made.len());
        return;
    }
    if doctype_only {
        doctype::generate(&families(&docs), &docs, &fonts, &out, None);
        return;
    }
    if selfies_only {
        // development aid: the selfie fixtures only
        std::fs::create_dir_all(&out).expect("create output dir");
        selfie::generate(&out, &docs, &fonts);
        return;
    }
    if let Some(o) = &only {
        // development aid: regenerate some images only (manifest untouched)
        generate(&entries, &docs, &fonts, &out, Some(o), !quiet);
        return;
    }
    let records = write_all(&entries, &docs, &fonts, &out, !quiet);
    print!("{}", counts(&records));
}

/// The whole fixture set into `out`: every image, the manifest, `fields.csv`, the README and the
/// selfies. Returns the manifest's records.
fn write_all(
    entries: &[Entry],
    docs: &[Doc],
    fonts: &Fonts,
    out: &Path,
    progress: bool,
) -> Vec<Value> {
    let mut records = generate(entries, docs, fonts, out, None, progress);
    let family = families(docs);
    let scenes = doctype::generate(&family, docs, fonts, out, None);
    let mut backs: BTreeMap<String, String> = BTreeMap::new();
    for (f, scene) in family.iter().zip(scenes) {
        let mut record = f.record.clone();
        record["scene"] = scene;
        shade::record(&mut record, &f.spec);
        issue12::label(&mut record);
        records.push(record);
        if let Some(b) = &f.back {
            backs.insert(f.spec.name.clone(), b.clone());
        }
    }
    let mut manifest = String::new();
    let mut csv = String::from("file,name,dob,doc_number,expiry,doc_type,nationality,back\n");
    for r in &records {
        manifest.push_str(&serde_json::to_string(r).unwrap());
        manifest.push('\n');
        let f = &r["form"];
        let g = |k: &str| f[k].as_str().map(form_csv_escape).unwrap_or_default();
        let file = r["file"].as_str().unwrap();
        let back = backs.get(file).cloned().unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            file,
            g("name"),
            g("dob"),
            g("doc_number"),
            g("expiry"),
            g("doc_type"),
            g("nationality"),
            back
        ));
    }
    std::fs::write(out.join("manifest.jsonl"), manifest).unwrap();
    std::fs::write(out.join("fields.csv"), csv).unwrap();
    std::fs::write(out.join("README.md"), readme(&records)).unwrap();
    selfie::generate(out, docs, fonts);
    records
}

#[cfg(test)]
mod tests {
    use crate::data::{docs, Base};

    #[test]
    fn every_mrz_parses_and_verifies() {
        for d in docs() {
            match d.base {
                Base::Passport => {
                    assert_eq!(d.mrz_lines.len(), 2);
                    assert!(d.mrz_lines.iter().all(|l| l.len() == 44));
                    let m = mrz::parse_td3(&d.mrz_lines[0], &d.mrz_lines[1]).expect("td3 parses");
                    assert!(m.valid(), "{} {:?}", d.key, d.mrz_lines);
                }
                Base::IdCard => {
                    assert_eq!(d.mrz_lines.len(), 3);
                    assert!(d.mrz_lines.iter().all(|l| l.len() == 30));
                    let m = mrz::parse_td1(&d.mrz_lines[0], &d.mrz_lines[1], &d.mrz_lines[2])
                        .expect("td1 parses");
                    assert!(m.valid(), "{} {:?}", d.key, d.mrz_lines);
                }
                Base::Licence => assert!(d.mrz_lines.is_empty()),
            }
        }
    }

    #[test]
    fn specimen_name_transliteration() {
        let d = docs();
        assert!(d[0].mrz_lines[0].starts_with("P<UTOAASTROEM<<ANNA<MARIA<<"));
        assert_eq!(crate::data::mrz_name("GROßMANN"), "GROSSMANN");
    }

    #[test]
    fn exif_segment_layout() {
        let seg = crate::scene::exif_app1(6, Some("Snapseed"));
        assert_eq!(&seg[0..2], &[0xFF, 0xE1]);
        let len = u16::from_be_bytes([seg[2], seg[3]]) as usize;
        assert_eq!(len, seg.len() - 2);
        assert_eq!(&seg[4..10], b"Exif\0\0");
        assert_eq!(&seg[10..14], b"MM\0*");
        // orientation value
        assert_eq!(&seg[10 + 10..10 + 12], &[0x01, 0x12]);
        assert_eq!(u16::from_be_bytes([seg[10 + 18], seg[10 + 19]]), 6);
        assert!(seg.windows(9).any(|w| w == b"Snapseed\0"));
    }

    #[test]
    fn dates() {
        use crate::data::{age_on, days};
        assert_eq!(days("1970-01-01"), 0);
        assert_eq!(days("2026-12-19") - days("2026-11-22"), 27);
        assert_eq!(age_on("2008-11-05", "2026-11-22"), 18);
        assert_eq!(age_on("2010-03-14", "2026-11-22"), 16);
        assert_eq!(age_on("1996-02-29", "2026-11-22"), 30);
    }
}

//! Criterion benchmarks of the foundation stages and of the whole check (SPEC §6 Speed).
//!
//! `cargo bench --no-default-features --bench pipeline` (add a filter to run one group).
//!
//! | group | what |
//! | --- | --- |
//! | `load` | `load::decode` (decode + EXIF orientation), and the bare codec for reference, of a 1600×1200 fixture JPEG, a 4032×3024 phone JPEG and a 3024×4032 JPEG stored with EXIF orientation 6 |
//! | `compare` | `fields::compare` of a full form with the document's facts |
//! | `check` | `pipeline::check` with reading off, on the decoded images above (`check_file` adds the load) |

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kyc_check::facts::{DocFacts, Shape};
use kyc_check::fields::compare;
use kyc_check::form::{DocType, Form};
use kyc_check::load::decode;
use kyc_check::pipeline::{check, check_file, Options};
use std::path::PathBuf;
use std::time::Duration;

/// Fixtures by size: a camera-scene JPEG at the generator's usual size, a 12 MP phone JPEG, and
/// a 12 MP phone JPEG stored sideways with EXIF orientation 6 (the loader rotates it).
const FIXTURES: [(&str, &str); 3] = [
    ("1600x1200", "td3-desk-clean-001.jpg"),
    ("4032x3024", "td3-desk-phone-clean-020.jpg"),
    ("3024x4032-exif6", "td3-wood-exif6-clean-023.jpg"),
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The form of `td3-desk-clean-001.jpg`, every field filled in.
fn form() -> Form {
    Form {
        doc_type: Some(DocType::Passport),
        name: Some("Anna Maria Åström".into()),
        dob: NaiveDate::from_ymd_opt(1974, 8, 12),
        doc_number: Some("L898902C3".into()),
        expiry: NaiveDate::from_ymd_opt(2031, 4, 15),
        nationality: Some("UTO".into()),
    }
}

/// What a perfect reader finds on that passport.
fn facts() -> DocFacts {
    DocFacts {
        surname: Some("ÅSTRÖM".into()),
        given_names: Some("ANNA MARIA".into()),
        mrz_surname: Some("AASTROEM".into()),
        mrz_given_names: Some("ANNA MARIA".into()),
        dob: NaiveDate::from_ymd_opt(1974, 8, 12),
        doc_number: Some("L898902C3".into()),
        doc_number_check_ok: Some(true),
        expiry: NaiveDate::from_ymd_opt(2031, 4, 15),
        nationality: Some("UTO".into()),
        sex: Some('F'),
        mrz_doc_code: Some("P".into()),
        mrz_format: Some("TD3".into()),
        has_mrz: true,
        shape: Some(Shape::Id3),
        doc_type: Some(DocType::Passport),
        sources: Default::default(),
    }
}

fn no_ocr() -> Options {
    let mut opts = Options::new(today());
    opts.ocr = false;
    opts
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    for (label, file) in FIXTURES {
        let bytes = std::fs::read(fixture(file)).expect("fixture");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("decode", label), &bytes, |b, bytes| {
            b.iter(|| decode(black_box(bytes)).expect("decodes"))
        });
        // Reference: the image crate's decode alone (no sniffing, EXIF, orientation, RGB copy),
        // to tell the loader's own cost from the codec's.
        group.bench_with_input(BenchmarkId::new("codec only", label), &bytes, |b, bytes| {
            b.iter(|| image::load_from_memory(black_box(bytes)).expect("decodes"))
        });
    }
    group.finish();
}

fn fields(c: &mut Criterion) {
    let (form, facts) = (form(), facts());
    c.bench_function("compare/full form", |b| {
        b.iter(|| compare(black_box(&form), black_box(&facts), today()))
    });
}

fn whole_check(c: &mut Criterion) {
    let (form, opts) = (form(), no_ocr());
    let mut group = c.benchmark_group("check");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    for (label, file) in FIXTURES {
        let loaded = decode(&std::fs::read(fixture(file)).expect("fixture")).expect("decodes");
        group.bench_with_input(BenchmarkId::new("no-ocr", label), &loaded, |b, loaded| {
            b.iter(|| check(black_box(loaded), &form, &opts))
        });
        let path = fixture(file);
        group.bench_with_input(BenchmarkId::new("file no-ocr", label), &path, |b, path| {
            b.iter(|| check_file(black_box(path), &form, &opts))
        });
    }
    group.finish();
}

criterion_group!(benches, load, fields, whole_check);
criterion_main!(benches);

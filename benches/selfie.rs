//! Criterion benchmarks of the face stages (issue 14 bars), each on one worker thread (`-j1`).
//!
//! `cargo bench --no-default-features --bench selfie`
//!
//! | bench | what |
//! | --- | --- |
//! | `selfie/stage-12mp` | the selfie stage as `--selfie` runs it: decode a 4032×3024 JPEG at reduced scale, find faces, every `selfie_*` check (bar ≤ 150 ms) |
//! | `selfie/checks-12mp` | the same without the decode |
//! | `portrait/document-check` | `pipeline::check` (reading off) of a passport fixture, portrait included |
//! | `portrait/portrait-only` | the `portrait` check alone on that page (bar: ≤ 20 % of the above) |

use criterion::{criterion_group, criterion_main, Criterion};
use image::RgbImage;
use kyc_check::face::{self, portrait};
use kyc_check::facts::Shape;
use kyc_check::form::Form;
use kyc_check::load::{decode, decode_reduced, Loaded};
use kyc_check::pipeline::{self, Options};
use std::path::PathBuf;
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A synthetic selfie fixture enlarged to 12 MP (3024×4032) and encoded as a phone would.
fn selfie_12mp() -> Vec<u8> {
    let small = image::open(fixture("selfie-clean-a.jpg"))
        .expect("fixtures/selfie-clean-a.jpg")
        .into_rgb8();
    let big: RgbImage =
        image::imageops::resize(&small, 3024, 4032, image::imageops::FilterType::Triangle);
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(&big)
        .unwrap();
    bytes
}

fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
}

fn selfie(c: &mut Criterion) {
    let bytes = selfie_12mp();
    let pool = one_thread();
    let loaded = decode_reduced(&bytes, 1000).unwrap();
    let mut g = c.benchmark_group("selfie");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("stage-12mp", |b| {
        b.iter(|| {
            pool.install(|| {
                let l = decode_reduced(&bytes, 1000).unwrap();
                pipeline::selfie_report(&l, face::default())
            })
        })
    });
    g.bench_function("checks-12mp", |b| {
        b.iter(|| pool.install(|| pipeline::selfie_report(&loaded, face::default())))
    });
    g.finish();
}

fn portrait_cost(c: &mut Criterion) {
    let pool = one_thread();
    let bytes = std::fs::read(fixture("td3-desk-clean-001.jpg")).unwrap();
    let loaded: Loaded = decode(&bytes).unwrap();
    let mut opts = Options::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    opts.ocr = false;
    let form = Form::default();
    let page = kyc_check::quality::assess(&loaded)
        .rectified
        .expect("a page");
    let mut g = c.benchmark_group("portrait");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("document-check", |b| {
        b.iter(|| pool.install(|| pipeline::check(&loaded, &form, &opts)))
    });
    g.bench_function("portrait-only", |b| {
        b.iter(|| {
            pool.install(|| {
                let info = portrait::PageInfo {
                    image: &page,
                    shape: Shape::Id3,
                    whole_frame: false,
                    td1: false,
                };
                portrait::check(&info, face::portrait_detector())
            })
        })
    });
    g.finish();
}

criterion_group!(benches, selfie, portrait_cost);
criterion_main!(benches);

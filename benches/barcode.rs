//! Speed of barcode decoding (issue 17): a PDF417 licence back found and decoded, and a photo
//! without any barcode (the decoder's full search, the common case), on 1200 × 900 and
//! 1600 × 1200 fixture photos and on a 12 MP one (shrunk to `barcode::MAX_SIDE` first, as the
//! pipeline does). The pipeline also bounds each search by `barcode::BUDGET`.

use criterion::{criterion_group, criterion_main, Criterion};
use kyc_check::barcode;
use std::path::Path;

fn gray(name: &str) -> image::GrayImage {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    image::open(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .to_luma8()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("barcode");
    g.sample_size(10);
    for (label, name) in [
        ("PDF417 back 1200x900", "dlb-desk-pdf417.jpg"),
        ("no barcode 1600x1200", "td3-desk-clean-001.jpg"),
        ("no barcode 12MP", "td3-desk-phone-clean-020.jpg"),
    ] {
        let img = gray(name);
        g.bench_function(label, |b| b.iter(|| barcode::decode(&img, barcode::BUDGET)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

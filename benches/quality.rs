//! Speed of the image-quality stage: the work copy (a 12 MP photo shrunk by 2), finding the
//! document and each check's measurement on that copy, and the whole `assess`, on a 12 MP
//! (4032×3024) fixture photo and a 1600×1200 one.

use criterion::{criterion_group, criterion_main, Criterion};
use kyc_check::document;
use kyc_check::load::Loaded;
use kyc_check::quality::{self, Page};
use std::path::Path;

fn load(name: &str) -> Loaded {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let img = image::open(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .to_rgb8();
    Loaded::from_image(img)
}

fn bench(c: &mut Criterion) {
    for (label, name) in [
        ("12MP", "td3-desk-phone-clean-020.jpg"),
        ("2MP", "td3-desk-clean-001.jpg"),
    ] {
        let photo = load(name);
        let work = || quality::work_copy(&photo.image).map_or(photo.image.clone(), |(c, _)| c);
        let loaded = Loaded::from_image(work());
        let doc = document::find(&loaded.image);
        let page = Page::of(&loaded, doc.as_ref());
        let mut g = c.benchmark_group(label);
        g.sample_size(10);
        g.bench_function("work copy", |b| b.iter(work));
        g.bench_function("find", |b| b.iter(|| document::find(&loaded.image)));
        if let Some(d) = &doc {
            g.bench_function("rectify", |b| {
                b.iter(|| document::rectify(&loaded.image, d))
            });
        }
        g.bench_function("blur", |b| b.iter(|| quality::blur::measure(&page.image)));
        g.bench_function("glare", |b| b.iter(|| quality::glare::measure(&page)));
        g.bench_function("exposure", |b| {
            b.iter(|| {
                (
                    quality::exposure::paper_level(&page),
                    quality::exposure::frame_p1(&quality::thumbnail(&loaded.image)),
                )
            })
        });
        g.bench_function("occlusion", |b| {
            b.iter(|| quality::occlusion::measure(&page, None))
        });
        g.bench_function("color", |b| {
            b.iter(|| quality::color::saturation_p95(&quality::thumbnail(&loaded.image)))
        });
        g.bench_function("screen", |b| {
            b.iter(|| quality::screen::is_screenshot(&loaded))
        });
        g.bench_function("assess", |b| b.iter(|| quality::assess(&photo)));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

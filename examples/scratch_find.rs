#[path = "../tests/common/fixtures.rs"]
mod fixtures;
use kyc_check::annotate::{draw, Mark, MarkShape};
fn main() {
    let only: Vec<String> = std::env::args().skip(1).collect();
    let mut errs = vec![];
    for f in fixtures::manifest() {
        if !only.is_empty() && !only.iter().any(|o| f.file.contains(o.as_str())) {
            continue;
        }
        let l = fixtures::load(&fixtures::fixtures_dir().join(&f.file));
        let t = std::time::Instant::now();
        let d = kyc_check::document::find(&l.image);
        let ms = t.elapsed().as_millis();
        let truth = f.corners().unwrap();
        let scale = l.image.width().max(l.image.height()) as f32 / 1600.0;
        let err = d
            .as_ref()
            .map(|d| {
                // match as sets: min over rotations
                (0..4)
                    .map(|r| {
                        (0..4)
                            .map(|i| kyc_check::document::Detected::clone(d).corners[(i + r) % 4])
                            .zip(truth.iter())
                            .map(|(a, b)| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt())
                            .fold(0f32, f32::max)
                    })
                    .fold(f32::MAX, f32::min)
                    / scale
            })
            .unwrap_or(-1.0);
        errs.push(err);
        println!(
            "{:45} err {:7.1} fill {} conf {:.2} asp {:.3} {:?} {}ms",
            f.file,
            err,
            d.as_ref().map(|d| d.fills_frame).unwrap_or(true),
            d.as_ref().map(|d| d.confidence).unwrap_or(0.0),
            d.as_ref().map(|d| d.aspect).unwrap_or(0.0),
            d.as_ref().and_then(|d| d.shape),
            ms
        );
        if !only.is_empty() {
            if let Some(d) = &d {
                let m = [
                    Mark {
                        label: "doc".into(),
                        color: [0, 255, 0],
                        shape: MarkShape::Polygon(d.corners.to_vec()),
                    },
                    Mark {
                        label: "truth".into(),
                        color: [255, 0, 0],
                        shape: MarkShape::Polygon(truth.to_vec()),
                    },
                ];
                let out = draw(&l.image, &m);
                let out = image::imageops::thumbnail(&out, out.width() / 2, out.height() / 2);
                out.save(format!("/tmp/find-{}.png", f.file)).unwrap();
            }
        }
    }
    let bad = errs.iter().filter(|e| **e > 10.0 || **e < 0.0).count();
    println!("n={} bad(>10px)={}", errs.len(), bad);
}

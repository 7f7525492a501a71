//! How far the outline `document::find` gives lies from the fixtures' true corners, in mm of the
//! document (calibration of `quality::glare::EDGE_BAND_MM`):
//! `cargo run --release --no-default-features --example outline_error`.
#[path = "../tests/common/fixtures.rs"]
mod fixtures;

use kyc_check::document;
use rayon::prelude::*;

fn main() {
    let manifest = fixtures::manifest();
    let mut errs: Vec<f32> = manifest
        .par_iter()
        .filter_map(|f| {
            let truth = f.corners()?;
            let img = fixtures::load(&fixtures::fixtures_dir().join(&f.file));
            let d = document::find(&img.image)?;
            if d.fills_frame {
                return None;
            }
            let mm_per_px = d.size_mm().0 / d.long_side_px();
            // the worst corner, each detected corner against the nearest true one
            let worst = d
                .corners
                .iter()
                .map(|c| {
                    truth
                        .iter()
                        .map(|t| ((c[0] - t[0]).powi(2) + (c[1] - t[1]).powi(2)).sqrt())
                        .fold(f32::MAX, f32::min)
                })
                .fold(0.0f32, f32::max);
            Some(worst * mm_per_px)
        })
        .collect();
    errs.sort_by(f32::total_cmp);
    let q = |p: f32| errs[((errs.len() - 1) as f32 * p) as usize];
    println!(
        "fixtures with an outline: {}; worst-corner error, mm: median {:.2}, p75 {:.2}, p90 {:.2}, p95 {:.2}, max {:.2}",
        errs.len(),
        q(0.5),
        q(0.75),
        q(0.9),
        q(0.95),
        errs[errs.len() - 1]
    );
}

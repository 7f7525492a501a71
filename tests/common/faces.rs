//! `../shared/realdata/faces` (issue 14): the photos of `MANIFEST.tsv` with their part of the
//! split by source project (`tests/data/faces_split.tsv`).

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The folder, relative to the repository root.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realdata/faces");

/// One photo of the manifest.
#[derive(Debug, Clone)]
pub struct FacePhoto {
    /// Relative to [`DIR`].
    pub file: String,
    pub path: PathBuf,
    /// `tuning` or `held-out`.
    pub part: &'static str,
    /// Faces seen by eye.
    pub faces: usize,
    /// The largest face's `[x, y, w, h]`, when there is a face.
    pub main_box: Option<[f32; 4]>,
    pub labels: Vec<String>,
    /// `kyc_selfie_ok`: `yes`, `no` or `borderline`.
    pub ok: String,
}

/// The manifest's text; `None` (reported as skipped) when the data is not here, a failure
/// instead when `KYC_REQUIRE_REALDATA=1` (as in CI).
pub fn manifest_text() -> Option<String> {
    let path = PathBuf::from(DIR).join("MANIFEST.tsv");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            super::realdata::missing(&path);
            None
        }
    }
}

/// Every photo of the manifest, in its order.
pub fn photos() -> Option<Vec<FacePhoto>> {
    let text = manifest_text()?;
    let split: BTreeMap<&str, &'static str> = include_str!("../data/faces_split.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .collect();
    Some(
        text.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let c: Vec<&str> = line.split('\t').collect();
                let part = *split
                    .get(c[1])
                    .unwrap_or_else(|| panic!("{} is in no part of faces_split.tsv", c[1]));
                let main_box = (!c[6].is_empty()).then(|| {
                    let v: Vec<f32> = c[6].split(',').map(|s| s.parse().unwrap()).collect();
                    [v[0], v[1], v[2], v[3]]
                });
                FacePhoto {
                    file: c[0].to_string(),
                    path: PathBuf::from(DIR).join(c[0]),
                    part,
                    faces: c[5].parse().expect("a face count"),
                    main_box,
                    labels: c[7].split(',').map(str::to_string).collect(),
                    ok: c[8].to_string(),
                }
            })
            .collect(),
    )
}

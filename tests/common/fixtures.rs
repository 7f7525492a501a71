//! Reading the fixture manifest and loading fixture images for tests and the calibration example
//! (a stand-in for src/load.rs: decode, EXIF orientation, EXIF Software).

#![allow(dead_code)]

use kyc_check::load::Loaded;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One manifest record with what the quality checks need.
pub struct Fixture {
    pub file: String,
    pub record: Value,
}

impl Fixture {
    fn list(&self, key: &str) -> Vec<String> {
        self.record[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }
    pub fn expected_fail(&self) -> Vec<String> {
        self.list("expected_fail")
    }
    pub fn may_fail(&self) -> Vec<String> {
        self.list("may_fail")
    }
    pub fn causes(&self) -> Vec<String> {
        self.list("causes")
    }
    pub fn is_clean(&self) -> bool {
        is_clean_record(&self.record)
    }
    /// "fail", "may_fail" or "pass" for one check.
    pub fn label(&self, check: &str) -> &'static str {
        if self.expected_fail().iter().any(|c| c == check) {
            "fail"
        } else if self.may_fail().iter().any(|c| c == check) {
            "may_fail"
        } else {
            "pass"
        }
    }
    pub fn corners(&self) -> Option<[[f32; 2]; 4]> {
        let c = self.record["scene"]["corners"].as_array()?;
        let mut out = [[0f32; 2]; 4];
        for (i, p) in c.iter().enumerate().take(4) {
            out[i] = [p[0].as_f64()? as f32, p[1].as_f64()? as f32];
        }
        Some(out)
    }
}

/// The one definition of a clean fixture (issue 12), for every test and example: no code
/// expected, and every cause is `clean` or a `clean: …` note (a mild condition a reviewer
/// accepts: a dim room, a tilt of 12°, a tiny highlight off the text).
pub fn is_clean_record(record: &Value) -> bool {
    let list = |key: &str| -> Vec<String> {
        record[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let causes = list("causes");
    list("expected_codes").is_empty()
        && !causes.is_empty()
        && causes
            .iter()
            .all(|c| c == "clean" || c.starts_with("clean:"))
}

/// The fixtures: `fixtures/`, or the folder `KYC_FIXTURES` names (a set generated with other
/// options to measure on, e.g. `fixgen --out DIR --shade`).
pub fn fixtures_dir() -> PathBuf {
    match std::env::var_os("KYC_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
    }
}

pub fn manifest() -> Vec<Fixture> {
    let text = std::fs::read_to_string(fixtures_dir().join("manifest.jsonl")).expect("manifest");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let record: Value = serde_json::from_str(l).expect("manifest line");
            Fixture {
                file: record["file"].as_str().expect("file").to_string(),
                record,
            }
        })
        .collect()
}

/// Loads an image file with the product's own loader (decoding by content, EXIF orientation,
/// EXIF Software kept); a fixture that does not load is a test failure.
pub fn load(path: &Path) -> Loaded {
    kyc_check::load::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

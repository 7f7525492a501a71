//! Walking folders and checking many photos in parallel, results delivered in input order.

use crate::report::Report;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// Extensions searched for in folders (lower case).
pub const IMAGE_EXTENSIONS: [&str; 7] = ["jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp"];

/// A folder that holds no image: a usage error.
#[derive(Debug, thiserror::Error)]
#[error(
    "{0}: no images (jpg, jpeg, png, webp, tif, tiff, bmp) in this folder or below; check the path"
)]
pub struct EmptyFolder(pub String);

/// Expands the command-line paths: files as given, folders recursively in sorted order.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, EmptyFolder> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = inputs.len();
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name();
            for entry in walker.into_iter().filter_map(Result::ok) {
                if entry.file_type().is_file() && has_image_extension(entry.path()) {
                    inputs.push(entry.into_path());
                }
            }
            if inputs.len() == before {
                return Err(EmptyFolder(path.display().to_string()));
            }
        } else {
            inputs.push(path.clone());
        }
    }
    Ok(inputs)
}

fn has_image_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.as_str()))
}

/// Checks every input on `jobs` workers and hands each report to `emit` in input order, as soon
/// as it and all before it are done. Workers compute; only the calling thread emits.
pub fn run<F, E>(inputs: &[PathBuf], jobs: usize, check: F, mut emit: E)
where
    F: Fn(&Path) -> Report + Sync,
    E: FnMut(usize, Report),
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("kyc-check-{i}"))
        .build()
        .expect("a thread pool of a valid size");
    let (tx, rx) = mpsc::channel::<(usize, Report)>();
    std::thread::scope(|scope| {
        let check = &check;
        scope.spawn(move || {
            pool.install(|| {
                use rayon::prelude::*;
                inputs
                    .par_iter()
                    .enumerate()
                    .for_each_with(tx, |tx, (i, path)| {
                        let _ = tx.send((i, check(path)));
                    });
            });
        });
        let mut pending: BTreeMap<usize, Report> = BTreeMap::new();
        let mut next = 0;
        for (i, report) in rx {
            pending.insert(i, report);
            while let Some(report) = pending.remove(&next) {
                emit(next, report);
                next += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_output_keeps_input_order() {
        let inputs: Vec<PathBuf> = (0..40).map(|i| PathBuf::from(format!("{i:03}"))).collect();
        let check = |p: &Path| {
            let n: u64 = p.to_string_lossy().parse().unwrap();
            std::thread::sleep(std::time::Duration::from_millis((n * 7) % 13));
            Report::error(p.display().to_string(), String::new(), 0)
        };
        let mut seen = Vec::new();
        run(&inputs, 4, check, |i, r| seen.push((i, r.file)));
        let expected: Vec<(usize, String)> = (0..40).map(|i| (i, format!("{i:03}"))).collect();
        assert_eq!(seen, expected);
    }
}

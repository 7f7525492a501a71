//! Walking folders and checking many photos in parallel, results delivered in input order.

use crate::report::{Report, Verdict};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Extensions searched for in folders (lower case).
pub const IMAGE_EXTENSIONS: [&str; 7] = ["jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp"];

/// Photo formats that cannot be checked (HEIC/HEIF from iPhones, AVIF), lower case. A folder walk
/// takes them as inputs all the same: the loader names the format and how to convert it
/// (`load::LoadError::Heic`, `Avif`), exactly as for such a file named directly, instead of the
/// photo vanishing from the batch.
pub const UNSUPPORTED_EXTENSIONS: [&str; 4] = ["heic", "heif", "hif", "avif"];

/// One input of a run: a photo to check, or a file a folder walk found but could not use
/// (unreadable subfolder, dangling symlink, path too long, not a regular file), reported as
/// that file's error so that no photo is silently lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Photo(PathBuf),
    Unreadable { path: PathBuf, why: String },
}

impl Input {
    pub fn path(&self) -> &Path {
        match self {
            Input::Photo(p) | Input::Unreadable { path: p, .. } => p,
        }
    }
}

/// What the command-line paths expand to.
#[derive(Debug, Default)]
pub struct Inputs {
    pub items: Vec<Input>,
    /// Command-line paths that could not be used at all (missing, a folder without images),
    /// one message each; the other paths are still checked.
    pub problems: Vec<String>,
    /// Whether exactly one path was given and it is a file, not a folder: the one case where
    /// `--format json` prints an object rather than an array.
    pub single_file: bool,
}

/// The suffix of the PNGs `--annotate` writes; folder walks skip these files, so that an
/// output folder inside an input folder is not checked as photos on the next run.
pub const ANNOTATION_SUFFIX: &str = ".annotated.png";

/// Expands the command-line paths: files as given, folders recursively in sorted order.
/// `skip` is a folder not to walk into (the `--annotate` output folder).
pub fn collect_inputs(paths: &[PathBuf], skip: Option<&Path>) -> Inputs {
    let skip = skip.and_then(|p| std::fs::canonicalize(p).ok());
    let mut out = Inputs {
        single_file: paths.len() == 1 && paths.iter().all(|p| !p.is_dir()),
        ..Inputs::default()
    };
    for path in paths {
        let shown = path.display();
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.problems.push(path_problem(&shown.to_string(), &e));
                continue;
            }
        };
        if !meta.is_dir() {
            out.items.push(Input::Photo(path.clone()));
            continue;
        }
        let before = out.items.len();
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                // the output folder inside an input folder is not walked (the folder given
                // itself is: its own annotations are skipped by name below)
                e.depth() == 0
                    || !e.file_type().is_dir()
                    || skip
                        .as_ref()
                        .is_none_or(|s| std::fs::canonicalize(e.path()).map_or(true, |c| c != *s))
            });
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if !(has_image_extension(p) || has_unsupported_extension(p)) || is_annotation(p)
                    {
                        continue;
                    }
                    let t = entry.file_type();
                    if t.is_file() {
                        out.items.push(Input::Photo(entry.into_path()));
                    } else if !t.is_dir() {
                        out.items.push(Input::Unreadable {
                            path: entry.into_path(),
                            why: "not a regular file (a pipe, socket or device); copy the photo \
                                  to a regular file"
                                .into(),
                        });
                    }
                }
                Err(e) => {
                    let p = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| path.clone());
                    // Report what may have been a photo or may have held photos; a broken link
                    // named notes.txt is not an input.
                    let too_long = e
                        .io_error()
                        .is_some_and(|io| io.raw_os_error() == Some(libc::ENAMETOOLONG));
                    if !(has_image_extension(&p)
                        || has_unsupported_extension(&p)
                        || p.is_dir()
                        || too_long
                        || e.loop_ancestor().is_some())
                    {
                        continue;
                    }
                    let why = if let Some(ancestor) = e.loop_ancestor() {
                        format!(
                            "a symbolic-link loop (it leads back to {}); remove the link",
                            ancestor.display()
                        )
                    } else {
                        match e.io_error() {
                            Some(io) => walk_error(&p, io),
                            None => e.to_string(),
                        }
                    };
                    out.items.push(Input::Unreadable { path: p, why });
                }
            }
        }
        if out.items.len() == before {
            out.problems.push(format!(
                "{shown}: no images (jpg, jpeg, png, webp, tif, tiff, bmp) in this folder or \
                 below; check the path"
            ));
        }
    }
    out
}

/// The message for a command-line path that cannot be opened.
pub fn path_problem(shown: &str, e: &std::io::Error) -> String {
    if e.raw_os_error() == Some(libc::ELOOP) {
        format!("{shown}: a symbolic-link loop (too many levels of links); fix or remove the link")
    } else if e.kind() == std::io::ErrorKind::NotFound {
        format!(
            "{shown}: no such file or folder; check the path (put quotes around names with spaces)"
        )
    } else {
        format!("{shown}: cannot open it ({e}); check the path and its permissions")
    }
}

fn walk_error(path: &Path, io: &std::io::Error) -> String {
    match io.raw_os_error() {
        Some(libc::ENOENT) if path.is_symlink() => {
            "a symbolic link to a file that does not exist; fix or remove the link".into()
        }
        Some(libc::ENAMETOOLONG) => {
            "the path is longer than the system allows; move the photo to a shorter path".into()
        }
        Some(libc::EACCES) | Some(libc::EPERM) => {
            format!("cannot be read ({io}); check its permissions")
        }
        Some(libc::ELOOP) => "a symbolic-link loop; fix or remove the link".into(),
        _ => format!("cannot be read ({io})"),
    }
}

fn has_image_extension(path: &Path) -> bool {
    extension_in(path, &IMAGE_EXTENSIONS)
}

fn has_unsupported_extension(path: &Path) -> bool {
    extension_in(path, &UNSUPPORTED_EXTENSIONS)
}

fn extension_in(path: &Path, list: &[&str]) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| list.contains(&e.as_str()))
}

/// The end-of-batch tally (`rg --stats`, hyperfine): photos per verdict, photos per code, and
/// the time taken.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub photos: usize,
    pub pass: usize,
    pub reject: usize,
    pub unverified: usize,
    pub error: usize,
    /// Photos with each predicted code (a photo with two codes counts under both), by code.
    pub codes: BTreeMap<String, usize>,
}

impl Summary {
    pub fn add(&mut self, report: &Report) {
        self.photos += 1;
        match report.verdict {
            Verdict::Pass => self.pass += 1,
            Verdict::Reject => self.reject += 1,
            Verdict::Unverified => self.unverified += 1,
            Verdict::Error => self.error += 1,
        }
        let mut seen: Vec<&str> = Vec::new();
        for c in &report.codes {
            if !seen.contains(&c.code.as_str()) {
                seen.push(&c.code);
                *self.codes.entry(c.code.clone()).or_default() += 1;
            }
        }
    }

    /// The summary's lines. `problems` counts the command-line paths and `--fields` rows
    /// already reported as unusable.
    pub fn lines(&self, elapsed: std::time::Duration, problems: usize) -> Vec<String> {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut lines = vec![format!(
            "summary: {} in {:.1} s: {} pass, {} reject, {} unverified, {} error",
            plural(self.photos, "photo", "photos"),
            elapsed.as_secs_f64(),
            self.pass,
            self.reject,
            self.unverified,
            self.error
        )];
        if !self.codes.is_empty() {
            let codes: Vec<String> = self
                .codes
                .iter()
                .map(|(code, n)| format!("{code} in {}", plural(*n, "photo", "photos")))
                .collect();
            lines.push(format!("codes: {}", codes.join(", ")));
        }
        if self.error > 0 || problems > 0 {
            let mut what = Vec::new();
            if self.error > 0 {
                what.push(format!(
                    "{} could not be checked",
                    plural(self.error, "photo", "photos")
                ));
            }
            if problems > 0 {
                what.push(format!(
                    "{} with a path or a --fields row (said above)",
                    plural(problems, "problem", "problems")
                ));
            }
            lines.push(format!("errors: {}", what.join("; ")));
        }
        lines
    }
}

/// Whether a file is one of this tool's own annotated PNGs (by name).
pub fn is_annotation(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(ANNOTATION_SUFFIX))
}

/// Checks every input on `jobs` workers and hands each report to `emit` in input order, as soon
/// as it and all before it are done. Workers compute; only the calling thread emits.
///
/// `emit` returns whether to go on: after `false` (output closed, Ctrl-C) no new input is
/// started and no further report is emitted; the checks already running finish and are
/// dropped. A panic while checking one input becomes that input's `error` report and the batch
/// goes on.
///
/// `cancel` set (Ctrl-C) also stops new inputs from starting; the reports already done are
/// still handed to `emit` in order.
pub fn run<T, F, E>(inputs: &[T], jobs: usize, cancel: &AtomicBool, check: F, mut emit: E)
where
    T: AsRef<Path> + Sync,
    F: Fn(&T) -> Report + Sync,
    E: FnMut(usize, Report) -> bool,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("kyc-check-{i}"))
        .build()
        .expect("a thread pool of a valid size");
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Report)>();
    std::thread::scope(|scope| {
        let check = &check;
        let stop = &stop;
        scope.spawn(move || {
            pool.install(|| {
                use rayon::prelude::*;
                inputs
                    .par_iter()
                    .enumerate()
                    .for_each_with(tx, |tx, (i, input)| {
                        if stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
                            return;
                        }
                        let report = checked(input, check);
                        let _ = tx.send((i, report));
                    });
            });
        });
        let mut pending: BTreeMap<usize, Report> = BTreeMap::new();
        let mut next = 0;
        'receive: for (i, report) in rx.iter() {
            pending.insert(i, report);
            while let Some(report) = pending.remove(&next) {
                if !emit(next, report) {
                    stop.store(true, Ordering::Relaxed);
                    break 'receive;
                }
                next += 1;
            }
        }
        // dropping `rx` here makes the workers' remaining sends fail quietly
    });
}

/// `check(input)`, with a panic turned into the input's `error` report.
fn checked<T: AsRef<Path>>(input: &T, check: impl Fn(&T) -> Report) -> Report {
    let start = std::time::Instant::now();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(input))) {
        Ok(report) => report,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            Report::error(
                input.as_ref().display().to_string(),
                format!(
                    "internal error while checking this photo ({what}); the other photos were \
                     checked. Please report this with the photo's format and size"
                ),
                start.elapsed().as_millis() as u64,
            )
        }
    }
}

impl AsRef<Path> for Input {
    fn as_ref(&self) -> &Path {
        self.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_add_up() {
        let mut s = Summary::default();
        let mut rejected = Report::error("a.jpg".into(), String::new(), 0);
        rejected.verdict = Verdict::Reject;
        let code = |c: &str| crate::report::CodeReport {
            code: c.into(),
            title: String::new(),
            difficulty: String::new(),
            recovery: String::new(),
            reasons: Vec::new(),
            advice: Vec::new(),
        };
        rejected.codes = vec![code("E005"), code("E018"), code("E005")];
        s.add(&rejected);
        s.add(&Report::error("b.jpg".into(), String::new(), 0));
        let mut passed = Report::error("c.jpg".into(), String::new(), 0);
        passed.verdict = Verdict::Pass;
        s.add(&passed);
        assert_eq!(s.photos, s.pass + s.reject + s.unverified + s.error);
        assert_eq!((s.pass, s.reject, s.error), (1, 1, 1));
        assert_eq!(
            s.codes.get("E005"),
            Some(&1),
            "one photo, however many reasons"
        );
        let lines = s.lines(std::time::Duration::from_millis(1500), 2);
        assert_eq!(
            lines[0],
            "summary: 3 photos in 1.5 s: 1 pass, 1 reject, 0 unverified, 1 error"
        );
        assert_eq!(lines[1], "codes: E005 in 1 photo, E018 in 1 photo");
        assert!(
            lines[2].contains("1 photo could not be checked") && lines[2].contains("2 problems")
        );
    }

    #[test]
    fn parallel_output_keeps_input_order() {
        let inputs: Vec<PathBuf> = (0..40).map(|i| PathBuf::from(format!("{i:03}"))).collect();
        let check = |p: &PathBuf| {
            let n: u64 = p.to_string_lossy().parse().unwrap();
            std::thread::sleep(std::time::Duration::from_millis((n * 7) % 13));
            Report::error(p.display().to_string(), String::new(), 0)
        };
        let mut seen = Vec::new();
        run(&inputs, 4, &AtomicBool::new(false), check, |i, r| {
            seen.push((i, r.file));
            true
        });
        let expected: Vec<(usize, String)> = (0..40).map(|i| (i, format!("{i:03}"))).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_panic_in_one_check_is_that_inputs_error_and_the_batch_goes_on() {
        let inputs: Vec<PathBuf> = (0..6).map(|i| PathBuf::from(format!("{i}"))).collect();
        let check = |p: &PathBuf| {
            if p.as_os_str() == "3" {
                panic!("boom in the checker");
            }
            Report::error(p.display().to_string(), "fine".into(), 0)
        };
        let mut seen = Vec::new();
        run(&inputs, 2, &AtomicBool::new(false), check, |_, r| {
            seen.push(r.error.unwrap_or_default());
            true
        });
        assert_eq!(seen.len(), 6);
        assert!(seen[3].contains("boom in the checker"), "{seen:?}");
        assert_eq!(seen[4], "fine");
    }

    #[test]
    fn emit_returning_false_stops_the_batch() {
        let inputs: Vec<PathBuf> = (0..200).map(|i| PathBuf::from(format!("{i}"))).collect();
        let started = std::sync::atomic::AtomicUsize::new(0);
        let check = |p: &PathBuf| {
            started.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(std::time::Duration::from_millis(2));
            Report::error(p.display().to_string(), String::new(), 0)
        };
        let mut emitted = 0;
        run(&inputs, 2, &AtomicBool::new(false), check, |_, _| {
            emitted += 1;
            false
        });
        assert_eq!(emitted, 1);
        assert!(
            started.load(Ordering::Relaxed) < 20,
            "kept checking after the stop"
        );
    }
}

//! The OCR engine seam: an [`OcrEngine`] trait the reading stage talks to, and the Tesseract
//! engine behind it (feature `ocr`, the system libtesseract through `tesseract-rs`).
//!
//! One Tesseract instance per worker thread is created on first use and kept for the thread's
//! life (`thread_local`): initialising the LSTM model costs ~100 ms, a recognition pass over an
//! MRZ band tens of milliseconds.

#[cfg(feature = "ocr")]
mod tesseract;

use image::GrayImage;
use std::path::PathBuf;

/// Which Tesseract data and languages to use (`--tessdata`, `--lang`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OcrConfig {
    /// Directory holding `*.traineddata`; `None` lets Tesseract use `TESSDATA_PREFIX` or its
    /// compiled-in default (`/usr/share/tesseract-ocr/5/tessdata` on Debian).
    pub tessdata: Option<PathBuf>,
    /// Languages, Tesseract style: `eng`, `eng+chi_sim`.
    pub lang: String,
}

impl Default for OcrConfig {
    fn default() -> Self {
        OcrConfig {
            tessdata: None,
            lang: "eng".to_string(),
        }
    }
}

/// How the engine should segment the image it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One uniform block of text lines (the MRZ band).
    Block,
    /// Exactly one text line.
    Line,
    /// Text scattered anywhere, in no particular order (a document's visual zone).
    Sparse,
}

/// Which recognition model reads the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Model {
    /// The configured languages (`--lang`, `eng` by default): printed text, and the MRZ's first
    /// reading.
    #[default]
    Languages,
    /// The bundled OCR-B model trained on machine-readable zones only (`models/mrz.traineddata`):
    /// the MRZ's second opinion, asked when the first reading does not verify.
    Mrz,
}

/// One recognition request.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub layout: Layout,
    /// Only these characters may be returned (`None`: any).
    pub whitelist: Option<&'a str>,
    pub model: Model,
}

/// A box in the pixels of the recognised image: left, top, right, bottom (exclusive).
pub type Bounds = [i32; 4];

/// One recognised character.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub ch: char,
    /// 0–100.
    pub confidence: f32,
    pub bounds: Bounds,
    /// Index of the word this symbol belongs to, within its line.
    pub word: usize,
}

/// One recognised text line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub symbols: Vec<Symbol>,
    pub bounds: Bounds,
}

impl Line {
    /// The line's text, words separated by one space.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, s) in self.symbols.iter().enumerate() {
            if i > 0 && s.word != self.symbols[i - 1].word {
                out.push(' ');
            }
            out.push(s.ch);
        }
        out
    }

    /// The words of the line with their bounds and mean confidence.
    pub fn words(&self) -> Vec<(String, Bounds, f32)> {
        let mut words: Vec<(String, Bounds, f32, usize)> = Vec::new();
        for s in &self.symbols {
            match words.last_mut() {
                Some(w) if w.3 == s.word => {
                    w.0.push(s.ch);
                    w.1 = union(w.1, s.bounds);
                    w.2 += s.confidence;
                }
                _ => words.push((s.ch.to_string(), s.bounds, s.confidence, s.word)),
            }
        }
        words
            .into_iter()
            .map(|(t, b, c, _)| {
                let n = t.chars().count() as f32;
                (t, b, c / n)
            })
            .collect()
    }
}

/// The union of two boxes.
pub fn union(a: Bounds, b: Bounds) -> Bounds {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// What an engine read from one image, top to bottom.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub lines: Vec<Line>,
}

impl Page {
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(Line::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Why recognition failed.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error(
        "reading cannot start: Tesseract found no usable {lang}.traineddata in {dir}; install \
         the language data (Debian/Ubuntu: apt install tesseract-ocr-eng), point --tessdata at \
         the folder holding {lang}.traineddata, or run with --no-ocr to judge photo quality only"
    )]
    Init { lang: String, dir: String },
    #[error("Tesseract failed while recognising: {0}")]
    Recognise(String),
    #[error("this build has no OCR (built without the `ocr` feature)")]
    Unavailable,
}

/// Something that turns a grayscale image into text with per-character confidences and boxes.
pub trait OcrEngine {
    fn recognise(&mut self, image: &GrayImage, request: &Request) -> Result<Page, OcrError>;
}

/// Runs `f` with this thread's engine for `config`, created on first use and reused after.
#[cfg(feature = "ocr")]
pub fn with_engine<R>(
    config: &OcrConfig,
    f: impl FnOnce(&mut dyn OcrEngine) -> R,
) -> Result<R, OcrError> {
    tesseract::with_thread_engine(config, |e| f(e))
}

/// Without the `ocr` feature there is no engine.
#[cfg(not(feature = "ocr"))]
pub fn with_engine<R>(
    _config: &OcrConfig,
    _f: impl FnOnce(&mut dyn OcrEngine) -> R,
) -> Result<R, OcrError> {
    Err(OcrError::Unavailable)
}

/// Starts an engine for `config` once, before any photo is checked, so that a broken set-up
/// (no `eng.traineddata`, an empty `TESSDATA_PREFIX`, an unknown `--lang`) is one clear error
/// for the whole run instead of a skipped reading on every photo. Tesseract's own messages
/// about the failure are kept off stderr while it starts; the error says what to install.
#[cfg(feature = "ocr")]
pub fn preflight(config: &OcrConfig) -> Result<(), OcrError> {
    let _quiet = tesseract::QuietStderr::new();
    tesseract::Tesseract::new(config).map(drop)
}

/// Without the `ocr` feature there is nothing to start.
#[cfg(not(feature = "ocr"))]
pub fn preflight(_config: &OcrConfig) -> Result<(), OcrError> {
    Err(OcrError::Unavailable)
}

/// `tesseract 5.3.0`, or `built without OCR`.
pub fn engine_version() -> String {
    #[cfg(feature = "ocr")]
    {
        format!("tesseract {}", tesseract::version())
    }
    #[cfg(not(feature = "ocr"))]
    {
        "built without OCR".to_string()
    }
}

/// Keeps Tesseract's OpenMP to one thread per worker, so that it does not fight rayon's workers
/// for the cores. Call it first thing in `main`.
///
/// libgomp reads `OMP_THREAD_LIMIT` once, when the library is loaded (before `main`), so setting
/// the variable from inside the process is too late. When it is unset, this sets it and
/// re-executes the program with the same arguments (Unix; elsewhere it does nothing). A value the
/// user set is kept. Measured on this 2-core machine, one specimen image (Sweden.png, 6 OCR
/// passes): 1.1 s wall / 1.1 s CPU with the limit, 7.3 s wall / 6.1 s CPU without.
pub fn limit_threads() {
    if cfg!(not(feature = "ocr")) || std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let mut args = std::env::args_os();
        let arg0 = args.next();
        if let Ok(exe) = std::env::current_exe() {
            let mut cmd = std::process::Command::new(exe);
            if let Some(a) = arg0 {
                cmd.arg0(a);
            }
            // `exec` returns only when it failed; the program then runs on with OpenMP's default.
            let _failed = cmd.args(args).env("OMP_THREAD_LIMIT", "1").exec();
        }
    }
}

//! The Tesseract engine: the system libtesseract through `tesseract-rs` (LSTM engine; Debian's
//! `eng.traineddata` has no legacy components), and a second instance for the bundled MRZ model.

use super::{Bounds, Layout, Line, Model, OcrConfig, OcrEngine, OcrError, Page, Request, Symbol};
use image::GrayImage;
use std::cell::RefCell;
use tesseract_rs::{TessPageIteratorLevel as Level, TessPageSegMode, TesseractAPI};

/// The installed library's version, e.g. `5.3.0`.
pub fn version() -> String {
    TesseractAPI::version()
}

/// The MRZ model, built into the binary: DoubangoTelecom's `tesseractMRZ` LSTM model (BSD
/// 3-clause, `models/mrz.traineddata.LICENSE`), trained on OCR-B machine-readable zones only,
/// converted to Tesseract's integer ("fast") form: 1.4 MB instead of 11 MB, and on the specimens,
/// documents and PassportEye sets it read the same zones as the float model at two thirds of its
/// time. Loaded from memory (`TessBaseAPIInit5`), so no data folder is needed for it.
const MRZ_MODEL: &[u8] = include_bytes!("../../models/mrz.traineddata");

/// Tesseract's engine mode for LSTM only (`OEM_LSTM_ONLY`).
const OEM_LSTM_ONLY: i32 = 1;

/// One initialised Tesseract instance for the configured languages, and the MRZ model's instance
/// once asked for.
pub struct Tesseract {
    api: TesseractAPI,
    mrz: Option<TesseractAPI>,
    config: OcrConfig,
}

impl Tesseract {
    pub fn new(config: &OcrConfig) -> Result<Tesseract, OcrError> {
        let api = TesseractAPI::new();
        let dir = config
            .tessdata
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        api.init(&dir, &config.lang).map_err(|_| OcrError::Init {
            lang: config.lang.clone(),
            dir: if !dir.is_empty() {
                dir.clone()
            } else {
                match std::env::var_os("TESSDATA_PREFIX") {
                    Some(p) if p.is_empty() => {
                        "TESSDATA_PREFIX, which is set but empty (unset it or give a folder)"
                            .to_string()
                    }
                    Some(p) => format!("TESSDATA_PREFIX {}", p.to_string_lossy()),
                    None => "Tesseract's default data folder".to_string(),
                }
            },
        })?;
        // Tesseract's tprintf chatter ("Detected 61 diacritics", and "ObjectCache … LEAK!" when
        // the process exits with engines still held by worker threads) goes to `debug_file`, a
        // global parameter: send it nowhere so stderr carries only kyc-check's own messages.
        api.set_variable("debug_file", "/dev/null")
            .map_err(|e| OcrError::Recognise(e.to_string()))?;
        Ok(Tesseract {
            api,
            mrz: None,
            config: config.clone(),
        })
    }

    /// The instance reading with `model`, the MRZ model's made on first use.
    fn api_for(&mut self, model: Model) -> Result<&TesseractAPI, OcrError> {
        match model {
            Model::Languages => Ok(&self.api),
            Model::Mrz => {
                if self.mrz.is_none() {
                    let api = TesseractAPI::new();
                    api.init_5(MRZ_MODEL, MRZ_MODEL.len() as i32, "mrz", OEM_LSTM_ONLY, &[])
                        .map_err(|e| {
                            OcrError::Recognise(format!("the built-in MRZ model did not load: {e}"))
                        })?;
                    api.set_variable("debug_file", "/dev/null").map_err(err)?;
                    self.mrz = Some(api);
                }
                Ok(self.mrz.as_ref().expect("made above"))
            }
        }
    }
}

/// Sends stderr (fd 2) to /dev/null until dropped: Tesseract prints its own "Error opening data
/// file" lines while failing to start, before any of its variables can redirect them. Used only
/// by the preflight on the main thread, before any worker runs.
pub struct QuietStderr(Option<libc::c_int>);

impl QuietStderr {
    pub fn new() -> QuietStderr {
        // SAFETY: plain fd calls on fds this function owns; fd 2 is restored in `drop`.
        unsafe {
            let saved = libc::dup(2);
            let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
            if saved < 0 || null < 0 {
                if saved >= 0 {
                    libc::close(saved);
                }
                if null >= 0 {
                    libc::close(null);
                }
                return QuietStderr(None);
            }
            libc::dup2(null, 2);
            libc::close(null);
            QuietStderr(Some(saved))
        }
    }
}

impl Default for QuietStderr {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for QuietStderr {
    fn drop(&mut self) {
        if let Some(saved) = self.0 {
            // SAFETY: `saved` is the duplicate of fd 2 made in `new`.
            unsafe {
                libc::dup2(saved, 2);
                libc::close(saved);
            }
        }
    }
}

fn err(e: impl std::fmt::Display) -> OcrError {
    OcrError::Recognise(e.to_string())
}

impl OcrEngine for Tesseract {
    fn recognise(&mut self, image: &GrayImage, request: &Request) -> Result<Page, OcrError> {
        let (w, h) = image.dimensions();
        if w == 0 || h == 0 {
            return Ok(Page::default());
        }
        let api = self.api_for(request.model)?;
        let mode = match request.layout {
            Layout::Block => TessPageSegMode::PSM_SINGLE_BLOCK,
            Layout::Line => TessPageSegMode::PSM_SINGLE_LINE,
            Layout::Sparse => TessPageSegMode::PSM_SPARSE_TEXT,
        };
        api.set_page_seg_mode(mode).map_err(err)?;
        api.set_variable("tessedit_char_whitelist", request.whitelist.unwrap_or(""))
            .map_err(err)?;
        api.set_image(image.as_raw(), w as i32, h as i32, 1, w as i32)
            .map_err(err)?;
        // Scans carry no reliable dpi; 300 keeps Tesseract from guessing (and warning).
        api.set_source_resolution(300).map_err(err)?;
        api.recognize().map_err(err)?;
        let page = collect(api)?;
        api.clear().map_err(err)?;
        Ok(page)
    }
}

/// Walks the result symbol by symbol, grouping symbols into lines and words by the bounds of
/// the line and word that hold each one.
fn collect(api: &TesseractAPI) -> Result<Page, OcrError> {
    let mut page = Page::default();
    let it = match api.get_iterator() {
        Ok(it) => it,
        Err(_) => return Ok(page),
    };
    let mut line_box: Option<(i32, i32, i32, i32)> = None;
    let mut word_box: Option<(i32, i32, i32, i32)> = None;
    let mut word = 0usize;
    loop {
        let text = it.get_utf8_text(Level::RIL_SYMBOL).unwrap_or_default();
        if let (Some(ch), Ok(b)) = (text.chars().next(), it.get_bounding_box(Level::RIL_SYMBOL)) {
            let lb = it.get_bounding_box(Level::RIL_TEXTLINE).ok();
            let wb = it.get_bounding_box(Level::RIL_WORD).ok();
            if lb != line_box || page.lines.is_empty() {
                page.lines.push(Line::default());
                line_box = lb;
                word_box = wb;
                word = 0;
            } else if wb != word_box {
                word_box = wb;
                word += 1;
            }
            let line = page.lines.last_mut().expect("pushed above");
            if let Some((l, t, r, b)) = lb {
                line.bounds = [l, t, r, b];
            }
            let bounds: Bounds = [b.0, b.1, b.2, b.3];
            line.symbols.push(Symbol {
                ch,
                confidence: it.confidence(Level::RIL_SYMBOL).unwrap_or(0.0),
                bounds,
                word,
            });
        }
        if !it.next(Level::RIL_SYMBOL).map_err(err)? {
            break;
        }
    }
    Ok(page)
}

thread_local! {
    static ENGINE: RefCell<Option<Tesseract>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's engine, (re)creating it when the configuration differs.
pub fn with_thread_engine<R>(
    config: &OcrConfig,
    f: impl FnOnce(&mut Tesseract) -> R,
) -> Result<R, OcrError> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().map(|t| &t.config) != Some(config) {
            *slot = Some(Tesseract::new(config)?);
        }
        Ok(f(slot.as_mut().expect("set above")))
    })
}

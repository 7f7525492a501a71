//! "No input can crash it (fuzzed)" (SPEC §6 Reliability), tested through the public pipeline API
//! only, so the same test exercises every stage merged into `pipeline::check` later.
//!
//! 1. [`mutation_fuzzing`]: deterministic mutation fuzzing of encoded images (fixtures and small
//!    images encoded here as JPEG, PNG, WebP, TIFF and BMP): bit flips, byte overwrites,
//!    truncation, duplicated and removed chunks, width/height header fields set to zero or huge
//!    values, garbage appended, EXIF orientation set to 0/9/255. Each case runs `load::decode`
//!    and, when it decodes, the whole `pipeline::check` (reading off, a full form) and both
//!    report printers. No case may panic; every refusal must say what to do.
//! 2. [`edge_size_images_give_a_report_or_a_clean_error`]: 1×1, 2×3, 1×5000, 5000×1, flat
//!    black and white, 12000×8, noise, flat gray, transparent, 16-bit, gray and CMYK JPEG.
//! 3. [`odd_form_values_give_sensible_statuses`]: empty-ish, huge, punctuation, emoji, RTL,
//!    control characters and NUL in the form; dates in year 1 and 9999; today before birth.
//!
//! A failing case prints its seed; rerun it alone with `ROBUSTNESS_SEED=<seed>`. The number of
//! cases is `ROBUSTNESS_CASES` (default 4000 in release, 200 in debug builds); the `#[ignore]`d
//! [`long_mutation_fuzzing`] runs 100 000.

use chrono::NaiveDate;
use image::{DynamicImage, ImageBuffer, ImageFormat, Luma, Rgb, RgbImage, Rgba, RgbaImage};
use kyc_check::facts::{DocFacts, Shape};
use kyc_check::fields::{compare, CHECKS};
use kyc_check::finding::{Finding, Status};
use kyc_check::form::{DocType, Form};
use kyc_check::load::{decode, LoadError, Loaded};
use kyc_check::pipeline::{check, Options};
use kyc_check::report::text::Style;
use kyc_check::report::{json, text, Report, Verdict};
use rayon::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Once;
use std::time::Instant;

/// The loader's largest side (`load::MAX_SIDE`, private there).
const LOADER_MAX_SIDE: u32 = 12_000;
/// Seed of the whole run; each case's seed is derived from it and the case number.
const BASE_SEED: u64 = 0x6b79_632d_6368_6563; // "kyc-chec"

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The form of the first fixture passport (`td3-desk-clean-001.jpg`), every field filled in.
fn full_form() -> Form {
    Form {
        doc_type: Some(DocType::Passport),
        name: Some("Anna Maria Åström".into()),
        dob: NaiveDate::from_ymd_opt(1974, 8, 12),
        doc_number: Some("L898902C3".into()),
        expiry: NaiveDate::from_ymd_opt(2031, 4, 15),
        nationality: Some("UTO".into()),
    }
}

fn options() -> Options {
    let mut opts = Options::new(today());
    opts.ocr = false;
    opts
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Checking one input

/// Words that start the "what to do" part of a load error.
const ACTIONS: [&str; 10] = [
    "copy",
    "export",
    "take",
    "pick",
    "convert",
    "save",
    "resize",
    "check",
    "set",
    "photograph",
];

/// Whether an error message is non-empty and ends with an instruction ("…; export it as JPEG").
fn says_what_to_do(message: &str) -> bool {
    let Some((what, todo)) = message.rsplit_once("; ") else {
        return false;
    };
    let todo = todo.to_lowercase();
    !what.trim().is_empty() && ACTIONS.iter().any(|a| todo.contains(a)) && !message.contains('\0')
}

/// The variant name of a load error, for counting refusals by kind.
fn kind(e: &LoadError) -> String {
    let debug = format!("{e:?}");
    let end = debug.find(['(', ' ', '{']).unwrap_or(debug.len());
    let name = debug[..end].to_string();
    match e {
        LoadError::Truncated(f) | LoadError::Corrupt(f, _) => format!("{name}({f})"),
        _ => name,
    }
}

/// What one input led to, when nothing panicked.
enum Outcome {
    Decoded(Verdict),
    Refused(String),
}

/// Runs the loader and, when it decodes, the pipeline and both printers; returns what went
/// wrong in words (a panic is caught by the caller).
fn run_input(bytes: &[u8]) -> Result<Outcome, String> {
    match decode(bytes) {
        Ok(loaded) => {
            let (w, h) = loaded.image.dimensions();
            if w == 0 || h == 0 || w > LOADER_MAX_SIDE || h > LOADER_MAX_SIDE {
                return Err(format!("decoded to {w}×{h}, outside 1..={LOADER_MAX_SIDE}"));
            }
            let report = check_loaded(&loaded, &full_form())?;
            Ok(Outcome::Decoded(report.verdict))
        }
        Err(e) => {
            let message = e.to_string();
            if !says_what_to_do(&message) {
                return Err(format!("error message says nothing to do: {message:?}"));
            }
            Ok(Outcome::Refused(kind(&e)))
        }
    }
}

/// The whole pipeline on a decoded image, with the report's invariants checked.
fn check_loaded(loaded: &Loaded, form: &Form) -> Result<Report, String> {
    let report = check(loaded, form, &options());
    if report.verdict == Verdict::Error {
        return Err(format!(
            "a decoded image gave an error report: {:?}",
            report.error
        ));
    }
    if (report.verdict == Verdict::Reject) == report.codes.is_empty() {
        return Err(format!(
            "verdict {:?} with codes {:?}",
            report.verdict,
            report.codes.iter().map(|c| &c.code).collect::<Vec<_>>()
        ));
    }
    for f in &report.findings {
        finding_is_well_formed(f)?;
    }
    let mut out = Vec::new();
    text::write_report(&mut out, &report, Style { color: false }, false)
        .map_err(|e| format!("text printer: {e}"))?;
    let printed = String::from_utf8(out).map_err(|e| format!("text printer: {e}"))?;
    if let Some(c) = printed.chars().find(|&c| c.is_control() && c != '\n') {
        return Err(format!("text output holds control character {c:?}"));
    }
    let mut out = Vec::new();
    json::write_line(&mut out, &report).map_err(|e| format!("JSON printer: {e}"))?;
    serde_json::from_slice::<serde_json::Value>(&out)
        .map_err(|e| format!("JSON printer wrote invalid JSON: {e}"))?;
    Ok(report)
}

fn finding_is_well_formed(f: &Finding) -> Result<(), String> {
    if f.message.trim().is_empty() {
        return Err(format!("finding `{}` has an empty message", f.check));
    }
    if (f.status == Status::Fail) != f.code.is_some() {
        return Err(format!(
            "finding `{}`: status {:?} with code {:?}",
            f.check, f.status, f.code
        ));
    }
    for v in [f.value, f.threshold].into_iter().flatten() {
        if !v.is_finite() {
            return Err(format!("finding `{}` has value/threshold {v}", f.check));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Catching panics quietly, with their location

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that records panics on threads running fuzz cases instead of
/// printing them, and prints everything else as usual (other tests' assertion failures).
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let what = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{what}{at}")));
            } else {
                default(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err("panicked: …")`.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    install_quiet_hook();
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    match result {
        Ok(r) => r,
        Err(_) => Err(format!(
            "panicked: {}",
            LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_default()
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/// xorshift64* (Vigna 2016): small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so nearby seeds give unrelated sequences (and never 0).
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn byte(&mut self) -> u8 {
        // Boundary values are where parsers break; give them a fair share.
        if self.chance(3) {
            self.pick(&[0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF])
        } else {
            self.next() as u8
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs to mutate

/// One starting file.
struct Source {
    name: &'static str,
    bytes: Vec<u8>,
    /// Mutation cases drawn from it, relative to the others.
    weight: usize,
}

/// A small picture with edges, text-like stripes and a gradient, so every codec has real work.
fn picture(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let stripe = if (y / 3) % 4 == 0 && x % 7 < 5 {
            0
        } else {
            200
        };
        let card = x > w / 6 && x < w * 5 / 6 && y > h / 5 && y < h * 4 / 5;
        if card {
            Rgb([stripe, stripe, stripe.saturating_add(20)])
        } else {
            Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 90])
        }
    })
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), format)
        .unwrap_or_else(|e| panic!("encoding {format:?}: {e}"));
    out
}

/// A minimal big-endian EXIF (TIFF) block with one entry: Orientation = `orientation`.
fn exif_block(orientation: u16) -> Vec<u8> {
    let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
    t.extend_from_slice(&1u16.to_be_bytes());
    t.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1]);
    t.extend_from_slice(&orientation.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t
}

/// The JPEG with an APP1 EXIF segment inserted after SOI.
fn jpeg_with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(exif_block(orientation));
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The PNG with an `eXIf` chunk inserted after IHDR.
fn png_with_exif(png: &[u8], orientation: u16) -> Vec<u8> {
    let mut out = png[..33].to_vec();
    out.extend(png_chunk(b"eXIf", &exif_block(orientation)));
    out.extend_from_slice(&png[33..]);
    out
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let crc = crc32(&c[4..]);
    c.extend_from_slice(&crc.to_be_bytes());
    c
}

/// CRC-32 (ISO-HDLC), as PNG chunks carry it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn sources() -> Vec<Source> {
    let pic = DynamicImage::ImageRgb8(picture(96, 64));
    let odd = DynamicImage::ImageRgb8(picture(33, 17));
    let gray = DynamicImage::ImageRgb8(picture(64, 48)).into_luma8();
    let gray = DynamicImage::ImageLuma8(gray);
    let rgba = DynamicImage::ImageRgba8(RgbaImage::from_fn(48, 40, |x, y| {
        Rgba([x as u8 * 5, y as u8 * 6, 128, (x * y % 256) as u8])
    }));
    let deep = DynamicImage::ImageRgb16(ImageBuffer::from_fn(40, 30, |x, y| {
        Rgb([(x * 1600) as u16, (y * 2100) as u16, 40_000])
    }));
    let jpeg = encode(&pic, ImageFormat::Jpeg);
    let png = encode(&pic, ImageFormat::Png);
    let s = |name, bytes, weight| Source {
        name,
        bytes,
        weight,
    };
    vec![
        s("jpeg 96×64", jpeg.clone(), 12),
        s("jpeg 33×17", encode(&odd, ImageFormat::Jpeg), 4),
        s("jpeg gray 64×48", encode(&gray, ImageFormat::Jpeg), 4),
        s("jpeg+exif6 96×64", jpeg_with_exif(&jpeg, 6), 8),
        s("png 96×64", png.clone(), 8),
        s("png rgba 48×40", encode(&rgba, ImageFormat::Png), 4),
        s("png 16-bit 40×30", encode(&deep, ImageFormat::Png), 4),
        s("png gray 64×48", encode(&gray, ImageFormat::Png), 2),
        s("png+eXIf8 96×64", png_with_exif(&png, 8), 6),
        s("webp lossless 96×64", encode(&pic, ImageFormat::WebP), 8),
        s("webp rgba 48×40", encode(&rgba, ImageFormat::WebP), 3),
        s("tiff 96×64", encode(&pic, ImageFormat::Tiff), 8),
        s("tiff 16-bit 40×30", encode(&deep, ImageFormat::Tiff), 3),
        s("bmp 96×64", encode(&pic, ImageFormat::Bmp), 6),
        s("bmp rgba 48×40", encode(&rgba, ImageFormat::Bmp), 3),
        // Real files: a 640×480 camera JPEG, a JPEG with EXIF orientation 6, a screenshot PNG.
        s(
            "fixture td3-clutter-lowres-167.jpg",
            fixture("td3-clutter-lowres-167.jpg"),
            3,
        ),
        s(
            "fixture dl-clutter-exif6-clean-026.jpg",
            fixture("dl-clutter-exif6-clean-026.jpg"),
            2,
        ),
        s(
            "fixture td3-screen-screenshot-175.png",
            fixture("td3-screen-screenshot-175.png"),
            1,
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Mutations

const MUTATIONS: [&str; 9] = [
    "bit flips",
    "byte overwrites",
    "truncation",
    "duplicated chunk",
    "removed chunk",
    "header width/height",
    "garbage appended",
    "EXIF orientation",
    "splice of two positions",
];

/// Applies mutation `m` to `b`. Returns false when it does not apply to this input.
fn mutate(m: usize, b: &mut Vec<u8>, rng: &mut Rng) -> bool {
    if b.is_empty() {
        return false;
    }
    match m {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(b.len());
                b[i] = rng.byte();
            }
        }
        2 => b.truncate(rng.below(b.len())),
        3 => {
            let (start, len) = span(b.len(), rng);
            let chunk = b[start..start + len].to_vec();
            let at = rng.below(b.len() + 1);
            b.splice(at..at, chunk);
        }
        4 => {
            let (start, len) = span(b.len(), rng);
            b.drain(start..start + len);
        }
        5 => return edit_dimensions(b, rng),
        6 => {
            let n = rng.pick(&[1, 2, 16, 1000, 70_000]);
            let garbage: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
            b.extend(garbage);
        }
        7 => return edit_orientation(b, rng),
        8 => {
            // Copy a run of bytes over another place: keeps the alphabet, breaks the structure.
            let (start, len) = span(b.len(), rng);
            let to = rng.below(b.len() - len + 1);
            let chunk = b[start..start + len].to_vec();
            b[to..to + len].copy_from_slice(&chunk);
        }
        _ => unreachable!(),
    }
    true
}

/// A random (start, len) inside `n` bytes, mostly short runs.
fn span(n: usize, rng: &mut Rng) -> (usize, usize) {
    let max = if rng.chance(4) { n } else { n.min(64) };
    let len = 1 + rng.below(max.max(1));
    let len = len.min(n);
    (rng.below(n - len + 1), len)
}

/// A width or height value for a header: zero, one, at and over the loader's limit, the field's
/// maximum, or random.
fn dimension(rng: &mut Rng, max: u64) -> u64 {
    let v = match rng.below(7) {
        0 => 0,
        1 => 1,
        2 => LOADER_MAX_SIDE as u64,
        3 => LOADER_MAX_SIDE as u64 + 1,
        4 => max,
        5 => max / 2 + 1,
        _ => rng.next() % (max + 1),
    };
    v.min(max)
}

/// Sets width and/or height in the container's header to odd values: PNG IHDR (CRC fixed, so
/// the decoder reads it), JPEG SOFn, BMP info header, WebP VP8L/VP8X, TIFF IFD0 (also bits per
/// sample and samples per pixel).
fn edit_dimensions(b: &mut [u8], rng: &mut Rng) -> bool {
    let which = rng.below(3); // 0 width, 1 height, 2 both
    let (do_w, do_h) = (which != 1, which != 0);
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.len() >= 33 && &b[12..16] == b"IHDR" {
        if do_w {
            let v = dimension(rng, u32::MAX as u64) as u32;
            b[16..20].copy_from_slice(&v.to_be_bytes());
        }
        if do_h {
            let v = dimension(rng, u32::MAX as u64) as u32;
            b[20..24].copy_from_slice(&v.to_be_bytes());
        }
        if rng.chance(4) {
            b[24] = rng.pick(&[0, 1, 2, 4, 8, 16, 32, 255]); // bit depth
            b[25] = rng.pick(&[0, 1, 2, 3, 4, 6, 7, 255]); // colour type
        }
        let crc = crc32(&b[12..29]);
        b[29..33].copy_from_slice(&crc.to_be_bytes());
        return true;
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        let Some(sof) = jpeg_sof(b) else { return false };
        if do_h {
            let v = dimension(rng, u16::MAX as u64) as u16;
            b[sof + 5..sof + 7].copy_from_slice(&v.to_be_bytes());
        }
        if do_w {
            let v = dimension(rng, u16::MAX as u64) as u16;
            b[sof + 7..sof + 9].copy_from_slice(&v.to_be_bytes());
        }
        if rng.chance(4) {
            b[sof + 4] = rng.pick(&[0, 1, 8, 12, 16, 255]); // precision
        }
        return true;
    }
    if b.starts_with(b"BM") && b.len() >= 30 {
        let value = |rng: &mut Rng| match rng.below(4) {
            0 => rng.pick(&[-1i32, i32::MIN, -(LOADER_MAX_SIDE as i32) - 1, -64]),
            _ => dimension(rng, i32::MAX as u64) as i32,
        };
        if do_w {
            let v = value(rng);
            b[18..22].copy_from_slice(&v.to_le_bytes());
        }
        if do_h {
            let v = value(rng);
            b[22..26].copy_from_slice(&v.to_le_bytes());
        }
        if rng.chance(4) {
            let bpp: u16 = rng.pick(&[0, 1, 4, 8, 16, 24, 32, 64, 0xFFFF]);
            b[28..30].copy_from_slice(&bpp.to_le_bytes());
        }
        return true;
    }
    if b.starts_with(b"RIFF") && b.len() >= 30 && &b[8..12] == b"WEBP" {
        match &b[12..16] {
            b"VP8L" if b[20] == 0x2F => {
                let mut bits = u32::from_le_bytes([b[21], b[22], b[23], b[24]]);
                if do_w {
                    bits = (bits & !0x3FFF) | dimension(rng, 0x3FFF) as u32;
                }
                if do_h {
                    bits = (bits & !(0x3FFF << 14)) | ((dimension(rng, 0x3FFF) as u32) << 14);
                }
                b[21..25].copy_from_slice(&bits.to_le_bytes());
            }
            b"VP8X" => {
                let w = dimension(rng, 0xFF_FFFF) as u32;
                let h = dimension(rng, 0xFF_FFFF) as u32;
                if do_w {
                    b[24..27].copy_from_slice(&w.to_le_bytes()[..3]);
                }
                if do_h {
                    b[27..30].copy_from_slice(&h.to_le_bytes()[..3]);
                }
            }
            _ => return false,
        }
        return true;
    }
    if b.starts_with(b"II*\0") {
        return edit_tiff_ifd0(b, rng, do_w, do_h);
    }
    false
}

/// The offset of the first SOFn marker of a JPEG, walking its segments.
fn jpeg_sof(b: &[u8]) -> Option<usize> {
    let mut i = 2;
    while i + 9 < b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return Some(i);
        }
        if marker == 0xDA || marker == 0xD9 {
            return None;
        }
        i += 2 + u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
    }
    None
}

/// Edits ImageWidth, ImageLength, BitsPerSample, SamplesPerPixel in a little-endian TIFF's IFD0.
fn edit_tiff_ifd0(b: &mut [u8], rng: &mut Rng, do_w: bool, do_h: bool) -> bool {
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
    let ifd = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
    if ifd + 2 > b.len() {
        return false;
    }
    let count = u16_at(b, ifd) as usize;
    let mut edited = false;
    for e in 0..count {
        let at = ifd + 2 + 12 * e;
        if at + 12 > b.len() {
            break;
        }
        let tag = u16_at(b, at);
        let short = u16_at(b, at + 2) == 3;
        let wanted = match tag {
            256 => do_w,
            257 => do_h,
            258 | 277 => rng.chance(4),
            _ => false,
        };
        if !wanted {
            continue;
        }
        let value = match tag {
            256 | 257 => dimension(rng, if short { 0xFFFF } else { u32::MAX as u64 }),
            _ => rng.pick(&[0u64, 1, 2, 3, 5, 7, 64, 0xFFFF]),
        };
        if short {
            b[at + 8..at + 10].copy_from_slice(&(value as u16).to_le_bytes());
        } else {
            b[at + 8..at + 12].copy_from_slice(&(value as u32).to_le_bytes());
        }
        edited = true;
    }
    edited
}

/// Sets the EXIF Orientation value (found by its IFD entry, either byte order) to 0, 9, 255,
/// 0xFFFF or a random value; sometimes also its type or count.
fn edit_orientation(b: &mut [u8], rng: &mut Rng) -> bool {
    let head = b.len().min(1 << 16);
    let be = [0x01, 0x12, 0x00, 0x03];
    let le = [0x12, 0x01, 0x03, 0x00];
    let Some((at, big)) = b[..head].windows(4).enumerate().find_map(|(i, w)| {
        if w == be {
            Some((i, true))
        } else if w == le {
            Some((i, false))
        } else {
            None
        }
    }) else {
        return false;
    };
    if at + 12 > b.len() {
        return false;
    }
    let random = rng.next() as u16;
    let value: u16 = rng.pick(&[0, 9, 255, 0xFFFF, 0, 9, 255, random]);
    let bytes = if big {
        value.to_be_bytes()
    } else {
        value.to_le_bytes()
    };
    b[at + 8..at + 10].copy_from_slice(&bytes);
    if rng.chance(5) {
        let type_low_byte = if big { at + 3 } else { at + 2 };
        b[type_low_byte] = rng.pick(&[0, 1, 4, 5, 12, 13, 255]);
    }
    if rng.chance(5) {
        let count = rng.pick(&[0u32, 2, 0xFFFF, u32::MAX]);
        let bytes = if big {
            count.to_be_bytes()
        } else {
            count.to_le_bytes()
        };
        b[at + 4..at + 8].copy_from_slice(&bytes);
    }
    true
}

/// Recomputes every PNG chunk's CRC, so mutations inside chunks reach the decoder's parsing of
/// them instead of stopping at the checksum.
fn fix_png_crcs(b: &mut [u8]) {
    let mut i = 8;
    while i + 12 <= b.len() {
        let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
        let Some(end) = (i + 8).checked_add(len) else {
            return;
        };
        if end + 4 > b.len() {
            return;
        }
        let crc = crc32(&b[i + 4..end]);
        b[end..end + 4].copy_from_slice(&crc.to_be_bytes());
        i = end + 4;
    }
}

/// One fuzz case, rebuilt from its seed alone.
struct Case {
    source: usize,
    mutations: Vec<usize>,
    bytes: Vec<u8>,
}

fn make_case(seed: u64, sources: &[Source]) -> Case {
    let mut rng = Rng::new(seed);
    let total: usize = sources.iter().map(|s| s.weight).sum();
    let mut pick = rng.below(total);
    let source = sources
        .iter()
        .position(|s| {
            if pick < s.weight {
                true
            } else {
                pick -= s.weight;
                false
            }
        })
        .unwrap();
    let mut bytes = sources[source].bytes.clone();
    // One mutation mostly; sometimes a stack of up to four.
    let n = if rng.chance(4) { 2 + rng.below(3) } else { 1 };
    let mut mutations = Vec::new();
    for _ in 0..n {
        let mut m = rng.below(MUTATIONS.len());
        if !mutate(m, &mut bytes, &mut rng) {
            m = 0;
            mutate(m, &mut bytes, &mut rng);
        }
        mutations.push(m);
    }
    if bytes.starts_with(b"\x89PNG") && rng.chance(2) {
        fix_png_crcs(&mut bytes);
    }
    Case {
        source,
        mutations,
        bytes,
    }
}

fn case_seed(index: u64) -> u64 {
    Rng::new(BASE_SEED ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15)).next()
}

/// A case's seed, source, mutations and what happened.
type CaseResult = (u64, usize, Vec<usize>, Result<Outcome, String>, f64);

/// Runs `count` cases (or the one in `ROBUSTNESS_SEED`) and fails on any panic or unclear error.
fn fuzz(count: u64) {
    let sources = sources();
    let seeds: Vec<u64> = match std::env::var("ROBUSTNESS_SEED") {
        Ok(s) => vec![parse_seed(&s)],
        Err(_) => (0..count).map(case_seed).collect(),
    };
    let start = Instant::now();
    let results: Vec<CaseResult> = seeds
        .par_iter()
        .map(|&seed| {
            let case = make_case(seed, &sources);
            let started = Instant::now();
            let outcome = guarded(|| run_input(&case.bytes));
            let seconds = started.elapsed().as_secs_f64();
            if outcome.is_err() || seeds.len() == 1 {
                save_failure(seed, &case.bytes);
            }
            (seed, case.source, case.mutations, outcome, seconds)
        })
        .collect();
    let elapsed = start.elapsed();

    let mut decoded: BTreeMap<String, usize> = BTreeMap::new();
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_mutation = [[0usize; 2]; MUTATIONS.len()];
    let mut per_source = vec![[0usize; 2]; sources.len()];
    let mut failures = Vec::new();
    for (seed, source, mutations, outcome, _) in &results {
        let decoded_now = matches!(outcome, Ok(Outcome::Decoded(_)));
        for &m in mutations {
            per_mutation[m][decoded_now as usize] += 1;
        }
        per_source[*source][decoded_now as usize] += 1;
        match outcome {
            Ok(Outcome::Decoded(v)) => *decoded.entry(format!("{v:?}")).or_default() += 1,
            Ok(Outcome::Refused(k)) => *refused.entry(k.clone()).or_default() += 1,
            Err(why) => failures.push(format!(
                "seed {seed:#018x} ({}; {}): {why}",
                sources[*source].name,
                mutations
                    .iter()
                    .map(|&m| MUTATIONS[m])
                    .collect::<Vec<_>>()
                    .join(" + ")
            )),
        }
    }
    let n_decoded: usize = decoded.values().sum();
    let n_refused: usize = refused.values().sum();
    println!(
        "{} cases in {:.1} s: {n_decoded} decoded and checked, {n_refused} refused, {} failed",
        results.len(),
        elapsed.as_secs_f64(),
        failures.len()
    );
    println!("  decoded, by verdict: {decoded:?}");
    println!("  refused, by kind:");
    for (k, n) in &refused {
        println!("    {n:6}  {k}");
    }
    println!("  by source (refused / decoded):");
    for (s, [r, d]) in sources.iter().zip(&per_source) {
        println!("    {r:6} / {d:<6} {}", s.name);
    }
    println!("  by mutation (refused / decoded):");
    for (m, [r, d]) in MUTATIONS.iter().zip(&per_mutation) {
        println!("    {r:6} / {d:<6} {m}");
    }
    // The slowest cases: a hang-like input (a huge header the decoder fills in) shows up here.
    let mut slowest: Vec<&CaseResult> = results.iter().collect();
    slowest.sort_by(|a, b| b.4.total_cmp(&a.4));
    println!("  slowest cases:");
    for (seed, source, mutations, outcome, seconds) in slowest.into_iter().take(5) {
        let what = match outcome {
            Ok(Outcome::Decoded(_)) => "decoded".to_string(),
            Ok(Outcome::Refused(k)) => k.clone(),
            Err(_) => "failed".to_string(),
        };
        let how: Vec<&str> = mutations.iter().map(|&m| MUTATIONS[m]).collect();
        println!(
            "    {seconds:7.3} s  seed {seed:#018x}  {} ({}) → {what}",
            sources[*source].name,
            how.join(" + ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed (rerun one with ROBUSTNESS_SEED=<seed>; inputs saved under {}):\n{}",
        failures.len(),
        results.len(),
        failure_dir().display(),
        failures.join("\n")
    );
    if seeds.len() > 100 {
        // A harness that refuses everything or decodes everything is not fuzzing anything.
        assert!(n_decoded * 20 > results.len(), "too few cases decoded");
        assert!(n_refused * 20 > results.len(), "too few cases refused");
    }
}

fn parse_seed(s: &str) -> u64 {
    let s = s.trim();
    match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => s.parse(),
    }
    .unwrap_or_else(|e| panic!("ROBUSTNESS_SEED={s:?}: {e}"))
}

fn failure_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("robustness-failures")
}

/// Keeps a failing input (or the one `ROBUSTNESS_SEED` names) for a reproducer (tests may write under the target directory).
fn save_failure(seed: u64, bytes: &[u8]) {
    let dir = failure_dir();
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{seed:016x}.bin")), bytes);
}

fn cases_from_env(default: u64) -> u64 {
    std::env::var("ROBUSTNESS_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutation_fuzzing() {
    fuzz(cases_from_env(if cfg!(debug_assertions) {
        200
    } else {
        4000
    }));
}

/// The cargo-fuzz harness body under this file's mutator, for machines without cargo-fuzz:
/// `cargo test --release --test robustness -- --ignored --nocapture`.
#[test]
#[ignore = "long: 100 000 cases, several minutes"]
fn long_mutation_fuzzing() {
    fuzz(cases_from_env(100_000));
}

#[test]
fn the_mutator_is_deterministic_and_changes_its_input() {
    let sources = sources();
    let mut changed = 0;
    for i in 0..200 {
        let a = make_case(case_seed(i), &sources);
        let b = make_case(case_seed(i), &sources);
        assert_eq!(a.bytes, b.bytes, "case {i} differs between runs");
        changed += (a.bytes != sources[a.source].bytes) as usize;
    }
    assert!(
        changed >= 190,
        "only {changed} of 200 mutations changed their input"
    );
}

#[test]
fn header_edits_hit_their_fields() {
    let sources = sources();
    for s in &sources {
        let mut rng = Rng::new(7);
        let mut b = s.bytes.clone();
        assert!(
            edit_dimensions(&mut b, &mut rng),
            "no width/height field found in {}",
            s.name
        );
        assert_ne!(b, s.bytes, "{}", s.name);
    }
    for name in [
        "jpeg+exif6 96×64",
        "png+eXIf8 96×64",
        "fixture dl-clutter-exif6-clean-026.jpg",
    ] {
        let s = sources.iter().find(|s| s.name == name).unwrap();
        let mut b = s.bytes.clone();
        assert!(edit_orientation(&mut b, &mut Rng::new(3)), "{name}");
    }
    // The EXIF inserted here is read: orientation 6 turns 96×64 into 64×96.
    let loaded = decode(&sources[3].bytes).unwrap();
    assert_eq!(loaded.exif_orientation, 6);
    assert_eq!(loaded.image.dimensions(), (64, 96));
}

#[test]
fn out_of_range_orientations_are_ignored_not_fatal() {
    let jpeg = encode(&DynamicImage::ImageRgb8(picture(30, 20)), ImageFormat::Jpeg);
    let png = encode(&DynamicImage::ImageRgb8(picture(30, 20)), ImageFormat::Png);
    for o in [0u16, 9, 255, 0xFFFF] {
        for bytes in [jpeg_with_exif(&jpeg, o), png_with_exif(&png, o)] {
            let loaded = guarded(|| decode(&bytes).map_err(|e| e.to_string()))
                .unwrap_or_else(|e| panic!("orientation {o}: {e}"));
            assert_eq!(loaded.image.dimensions(), (30, 20), "orientation {o}");
            check_loaded(&loaded, &full_form()).unwrap();
        }
    }
}

/// A file cut short anywhere (a copy or download that stopped) is refused, in every format: a
/// decoder that pads the missing part would make a half-copied photo look blurred or damaged.
#[test]
fn truncated_files_are_refused_in_every_format() {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for s in sources() {
        for percent in [1, 10, 25, 50, 75, 90, 95, 99] {
            let cut = &s.bytes[..s.bytes.len() * percent / 100];
            match guarded(|| Ok(decode(cut))) {
                Ok(Ok(l)) => panic!(
                    "{} cut to {percent}% decoded to {:?}",
                    s.name,
                    l.image.dimensions()
                ),
                Ok(Err(e)) => {
                    assert!(says_what_to_do(&e.to_string()), "{e}");
                    *kinds.entry(kind(&e)).or_default() += 1;
                }
                Err(why) => panic!("{} cut to {percent}%: {why}", s.name),
            }
        }
    }
    println!("truncated files refused as: {kinds:?}");
}

// ---------------------------------------------------------------------------------------------
// Edge-size images

/// A CMYK JPEG (Adobe APP14 marker, 4 components), which the `image` encoder cannot write.
fn cmyk_jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut data = Vec::with_capacity(w as usize * h as usize * 4);
    for y in 0..h {
        for x in 0..w {
            data.extend([(x * 4) as u8, (y * 4) as u8, 40, 20]);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85)
        .encode(&data, w, h, jpeg_encoder::ColorType::Cmyk)
        .expect("encoding CMYK JPEG");
    out
}

#[test]
fn edge_size_images_give_a_report_or_a_clean_error() {
    let rgb = |w, h, f: fn(u32, u32) -> [u8; 3]| {
        DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, move |x, y| Rgb(f(x, y))))
    };
    let mut noise = Rng::new(42);
    let noise_img = DynamicImage::ImageRgb8(RgbImage::from_fn(800, 600, |_, _| {
        let v = noise.next();
        Rgb([v as u8, (v >> 8) as u8, (v >> 16) as u8])
    }));
    let png = |img: &DynamicImage| encode(img, ImageFormat::Png);
    let jpeg = |img: &DynamicImage| encode(img, ImageFormat::Jpeg);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("1×1 png", png(&rgb(1, 1, |_, _| [128, 128, 128]))),
        ("1×1 jpeg", jpeg(&rgb(1, 1, |_, _| [128, 128, 128]))),
        (
            "2×3 png",
            png(&rgb(2, 3, |x, y| [(x * 90) as u8, (y * 60) as u8, 0])),
        ),
        (
            "1×5000 png",
            png(&rgb(1, 5000, |_, y| [(y % 256) as u8, 0, 0])),
        ),
        (
            "5000×1 jpeg",
            jpeg(&rgb(5000, 1, |x, _| [(x % 256) as u8, 0, 0])),
        ),
        ("16×16 black", png(&rgb(16, 16, |_, _| [0, 0, 0]))),
        ("16×16 white", png(&rgb(16, 16, |_, _| [255, 255, 255]))),
        (
            "12000×8 png",
            png(&rgb(12_000, 8, |x, _| [(x % 251) as u8, 7, 9])),
        ),
        (
            "12001×8 png (over the limit)",
            png(&rgb(12_001, 8, |_, _| [1, 2, 3])),
        ),
        ("noise 800×600 jpeg", jpeg(&noise_img)),
        ("noise 800×600 png", png(&noise_img)),
        (
            "gray 1600×1200 jpeg",
            jpeg(&rgb(1600, 1200, |_, _| [128, 128, 128])),
        ),
        ("transparent 200×150 png", {
            let img = RgbaImage::from_pixel(200, 150, Rgba([255, 0, 0, 0]));
            png(&DynamicImage::ImageRgba8(img))
        }),
        ("16-bit 300×200 png", {
            let img: ImageBuffer<Rgb<u16>, Vec<u16>> = ImageBuffer::from_fn(300, 200, |x, y| {
                Rgb([(x * 200) as u16, (y * 300) as u16, 65_535])
            });
            png(&DynamicImage::ImageRgb16(img))
        }),
        ("grayscale 640×480 jpeg", {
            let img = ImageBuffer::from_fn(640, 480, |x, y| Luma([((x ^ y) % 256) as u8]));
            jpeg(&DynamicImage::ImageLuma8(img))
        }),
        ("CMYK 64×48 jpeg", cmyk_jpeg(64, 48)),
    ];
    let mut failures = Vec::new();
    for (name, bytes) in &cases {
        match guarded(|| run_input(bytes)) {
            Ok(Outcome::Decoded(v)) => println!("{name:32} decoded, verdict {v:?}"),
            Ok(Outcome::Refused(k)) => println!("{name:32} refused: {k}"),
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Sizes the loader must take (a decoded image) or refuse (the side limit); checked explicitly
    // so the counting above cannot hide a wrong refusal.
    let decoded = |name: &str| {
        let bytes = &cases.iter().find(|c| c.0 == name).unwrap().1;
        decode(bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    assert_eq!(decoded("12000×8 png").image.dimensions(), (12_000, 8));
    assert_eq!(decoded("1×1 jpeg").image.dimensions(), (1, 1));
    assert_eq!(decoded("CMYK 64×48 jpeg").image.dimensions(), (64, 48));
    assert!(decoded("grayscale 640×480 jpeg").stored_gray);
    let over = &cases.iter().find(|c| c.0.starts_with("12001")).unwrap().1;
    assert!(matches!(decode(over), Err(LoadError::TooWide { .. })));
}

// ---------------------------------------------------------------------------------------------
// Odd form values

/// The facts of the fixture passport the full form describes, as a perfect reader sees them.
fn passport_facts() -> DocFacts {
    DocFacts {
        surname: Some("ÅSTRÖM".into()),
        given_names: Some("ANNA MARIA".into()),
        mrz_surname: Some("AASTROEM".into()),
        mrz_given_names: Some("ANNA MARIA".into()),
        dob: NaiveDate::from_ymd_opt(1974, 8, 12),
        doc_number: Some("L898902C3".into()),
        doc_number_check_ok: Some(true),
        expiry: NaiveDate::from_ymd_opt(2031, 4, 15),
        nationality: Some("UTO".into()),
        sex: Some('F'),
        mrz_doc_code: Some("P".into()),
        mrz_format: Some("TD3".into()),
        has_mrz: true,
        shape: Some(Shape::Id3),
        doc_type: Some(DocType::Passport),
        sources: Default::default(),
    }
}

fn status_of(findings: &[Finding], check: &str) -> Status {
    findings.iter().find(|f| f.check == check).unwrap().status
}

/// `compare` under a guard, with the shape of its answer checked.
fn compare_checked(
    form: &Form,
    facts: &DocFacts,
    today: NaiveDate,
) -> Result<Vec<Finding>, String> {
    guarded(|| {
        let start = Instant::now();
        let findings = compare(form, facts, today);
        let took = start.elapsed();
        let ids: Vec<&str> = findings.iter().map(|f| f.check).collect();
        if ids != CHECKS {
            return Err(format!("checks {ids:?}, expected {CHECKS:?}"));
        }
        for f in &findings {
            finding_is_well_formed(f)?;
        }
        if took.as_secs() >= 5 {
            // Not a timing assertion: a quadratic blow-up on a long string is a hang to a user.
            return Err(format!("compare took {took:?}"));
        }
        Ok(findings)
    })
}

#[test]
fn odd_form_values_give_sensible_statuses() {
    let facts = passport_facts();
    let empty = DocFacts::default();
    let base = full_form();
    let today = today();

    // The baseline must pass everything, or the statuses below mean nothing.
    let findings = compare_checked(&base, &facts, today).unwrap();
    for f in &findings {
        assert_eq!(
            f.status,
            Status::Pass,
            "baseline {}: {}",
            f.check,
            f.message
        );
    }

    let long_name = "ANNA ".repeat(2000);
    let odd_names: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("spaces", "   ".into()),
        ("tab and newline", "\t\n".into()),
        ("MRZ fillers", "<<<<".into()),
        ("10 000 characters", long_name.clone()),
        ("10 000 of one letter", "A".repeat(10_000)),
        ("punctuation only", "-.,'’ ()".into()),
        ("emoji", "Anna 👩‍👧 Åström 🇺🇳".into()),
        ("emoji only", "👩‍👧‍👦🛂".into()),
        ("RTL Arabic", "آنا ماريا أستروم".into()),
        ("RTL with marks", "\u{202E}MORTSÅ ANNA\u{202C}".into()),
        (
            "control characters",
            "Anna\u{1b}[31m Maria\u{7} Åström".into(),
        ),
        ("NUL bytes", "Anna\0Maria\0Åström".into()),
        ("only NUL", "\0\0\0".into()),
        (
            "combining marks",
            "A\u{30A}\u{30A}\u{30A}STRO\u{308}M ANNA".into(),
        ),
    ];
    for (what, name) in &odd_names {
        for (facts_name, f) in [("read", &facts), ("nothing read", &empty)] {
            let form = Form {
                name: Some(name.clone()),
                ..base.clone()
            };
            let findings = compare_checked(&form, f, today)
                .unwrap_or_else(|e| panic!("name {what} ({facts_name}): {e}"));
            let st = status_of(&findings, "name");
            println!("name {what:22} {facts_name:13} → {st:?}");
            let resembles = matches!(
                *what,
                "control characters" | "NUL bytes" | "combining marks"
            );
            if f.surname.is_none() {
                assert_ne!(st, Status::Pass, "name {what}: nothing read yet it passed");
            } else if !resembles {
                assert_ne!(
                    st,
                    Status::Pass,
                    "name {what} passed against ÅSTRÖM ANNA MARIA"
                );
            }
            // Through the whole pipeline, the printers keep control characters off the terminal.
            if f.surname.is_some() {
                let loaded = Loaded::from_image(picture(64, 48));
                guarded(|| check_loaded(&loaded, &form))
                    .unwrap_or_else(|e| panic!("name {what} through the pipeline: {e}"));
            }
            // Other checks must not be disturbed by an odd name.
            assert_eq!(
                status_of(&findings, "dob"),
                if f.dob.is_some() {
                    Status::Pass
                } else {
                    Status::Skipped
                }
            );
        }
    }

    let odd_numbers = [
        "",
        " ",
        "<<<<<<<<<",
        "\0",
        "L898902C3\0",
        "🛂",
        &"9".repeat(10_000),
    ];
    for n in odd_numbers {
        let form = Form {
            doc_number: Some(n.to_string()),
            ..base.clone()
        };
        let findings = compare_checked(&form, &facts, today).unwrap();
        let st = status_of(&findings, "doc_number");
        println!(
            "doc_number {:?} → {st:?}",
            n.chars().take(12).collect::<String>()
        );
        if n != "L898902C3\0" {
            assert_ne!(
                st,
                Status::Pass,
                "doc number {n:?} passed against L898902C3"
            );
        }
    }
    for nat in ["", "  ", "U", "🇺🇳", "\0\0\0", "ÜTO", &"UTO".repeat(3000)] {
        let form = Form {
            nationality: Some(nat.to_string()),
            ..base.clone()
        };
        let findings = compare_checked(&form, &facts, today).unwrap();
        let st = status_of(&findings, "nationality");
        println!(
            "nationality {:?} → {st:?}",
            nat.chars().take(12).collect::<String>()
        );
        assert_ne!(st, Status::Pass, "nationality {nat:?} passed against UTO");
    }

    // Dates at the ends of the calendar.
    let year1 = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let dated = |dob, expiry, facts: &DocFacts, today| {
        let form = Form {
            dob,
            expiry,
            ..base.clone()
        };
        compare_checked(&form, facts, today).unwrap()
    };
    // Born in year 1: a typo against the document; with nothing read it is not "under 18".
    let f = dated(Some(year1), base.expiry, &facts, today);
    assert_eq!(status_of(&f, "dob"), Status::Fail);
    let f = dated(Some(year1), base.expiry, &empty, today);
    assert!(f
        .iter()
        .all(|x| x.code != Some(kyc_check::codes::Code::E020)));
    // Expiring on 9999-12-31: not expired; against the document's 2031 date a mismatch.
    let f = dated(base.dob, Some(last), &empty, today);
    assert_ne!(status_of(&f, "expiry"), Status::Fail);
    let f = dated(base.dob, Some(last), &facts, today);
    assert_ne!(status_of(&f, "expiry"), Status::Pass);
    // Both extremes at once, and judged on the last day of the calendar.
    dated(Some(year1), Some(last), &empty, last);
    dated(Some(last), Some(year1), &facts, year1);
    // Today before the date of birth: that date cannot be right.
    let early = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let f = dated(base.dob, base.expiry, &facts, early);
    assert_ne!(
        status_of(&f, "age"),
        Status::Pass,
        "born 1974, judged in 1970"
    );
    let f = dated(base.dob, base.expiry, &empty, early);
    assert_ne!(
        status_of(&f, "age"),
        Status::Pass,
        "born 1974, judged in 1970"
    );

    // A form with nothing in it: nothing to compare, so nothing passes when nothing was read.
    compare_checked(&Form::default(), &facts, today).unwrap();
    let findings = compare_checked(&Form::default(), &empty, today).unwrap();
    for f in &findings {
        assert_ne!(
            f.status,
            Status::Pass,
            "empty form, nothing read: {} passed",
            f.check
        );
    }
}

/// The harness itself: a panic inside a case becomes a failure naming where it happened.
#[test]
fn a_panic_in_a_case_is_caught_and_located() {
    let result: Result<(), String> = guarded(|| {
        let v: Vec<u8> = Vec::new();
        assert_eq!(v.len(), 1, "planted");
        Ok(())
    });
    let why = result.unwrap_err();
    assert!(why.starts_with("panicked: "), "{why}");
    assert!(
        why.contains("planted") && why.contains("robustness.rs"),
        "{why}"
    );
    assert!(
        !says_what_to_do(""),
        "an empty message must not count as advice"
    );
    assert!(!says_what_to_do("it broke"));
}

/// Writes the mutation sources as a seed corpus for `cargo fuzz` (`fuzz/README.md`):
/// `KYC_FUZZ_CORPUS=fuzz/corpus/decode_and_check cargo test --release --test robustness
/// write_fuzz_seed_corpus -- --ignored`.
#[test]
#[ignore = "writes files; run by hand before cargo fuzz"]
fn write_fuzz_seed_corpus() {
    let dir = PathBuf::from(
        std::env::var("KYC_FUZZ_CORPUS").unwrap_or_else(|_| "fuzz/corpus/decode_and_check".into()),
    );
    std::fs::create_dir_all(&dir).unwrap();
    for (i, s) in sources().iter().enumerate() {
        std::fs::write(dir.join(format!("seed-{i:02}")), &s.bytes).unwrap();
    }
}

/// Found by [`mutation_fuzzing`] (seed 0x28f6127cdadc1c8f): a JPEG whose frame header claims
/// 12000×12000 but whose scan holds a 64×48 picture decodes to 144 megapixels of padding
/// (432 MB, over the loader's own 400 MiB budget, which the JPEG decoder does not enforce) and
/// passes. Every 8×8 block costs at least one bit of Huffman-coded data, so a scan shorter than
/// blocks/8 bytes cannot hold the image the header declares.
#[test]
fn a_jpeg_header_claiming_far_more_pixels_than_its_data_is_refused() {
    let mut bytes = encode(&DynamicImage::ImageRgb8(picture(64, 48)), ImageFormat::Jpeg);
    let sof = jpeg_sof(&bytes).expect("SOF");
    bytes[sof + 5..sof + 7].copy_from_slice(&12_000u16.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&12_000u16.to_be_bytes());
    match decode(&bytes) {
        Ok(l) => panic!(
            "{} bytes decoded to {:?}",
            bytes.len(),
            l.image.dimensions()
        ),
        Err(e) => assert!(says_what_to_do(&e.to_string()), "{e}"),
    }
}

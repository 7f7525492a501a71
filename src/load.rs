//! Loading a photo: decode by content, apply the EXIF orientation, refuse decompression bombs,
//! keep the EXIF Software tag.
//!
//! Every error says what was wrong and what to do, because the person reading it is about to
//! photograph their passport, not debug an image library.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;
use std::path::Path;

/// Largest file read at all. Phone photos are 2–12 MB; a 100 MB "photo" is not one.
const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// Largest width or height decoded. A 108 MP phone sensor is 12000 × 9000; anything larger is a
/// decompression bomb or a scan far above what any exchange accepts.
const MAX_SIDE: u32 = 12_000;
/// Largest pixel count decoded: the 108 MP sensor above. The per-side limit alone let a 1.7 KB
/// JPEG claiming 12000 × 12000 decode to 144 MP of padding (found by tests/robustness.rs).
const MAX_PIXELS: u64 = 12_000 * 9_000;
/// Largest photo checked at its own size: 48 MP (8000 × 6000, the largest common phone
/// sensor's full-resolution mode). Larger ones are halved after decoding; the checks and reading
/// of a 108 MP photo at full size took more than 500 MB (peak-RSS test in tests/hostile.rs).
const MAX_CHECKED_PIXELS: u64 = 48_000_000;
/// Memory one photo may take while it is loaded, per worker: the file's bytes, the decoder's
/// pixels, their RGB copy and the rotated copy (EXIF orientation). A 48 MP RGB JPEG turned by
/// its EXIF orientation takes 15 + 144 + 144 MB; a JPEG needing more is decoded at ½, ¼ or ⅛
/// scale (still ≥ 27 MP for a 108 MP photo), any other file over it is refused. The rest of the
/// pipeline works on copies at most this size, so one input stays under 500 MB in all
/// (tests/load_budget.rs and the peak-RSS test in tests/robustness.rs).
pub const LOAD_BUDGET: u64 = 320 * 1024 * 1024;
/// Memory a PNG's metadata may take once inflated (iCCP colour profile, zTXt/iTXt text, and the
/// decoder's row buffers). Real profiles are under 1 MB; a 1 MB file whose profile inflated to
/// 1 GiB was the attack this bounds.
pub const METADATA_BUDGET: u64 = 16 * 1024 * 1024;

/// A decoded photo, upright as a viewer shows it (EXIF orientation applied).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The pixels, oriented for display.
    pub image: RgbImage,
    /// The container format found by content (not by extension).
    pub format: ImageFormat,
    /// EXIF Software (0x0131), if present: phone camera apps and photo editors write it.
    pub exif_software: Option<String>,
    /// EXIF Orientation (1–8) as stored; 1 when absent.
    pub exif_orientation: u16,
    /// Whether the pixels were stored with fewer than three colour channels (gray or gray+alpha).
    pub stored_gray: bool,
    /// Pixels of the photo as taken per pixel of `image`: 1, or 8/m (m = 1…7) when a large JPEG
    /// was decoded at a reduced scale ([`load_reduced`]), 2 or 4 for a photo over the pixel
    /// limit.
    pub scale: f32,
}

impl Loaded {
    /// A region in pixels of `image` as pixels of the photo as taken.
    pub fn to_photo(&self, r: [u32; 4]) -> [u32; 4] {
        r.map(|v| (v as f32 * self.scale).round() as u32)
    }

    /// A region in pixels of the photo as taken as pixels of `image`.
    pub fn from_photo(&self, r: [u32; 4]) -> [u32; 4] {
        r.map(|v| (v as f32 / self.scale).round() as u32)
    }

    /// Wraps pixels already in memory (tests, benchmarks): JPEG, no EXIF.
    pub fn from_image(image: RgbImage) -> Loaded {
        Loaded {
            image,
            format: ImageFormat::Jpeg,
            exif_software: None,
            exif_orientation: 1,
            stored_gray: false,
            scale: 1.0,
        }
    }
}

/// Why a file could not be loaded. Each message ends with what to do.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the file ({0}); check the path and its permissions")]
    Io(#[from] std::io::Error),
    #[error("the file is empty (0 bytes); copy the photo again from your phone or camera")]
    Empty,
    #[error("the file is {0} MB, larger than any photo ({max} MB at most); export a smaller JPEG", max = MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge(u64),
    #[error("not an image: this is a PDF; export the page as a JPEG or PNG and check that")]
    Pdf,
    #[error("this is a HEIC/HEIF photo (iPhones save these by default), which is not supported; convert it to JPEG (or set Camera > Formats > Most Compatible) and check that")]
    Heic,
    #[error("this is an AVIF image, which is not supported; convert it to JPEG or PNG")]
    Avif,
    #[error("this is a {0} image, which is not supported; save it as JPEG or PNG")]
    Unsupported(&'static str),
    #[error("not an image: the file holds text, not a photo; pick the photo file itself")]
    Text,
    #[error(
        "not an image: the content is not JPEG, PNG, WebP, TIFF or BMP; pick the photo file itself"
    )]
    Unknown,
    #[error(
        "the {0} file is truncated (the download or copy stopped part-way); copy the photo again"
    )]
    Truncated(&'static str),
    #[error("the image is {width}×{height} pixels, larger than {MAX_SIDE} on a side; resize it (a 12-megapixel photo is plenty)")]
    TooWide { width: u32, height: u32 },
    #[error("the image is {width}×{height} pixels ({} megapixels), more than the {} megapixels of the largest phone sensor; resize it (a 12-megapixel photo is plenty)", (*width as u64 * *height as u64).div_ceil(1_000_000), MAX_PIXELS / 1_000_000)]
    TooManyPixels { width: u32, height: u32 },
    #[error("{what} would need about {need} MB of memory to decode, more than the {} MB one photo may use; export it as an 8-bit JPEG or PNG of at most 12 megapixels", LOAD_BUDGET / (1024 * 1024))]
    OverBudget { what: String, need: u64 },
    #[error("the PNG's metadata (colour profile or text chunks) unpacks to more than {} MB, which no photo needs; export the photo again as a JPEG", METADATA_BUDGET / (1024 * 1024))]
    MetadataBomb,
    #[error("not a regular file ({0}); give the path of the photo file itself")]
    NotRegular(&'static str),
    #[error("the {0} data is damaged and cannot be decoded ({1}); take or export the photo again")]
    Corrupt(&'static str, String),
}

/// Reads, decodes and orients the photo at `path`.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    decode(&read(path)?)
}

/// [`load`] for measurements that do not need every pixel (the image-quality checks): a JPEG
/// whose long side is over `min_side` by more than an eighth is decoded at the smallest scale
/// m/8 (m = 1…7) that keeps its long side at least `min_side` px, which decodes 2–3× faster
/// than the full photo (libjpeg-turbo's DCT scaling: each 8×8 block is inverse-transformed
/// straight to m×m pixels). Every camera's photo then reaches the checks at about the same
/// size: an 8 MP 3264 px photo at ⅝ (2040 px), a 12 MP one at ½, not 3264 px in full as with
/// ½/¼/⅛ alone (2.6× the pixels of a 12 MP photo's copy, and a size no threshold was set on).
/// Other formats, and any JPEG libjpeg-turbo declines, decode in full as [`load`] does;
/// [`Loaded::scale`] says which happened.
pub fn load_reduced(path: &Path, min_side: u32) -> Result<Loaded, LoadError> {
    decode_reduced(&read(path)?, min_side)
}

fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(LoadError::Io(std::io::Error::other("it is a folder")));
    }
    if let Some(kind) = special_kind(&meta) {
        return Err(LoadError::NotRegular(kind));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge(meta.len() / (1024 * 1024)));
    }
    match read_regular(path, MAX_FILE_BYTES) {
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
            Err(LoadError::TooLarge(MAX_FILE_BYTES / (1024 * 1024)))
        }
        Err(e) => match e.get_ref().and_then(|i| i.downcast_ref::<NotRegularFile>()) {
            Some(NotRegularFile(kind)) => Err(LoadError::NotRegular(kind)),
            None => Err(e.into()),
        },
        Ok(bytes) => Ok(bytes),
    }
}

/// What a non-regular file is, for messages; `None` for a regular file.
fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a folder")
    } else if t.is_fifo() {
        Some("a named pipe")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else {
        Some("not a file")
    }
}

#[derive(Debug)]
struct NotRegularFile(&'static str);
impl std::fmt::Display for NotRegularFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, not a regular file", self.0)
    }
}
impl std::error::Error for NotRegularFile {}

/// Reads a regular file of at most `max` bytes. Anything else (a pipe, a device such as
/// `/dev/zero`, a socket) is refused without blocking: it is opened non-blocking and judged by
/// the open handle, so a file swapped after the check is judged too. A file that grows past
/// `max` while read stops there (`FileTooLarge`).
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = special_kind(&meta) {
        return Err(std::io::Error::other(NotRegularFile(kind)));
    }
    if meta.len() > max {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    Ok(bytes)
}

/// When the file at `path` holds more than one picture (an animated WebP, a multi-page TIFF),
/// the words saying so: only the first one is decoded and checked. Reads a few header bytes
/// only; `None` for every other file and on any read error.
pub fn extra_frames(path: &Path, format: ImageFormat) -> Option<&'static str> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    let mut head = [0u8; 21];
    f.read_exact(&mut head).ok()?;
    match format {
        // RIFF....WEBPVP8X, then the flags byte: 0x02 = animation (WebP container spec)
        ImageFormat::WebP => {
            (&head[12..16] == b"VP8X" && head[20] & 0x02 != 0).then_some("an animated WebP")
        }
        // the first directory's "next directory" offset is non-zero when there are more pages
        ImageFormat::Tiff => {
            let le = &head[0..2] == b"II";
            let u16_at = |b: [u8; 2]| {
                if le {
                    u16::from_le_bytes(b)
                } else {
                    u16::from_be_bytes(b)
                }
            };
            let u32_at = |b: [u8; 4]| {
                if le {
                    u32::from_le_bytes(b)
                } else {
                    u32::from_be_bytes(b)
                }
            };
            if u16_at([head[2], head[3]]) != 42 {
                return None; // BigTIFF and others: not inspected
            }
            let ifd0 = u32_at([head[4], head[5], head[6], head[7]]) as u64;
            let mut count = [0u8; 2];
            f.seek(SeekFrom::Start(ifd0)).ok()?;
            f.read_exact(&mut count).ok()?;
            let mut next = [0u8; 4];
            f.seek(SeekFrom::Start(ifd0 + 2 + 12 * u16_at(count) as u64))
                .ok()?;
            f.read_exact(&mut next).ok()?;
            (u32_at(next) != 0).then_some("a multi-page TIFF")
        }
        _ => None,
    }
}

/// Decodes a photo from memory by its content.
pub fn decode(bytes: &[u8]) -> Result<Loaded, LoadError> {
    decode_reduced(bytes, u32::MAX)
}

/// [`decode`], at a reduced scale as [`load_reduced`] describes.
pub fn decode_reduced(bytes: &[u8], min_side: u32) -> Result<Loaded, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    let format = sniff(bytes)?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(LoadError::Truncated("JPEG"));
    }
    let name = format_name(format);

    // The header is read under the limits too: a PNG's metadata chunks are inflated while it
    // is read, so its metadata budget must be in place before (the size limits are checked by
    // this code below, to name the one hit).
    let mut limits = Limits::no_limits();
    limits.max_alloc = Some(if format == ImageFormat::Png {
        METADATA_BUDGET
    } else {
        LOAD_BUDGET.saturating_sub(bytes.len() as u64)
    });
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) if format == ImageFormat::Png => LoadError::MetadataBomb,
        e => decode_error(name, e, (0, 0)),
    })?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 || width > 65_535 || height > 65_535 {
        return Err(LoadError::Corrupt(
            name,
            format!("the header gives an impossible size, {width}×{height}"),
        ));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(LoadError::TooWide { width, height });
    }
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(LoadError::TooManyPixels { width, height });
    }
    if format == ImageFormat::Jpeg {
        // Every 8×8 block of a baseline or progressive scan costs at least one bit; a scan
        // shorter than that cannot hold the image its header claims.
        let blocks = (width as usize).div_ceil(8) * (height as usize).div_ceil(8);
        if jpeg_scan_len(bytes).unwrap_or(0) < blocks / 8 {
            return Err(LoadError::Truncated("JPEG"));
        }
    }
    let long = width.max(height);
    if format == ImageFormat::Jpeg && long as u64 * 7 / 8 >= min_side as u64 {
        if let Some(loaded) = decode_jpeg_scaled(bytes, min_side) {
            return Ok(loaded);
        }
    }
    if format == ImageFormat::Jpeg && width as u64 * height as u64 > MAX_CHECKED_PIXELS {
        // checked at half size anyway (decode_full): decode it so, at a quarter of the cost
        if let Some(loaded) = decode_jpeg_scaled(bytes, long.div_ceil(2)) {
            return Ok(loaded);
        }
    }
    let mut decoder = decoder;
    let orientation = decoder.orientation().ok();
    let need = load_cost(bytes.len(), &decoder, orientation);
    if need > LOAD_BUDGET {
        // A JPEG too large to decode in full within the budget is decoded at the largest
        // reduced scale that fits: 27 MP of a 108 MP photo is more than reading needs.
        let rgb_at = |k: u64| (width as u64).div_ceil(k) * (height as u64).div_ceil(k) * 3;
        let fits = [2u32, 4, 8]
            .into_iter()
            .find(|&k| bytes.len() as u64 + 3 * rgb_at(k as u64) <= LOAD_BUDGET);
        if let Some(k) = fits.filter(|_| format == ImageFormat::Jpeg) {
            if let Some(loaded) = decode_jpeg_scaled(bytes, long.div_ceil(k)) {
                return Ok(loaded);
            }
        }
        return Err(LoadError::OverBudget {
            what: format!(
                "this {width}×{height} {name} ({})",
                color_words(decoder.color_type())
            ),
            need: need.div_ceil(1024 * 1024),
        });
    }
    decode_full(bytes, format, decoder, orientation, (width, height))
}

/// Bytes a full decode of `decoder`'s image takes at its peak: the file, the decoder's pixels,
/// their 8-bit RGB copy (when stored otherwise) and the copy an EXIF orientation makes.
fn load_cost(
    file_len: usize,
    decoder: &impl ImageDecoder,
    orientation: Option<image::metadata::Orientation>,
) -> u64 {
    let (w, h) = decoder.dimensions();
    let rgb = w as u64 * h as u64 * 3;
    let native = decoder.total_bytes();
    let convert = if decoder.color_type() == image::ColorType::Rgb8 {
        0
    } else {
        rgb
    };
    let turned = match orientation {
        None | Some(image::metadata::Orientation::NoTransforms) => 0,
        Some(_) => rgb,
    };
    file_len as u64 + native + convert + turned
}

fn color_words(c: image::ColorType) -> String {
    let bits = c.bytes_per_pixel() as u32 * 8 / c.channel_count() as u32;
    let channels = match c.channel_count() {
        1 => "gray",
        2 => "gray + alpha",
        3 => "RGB",
        _ => "RGBA",
    };
    format!("{bits}-bit {channels}")
}

/// Decodes in full under the decoder's limits (dimensions checked, budget checked by the caller),
/// converts to 8-bit RGB (dropping the decoder's buffer) and orients.
fn decode_full(
    bytes: &[u8],
    format: ImageFormat,
    mut decoder: impl ImageDecoder,
    orientation: Option<image::metadata::Orientation>,
    (width, height): (u32, u32),
) -> Result<Loaded, LoadError> {
    let name = format_name(format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(LOAD_BUDGET);
    decoder
        .set_limits(limits)
        .map_err(|e| decode_error(name, e, (width, height)))?;
    let image =
        DynamicImage::from_decoder(decoder).map_err(|e| decode_error(name, e, (width, height)))?;
    let stored_gray = !image.color().has_color();
    let (exif_software, exif_orientation) = read_exif(bytes);
    // to RGB first (the decoder's buffer is freed), then turn: one copy at a time
    let mut image = DynamicImage::ImageRgb8(image.into_rgb8());
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    let mut image = image.into_rgb8();
    // Above MAX_CHECKED_PIXELS the photo is checked at half size (as a large JPEG is decoded):
    // reading and the checks then stay within the memory one input may take.
    let mut scale = 1.0;
    while image.width() as u64 * image.height() as u64 > MAX_CHECKED_PIXELS {
        let (w, h) = image.dimensions();
        image = image::imageops::thumbnail(&image, w.div_ceil(2), h.div_ceil(2));
        scale *= 2.0;
    }
    Ok(Loaded {
        image,
        format,
        exif_software,
        exif_orientation,
        stored_gray,
        scale,
    })
}

/// Decodes a three-component JPEG with libjpeg-turbo at the smallest scale m/8 (m = 1…7) that
/// keeps its long side at least `min_side` px, and orients it. `None` when no such scale exists
/// (the photo is not over `min_side` by an eighth), when libjpeg-turbo declines it or reports any
/// damage (the full decoder then gives the precise error), and for grayscale or CMYK JPEGs
/// (decoded in full, where the `color` check reads how they were stored).
fn decode_jpeg_scaled(bytes: &[u8], min_side: u32) -> Option<Loaded> {
    use turbojpeg::{Colorspace, Decompressor, Image, PixelFormat, ScalingFactor};
    let mut decompressor = Decompressor::new().ok()?;
    let header = decompressor.read_header(bytes).ok()?;
    if !matches!(header.colorspace, Colorspace::YCbCr | Colorspace::RGB) {
        return None;
    }
    let long = header.width.max(header.height);
    let eighths =
        (1..8usize).find(|m| ScalingFactor::new(*m, 8).scale(long) >= min_side as usize)?;
    let factor = ScalingFactor::new(eighths, 8);
    let scaled = header.scaled(factor);
    decompressor.set_scaling_factor(factor).ok()?;
    let mut pixels = vec![0u8; 3 * scaled.width * scaled.height];
    let image = Image {
        pixels: pixels.as_mut_slice(),
        width: scaled.width,
        pitch: 3 * scaled.width,
        height: scaled.height,
        format: PixelFormat::RGB,
    };
    decompressor.decompress(bytes, image).ok()?;
    let rgb = RgbImage::from_raw(scaled.width as u32, scaled.height as u32, pixels)?;
    let (exif_software, exif_orientation) = read_exif(bytes);
    let mut image = DynamicImage::ImageRgb8(rgb);
    if let Some(o) = image::metadata::Orientation::from_exif(exif_orientation.min(255) as u8) {
        image.apply_orientation(o);
    }
    Some(Loaded {
        image: image.into_rgb8(),
        format: ImageFormat::Jpeg,
        exif_software,
        exif_orientation,
        stored_gray: false,
        scale: 8.0 / eighths as f32,
    })
}

fn decode_error(
    name: &'static str,
    e: image::ImageError,
    (width, height): (u32, u32),
) -> LoadError {
    use image::error::ImageError;
    match e {
        ImageError::Limits(_) => LoadError::OverBudget {
            what: format!("this {width}×{height} {name}"),
            need: LOAD_BUDGET / (1024 * 1024) + 1,
        },
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            LoadError::Truncated(name)
        }
        other => {
            let text = other.to_string();
            if text.contains("EOF") || text.to_lowercase().contains("end of") {
                LoadError::Truncated(name)
            } else {
                // Library messages can quote raw bytes; keep them printable and short.
                let text: String = text.chars().filter(|c| !c.is_control()).take(120).collect();
                LoadError::Corrupt(name, text)
            }
        }
    }
}

/// Finds the format from the first bytes; names the common non-images precisely.
fn sniff(bytes: &[u8]) -> Result<ImageFormat, LoadError> {
    if bytes.starts_with(b"%PDF") {
        return Err(LoadError::Pdf);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        return Err(match brand {
            b"avif" | b"avis" => LoadError::Avif,
            _ => LoadError::Heic,
        });
    }
    match image::guess_format(bytes) {
        Ok(
            f @ (ImageFormat::Jpeg
            | ImageFormat::Png
            | ImageFormat::WebP
            | ImageFormat::Tiff
            | ImageFormat::Bmp),
        ) => Ok(f),
        Ok(other) => Err(LoadError::Unsupported(other.extensions_str()[0])),
        Err(_) if looks_like_text(bytes) => Err(LoadError::Text),
        Err(_) => Err(LoadError::Unknown),
    }
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    std::str::from_utf8(head).is_ok_and(|s| {
        s.chars()
            .all(|c| !c.is_control() || c.is_ascii_whitespace())
    })
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Bmp => "BMP",
        _ => "image",
    }
}

/// Whether a JPEG has its end-of-image marker after the scan data.
///
/// JPEG decoders pad a truncated scan with gray and report success, which would make a
/// half-copied photo look "blurry" or "damaged at the bottom" instead of truncated.
/// 1. Walk the marker segments from SOI, skipping each by its length (this steps over EXIF
///    thumbnails, which carry their own EOI inside APP1).
/// 2. At the first SOS, scan the entropy-coded data for `FF D9`; inside it every `FF` is followed
///    by `00` (stuffing) or a restart marker, so `FF D9` can only be the real EOI.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    jpeg_scan_len(bytes).is_some()
}

/// The length of the first scan's entropy-coded data up to the end-of-image marker, or `None`
/// when there is no end-of-image marker after it (see [`jpeg_is_complete`]).
fn jpeg_scan_len(bytes: &[u8]) -> Option<usize> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xD9 {
            return Some(0);
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if marker == 0xDA {
            let scan = &bytes[(i + 2 + len).min(bytes.len())..];
            return memchr::memmem::find(scan, &[0xFF, 0xD9]);
        }
        i += 2 + len;
    }
    None
}

/// EXIF Software and Orientation, when the container carries EXIF.
fn read_exif(bytes: &[u8]) -> (Option<String>, u16) {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return (None, 1);
    };
    let software = exif
        .get_field(exif::Tag::Software, exif::In::PRIMARY)
        .and_then(|f| match &f.value {
            exif::Value::Ascii(parts) => parts
                .first()
                .map(|p| String::from_utf8_lossy(p).trim().to_string()),
            _ => None,
        })
        .filter(|s| !s.is_empty());
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .map(|v| v as u16)
        .unwrap_or(1);
    (software, orientation)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        out
    }

    #[test]
    fn decodes_a_jpeg_by_content() {
        let loaded = decode(&jpeg(40, 30)).unwrap();
        assert_eq!(loaded.image.dimensions(), (40, 30));
        assert_eq!(loaded.format, ImageFormat::Jpeg);
        assert_eq!(loaded.exif_orientation, 1);
    }

    #[test]
    fn a_large_jpeg_decodes_at_a_reduced_scale_for_the_checks() {
        let bytes = jpeg(4100, 64);
        let full = decode(&bytes).unwrap();
        assert_eq!((full.image.dimensions(), full.scale), ((4100, 64), 1.0));
        let half = decode_reduced(&bytes, 2000).unwrap();
        assert_eq!((half.image.dimensions(), half.scale), ((2050, 32), 2.0));
        let quarter = decode_reduced(&bytes, 1000).unwrap();
        assert_eq!(
            (quarter.image.dimensions(), quarter.scale),
            ((1025, 16), 4.0)
        );
        // between: the smallest eighth that keeps the long side (an 8 MP photo's 3264 px at ⅝)
        let five = decode_reduced(&bytes, 2100).unwrap();
        assert_eq!((five.image.dimensions(), five.scale), ((2563, 40), 1.6));
        // not over the side by an eighth: decoded in full
        assert_eq!(decode_reduced(&bytes, 3600).unwrap().scale, 1.0);
        // a grayscale JPEG keeps the full decoder (which records how it was stored)
        let gray = image::GrayImage::from_fn(4100, 64, |x, _| image::Luma([(x % 251) as u8]));
        let mut g = Vec::new();
        gray.write_to(&mut Cursor::new(&mut g), ImageFormat::Jpeg)
            .unwrap();
        let g = decode_reduced(&g, 2000).unwrap();
        assert_eq!((g.scale, g.stored_gray), (1.0, true));
        // a cut one is still refused as truncated
        assert!(matches!(
            decode_reduced(&bytes[..bytes.len() / 2], 2000),
            Err(LoadError::Truncated("JPEG"))
        ));
    }

    #[test]
    fn a_cut_jpeg_is_truncated() {
        let bytes = jpeg(64, 64);
        let cut = &bytes[..bytes.len() * 2 / 3];
        assert!(matches!(decode(cut), Err(LoadError::Truncated("JPEG"))));
    }

    #[test]
    fn a_jpeg_header_claiming_more_pixels_than_its_data_is_refused() {
        let mut bytes = jpeg(64, 48);
        // SOF0: FF C0, length, precision, height, width.
        let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        bytes[sof + 5..sof + 7].copy_from_slice(&9000u16.to_be_bytes());
        bytes[sof + 7..sof + 9].copy_from_slice(&9000u16.to_be_bytes());
        assert!(matches!(decode(&bytes), Err(LoadError::Truncated("JPEG"))));
        bytes[sof + 5..sof + 7].copy_from_slice(&11000u16.to_be_bytes());
        bytes[sof + 7..sof + 9].copy_from_slice(&11000u16.to_be_bytes());
        assert!(matches!(
            decode(&bytes),
            Err(LoadError::TooManyPixels { .. })
        ));
    }

    #[test]
    fn non_images_are_named() {
        assert!(matches!(decode(b""), Err(LoadError::Empty)));
        assert!(matches!(decode(b"%PDF-1.7\n..."), Err(LoadError::Pdf)));
        assert!(matches!(
            decode(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            Err(LoadError::Heic)
        ));
        assert!(matches!(decode(b"hello, world\n"), Err(LoadError::Text)));
        assert!(matches!(
            decode(&[1, 2, 3, 200, 0, 7]),
            Err(LoadError::Unknown)
        ));
    }
}

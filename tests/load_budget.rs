//! The loader stays within its memory budget whatever a header claims: every byte the process
//! allocates is counted (a counting global allocator, so this file holds one test only), and the
//! peak while decoding hostile and header-mutated images must stay within
//! `load::LOAD_BUDGET` plus the decoder's small fixed overhead.

mod common;

use common::bombs::{iccp_bomb, png, sixteen_bit_giant, zlib_zeros};
use kyc_check::load::{decode, LOAD_BUDGET};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        System.dealloc(p, layout);
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Decodes `bytes` and returns the peak bytes allocated above what was live before.
fn peak_of(bytes: &[u8]) -> (usize, String) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let outcome = match decode(bytes) {
        Ok(l) => format!("decoded {:?}", l.image.dimensions()),
        Err(e) => e.to_string(),
    };
    (PEAK.load(Ordering::Relaxed) - base, outcome)
}

/// A PNG's IHDR with other dimensions (CRC fixed).
fn png_with_size(w: u32, h: u32, depth: u8, color: u8) -> Vec<u8> {
    png(w, h, depth, color, &[], &zlib_zeros(64, 64 * 3, Some(0)))
}

fn bmp_with_size(w: i32, h: i32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([9, 9, 9]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Bmp)
        .unwrap();
    out[18..22].copy_from_slice(&w.to_le_bytes());
    out[22..26].copy_from_slice(&h.to_le_bytes());
    out
}

#[test]
fn the_loader_stays_within_its_budget_whatever_the_header_claims() {
    // the decoder's own fixed buffers (row buffers, Huffman tables, the EXIF reader) on top
    let slack = 24 * 1024 * 1024;
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("iCCP inflating to 1 GiB".into(), iccp_bomb()),
        ("16-bit RGBA 11999×8999".into(), sixteen_bit_giant()),
    ];
    for (w, h) in [
        (12000, 9000),
        (11999, 8999),
        (65535, 1),
        (1, 65535),
        (30000, 30000),
    ] {
        for (depth, color) in [(8, 2), (16, 6), (8, 6), (1, 0)] {
            cases.push((
                format!("PNG header {w}×{h} depth {depth} colour {color}"),
                png_with_size(w, h, depth, color),
            ));
        }
        cases.push((
            format!("BMP header {w}×{h}"),
            bmp_with_size(w as i32, h as i32),
        ));
    }
    let mut rows = Vec::new();
    for (name, bytes) in &cases {
        let (peak, outcome) = peak_of(bytes);
        rows.push(format!(
            "{name:<45} peak {:>6.1} MB  {outcome}",
            peak as f64 / 1e6
        ));
        assert!(
            (peak as u64) < LOAD_BUDGET + slack,
            "{name}: {peak} bytes at peak\n{}",
            rows.join("\n")
        );
    }
    println!("{}", rows.join("\n"));
}

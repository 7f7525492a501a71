//! 8-connected blobs of a boolean mask, labelled with `imageproc`'s
//! [`connected_components`](imageproc::region_labelling::connected_components) (two-pass
//! union-find; replaced the two hand-written stack flood fills of `glare` and `occlusion`,
//! issue 16: the same blobs, tested equal below).
//!
//! Parameters: `mask` is row-major, `w × h` long (`true` = foreground); any size, including
//! empty and 1×1 (which imageproc 0.25 panics on: guarded).
//!
//! 1. Copy the mask into an 8-bit image (255 foreground, 0 background).
//! 2. Label its 8-connected components (labels 1, 2, … in raster order of their first pixel).
//! 3. One raster pass collects each label's pixels and bounding box.

use image::{GrayImage, Luma};
use imageproc::region_labelling::{connected_components, Connectivity};

/// One 8-connected blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    /// Bounding box, inclusive: `(x0, y0, x1, y1)`.
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    /// Its pixels as row-major indices `y * w + x`, in raster order (its area is their count).
    pub members: Vec<usize>,
}

/// The 8-connected blobs of `mask` (`w × h`, row-major), in raster order of their first pixel.
pub fn blobs(mask: &[bool], w: usize, h: usize) -> Vec<Blob> {
    assert_eq!(mask.len(), w * h, "mask is not {w} × {h}");
    if w == 0 || h == 0 || !mask.contains(&true) {
        return Vec::new();
    }
    if w * h == 1 {
        // imageproc 0.25 panics on a 1×1 foreground image (its union-find is one label short)
        return vec![Blob {
            x0: 0,
            y0: 0,
            x1: 0,
            y1: 0,
            members: vec![0],
        }];
    }
    // 1.
    let bytes: Vec<u8> = mask.iter().map(|&m| if m { 255 } else { 0 }).collect();
    let image = GrayImage::from_raw(w as u32, h as u32, bytes).expect("w × h bytes");
    // 2.
    let labels = connected_components(&image, Connectivity::Eight, Luma([0u8]));
    // 3.
    let mut out: Vec<Blob> = Vec::new();
    for (i, label) in labels.as_raw().iter().enumerate() {
        if *label == 0 {
            continue;
        }
        let k = *label as usize - 1;
        let (x, y) = (i % w, i / w);
        if k == out.len() {
            out.push(Blob {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
                members: Vec::new(),
            });
        }
        let b = &mut out[k];
        b.x0 = b.x0.min(x);
        b.y0 = b.y0.min(y);
        b.x1 = b.x1.max(x);
        b.y1 = b.y1.max(y);
        b.members.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stack flood fill `glare` and `occlusion` used before (issue 16), kept as the
    /// reference: blobs in raster order of their first pixel, members sorted.
    fn flood_fill(mask: &[bool], w: usize, h: usize) -> Vec<Blob> {
        let mut seen = vec![false; w * h];
        let mut out = Vec::new();
        let mut stack = Vec::new();
        for start in 0..w * h {
            if !mask[start] || seen[start] {
                continue;
            }
            seen[start] = true;
            stack.push(start);
            let mut members = Vec::new();
            let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
            while let Some(i) = stack.pop() {
                members.push(i);
                let (x, y) = (i % w, i / w);
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
                for dy in -1i32..=1 {
                    for dx in -1i32..=1 {
                        let (nx, ny) = (x as i32 + dx, y as i32 + dy);
                        if nx < 0 || ny < 0 || nx >= w as i32 || ny >= h as i32 {
                            continue;
                        }
                        let j = ny as usize * w + nx as usize;
                        if mask[j] && !seen[j] {
                            seen[j] = true;
                            stack.push(j);
                        }
                    }
                }
            }
            members.sort_unstable();
            out.push(Blob {
                x0,
                y0,
                x1,
                y1,
                members,
            });
        }
        out
    }

    fn mask(rows: &[&str]) -> (Vec<bool>, usize, usize) {
        let w = rows.first().map_or(0, |r| r.len());
        let m = rows
            .iter()
            .flat_map(|r| r.bytes().map(|b| b == b'#'))
            .collect();
        (m, w, rows.len())
    }

    #[test]
    fn literal_masks() {
        let (m, w, h) = mask(&[
            "##..#", //
            ".#..#", //
            "...#.", //
            "#....", //
        ]);
        let b = blobs(&m, w, h);
        assert_eq!(b, flood_fill(&m, w, h));
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(
            (b[0].x0, b[0].y0, b[0].x1, b[0].y1, b[0].members.len()),
            (0, 0, 1, 1, 3)
        );
        // diagonal neighbours join (8-connected)
        assert_eq!(
            (b[1].x0, b[1].y0, b[1].x1, b[1].y1, b[1].members.len()),
            (3, 0, 4, 2, 3)
        );
        assert_eq!((b[2].x0, b[2].y0, b[2].members.len()), (0, 3, 1));
    }

    #[test]
    fn tiny_and_empty_masks() {
        assert!(blobs(&[], 0, 0).is_empty());
        assert!(blobs(&[], 0, 7).is_empty());
        assert!(blobs(&[false], 1, 1).is_empty());
        let one = blobs(&[true], 1, 1);
        assert_eq!(one, flood_fill(&[true], 1, 1));
        assert_eq!(one.len(), 1);
        let (m, w, h) = mask(&["#.#"]);
        assert_eq!(blobs(&m, w, h).len(), 2);
        let (m, w, h) = mask(&["#", "#", "."]);
        assert_eq!(blobs(&m, w, h).len(), 1);
    }

    /// 200 random masks of random size and density: the same blobs as the flood fill.
    #[test]
    fn random_masks_equal_the_flood_fill() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200 {
            let w = 1 + (next() % 40) as usize;
            let h = 1 + (next() % 40) as usize;
            let density = next() % 100;
            let m: Vec<bool> = (0..w * h).map(|_| next() % 100 < density).collect();
            assert_eq!(
                blobs(&m, w, h),
                flood_fill(&m, w, h),
                "{w}×{h} at {density} %"
            );
        }
    }

    /// Timing of the two on a page-sized mask of round blobs (run with `--ignored --nocapture`).
    #[test]
    #[ignore = "timing, not a check"]
    fn timing_against_the_flood_fill() {
        let (w, h) = (1200usize, 800usize);
        let m: Vec<bool> = (0..w * h)
            .map(|i| {
                let (x, y) = ((i % w) as i64, (i / w) as i64);
                ((x % 150) - 75).pow(2) + ((y % 120) - 60).pow(2) < 40 * 40
                    || (x * 7 + y * 13) % 97 == 0
            })
            .collect();
        let time = |f: &dyn Fn() -> usize| {
            let t = std::time::Instant::now();
            let mut n = 0;
            for _ in 0..20 {
                n += f();
            }
            (t.elapsed().as_secs_f64() * 1000.0 / 20.0, n)
        };
        let (new, a) = time(&|| blobs(&m, w, h).len());
        let (old, b) = time(&|| flood_fill(&m, w, h).len());
        assert_eq!(a, b);
        println!("{w}×{h}: connected_components {new:.2} ms, flood fill {old:.2} ms");
    }
}

//! Grouping text lines into MRZ bands (step 5 of [`super`]): neighbouring parallel lines that
//! cover the same stretch at one pitch, each trimmed to the zone's cell grid.

use super::{Band, BandLine, TextLine};

/// Lines `a` and `b` (b below a) can be neighbouring lines of one MRZ: parallel, one line pitch
/// apart, and along the text they cover the same stretch. MRZ lines hold the same number of
/// cells and start and end together (ICAO 9303 Part 3), but a line's ink chain can run on
/// through background marks to the image edge, or break at a faint or merged character; so the
/// extents must overlap over most of the shorter line and agree at one end at least, not both.
fn compatible(a: &TextLine, b: &TextLine) -> bool {
    let h = a.h.max(b.h);
    let dy = b.y_at(a.first[0]) - a.first[1];
    if !(dy > LINE_PITCH.0 * h && dy < LINE_PITCH.1 * h && (a.slope - b.slope).abs() < 0.05) {
        return false;
    }
    let (la, lb) = (a.length(), b.length());
    let starts = (a.first[0] - b.first[0]).abs() < END_TOLERANCE * h;
    let ends = (a.last[0] - b.last[0]).abs() < END_TOLERANCE * h;
    // as before issue 13: both ends roughly together
    if starts && (0.85..1.18).contains(&(la / lb)) {
        return true;
    }
    // otherwise both lines must be monospaced print of one pitch, as an MRZ's are (left-aligned
    // lines of printed text share a start too)
    let ((pa, ra), (pb, rb)) = (a.pitch(), b.pitch());
    let same_pitch = pa > 0.0 && pb > 0.0 && pa.max(pb) <= MAX_PITCH_RATIO * pa.min(pb);
    let overlap = a.last[0].min(b.last[0]) - a.first[0].max(b.first[0]);
    let (short, long) = (la.min(lb), la.max(lb));
    (starts || ends)
        && same_pitch
        && ra.min(rb) >= MIN_REGULAR
        && overlap >= MIN_OVERLAP * short
        && short >= MIN_SHORT_OF_LONG * long
}

/// Distance between neighbouring MRZ lines, in character heights (ICAO 9303: a line pitch of
/// about 1.6–2 character heights; photos at an angle and merged lines measured 1.2–3.0).
const LINE_PITCH: (f32, f32) = (1.0, 3.2);
/// Two lines' ends agree within this many character heights.
const END_TOLERANCE: f32 = 2.5;
/// The shorter line lies this much within the longer one's extent…
const MIN_OVERLAP: f32 = 0.9;
/// …and is at least this fraction of it: a chain broken at one character still holds more than
/// half of its line (Qatar specimen, held-out: 494 of 692 px), while two unrelated text lines
/// one pitch apart rarely share an end and most of their extent.
const MIN_SHORT_OF_LONG: f32 = 0.55;

/// Fraction of a line's character gaps within 25 % of its pitch ([`TextLine::pitch`]) for a line
/// grouped on its overlap alone. Measured (working px): MRZ lines of the specimens, documents and
/// PassportEye images 0.9–1.0; a card's printed text lines above its MRZ 0.5–0.65 (the Taiwan
/// residence card, tuning part), with a few short lines of digits at 0.8–1.0.
const MIN_REGULAR: f32 = 0.8;
/// Two lines of one zone have the same pitch within this ratio (one font, one cell width;
/// measured within 5 % on the MRZ lines above).
const MAX_PITCH_RATIO: f32 = 1.15;

/// Groups neighbouring parallel lines (see [`compatible`]) into 2- and 3-line bands, each line
/// trimmed to the band's cell grid ([`trim_to_grid`]).
pub(super) fn group_bands(lines: &[TextLine]) -> Vec<Band> {
    let mut sorted: Vec<&TextLine> = lines.iter().collect();
    sorted.sort_by(|a, b| a.first[1].total_cmp(&b.first[1]));
    let mut bands = Vec::new();
    for i in 0..sorted.len() {
        for j in i + 1..sorted.len() {
            if !compatible(sorted[i], sorted[j]) {
                continue;
            }
            let mut group = vec![sorted[i], sorted[j]];
            if let Some(k) = (j + 1..sorted.len()).find(|&k| {
                compatible(sorted[j], sorted[k]) && even_pitch(sorted[i], sorted[j], sorted[k])
            }) {
                group.push(sorted[k]);
            }
            let trimmed = trim_group(&group);
            let group: Vec<&TextLine> = trimmed.iter().collect();
            bands.push(make_band(&group));
            // also offer the last two of a triple on their own (a text line above a TD3/TD2)
            if group.len() == 3 {
                bands.push(make_band(&group[1..]));
            }
        }
    }
    bands
}

/// Three lines of one zone are evenly spaced: the two line pitches within 30 % of each other.
fn even_pitch(a: &TextLine, b: &TextLine, c: &TextLine) -> bool {
    let d1 = b.y_at(a.first[0]) - a.first[1];
    let d2 = c.y_at(b.first[0]) - b.first[1];
    d1 > 0.0 && d2 > 0.0 && d1.max(d2) <= 1.3 * d1.min(d2)
}

/// The group's lines, each trimmed to the zone's extent where it runs beyond it off the grid.
/// The zone's extent is the median line's start and end (the shorter line's, of two).
fn trim_group(group: &[&TextLine]) -> Vec<TextLine> {
    let median = |f: fn(&TextLine) -> f32| {
        let mut v: Vec<f32> = group.iter().map(|l| f(l)).collect();
        v.sort_by(f32::total_cmp);
        if v.len() == 2 {
            v
        } else {
            vec![v[v.len() / 2]; 2]
        }
    };
    // of two lines, the inner ends; of three, the median ends
    let from = median(|l| l.first[0]);
    let to = median(|l| l.last[0]);
    let (from, to) = (from[from.len() - 1], to[0]);
    group.iter().map(|l| trim_to_grid(l, from, to)).collect()
}

/// `line` without the characters beyond `[from, to]` (along the text) that leave its cell grid,
/// at an end that sticks out more than [`END_TOLERANCE`] beyond that extent: walking outward from the extent, a character stays while its gap to the last one kept is
/// 0.7–1.35 of the line's pitch (every MRZ cell is inked, fillers included); the first that is
/// not ends the line there (chaining links characters up to ~2 pitches apart). A chain that ran on through background marks loses them; a line whose chain is
/// complete while its neighbour's broke keeps its regularly spaced characters.
fn trim_to_grid(line: &TextLine, from: f32, to: f32) -> TextLine {
    let c = &line.centers;
    let inside: Vec<usize> = (0..c.len())
        .filter(|&i| c[i][0] >= from - 0.5 * line.h && c[i][0] <= to + 0.5 * line.h)
        .collect();
    let (Some(&lo), Some(&hi)) = (inside.first(), inside.last()) else {
        return line.clone();
    };
    let mut gaps: Vec<f32> = (lo..hi).map(|i| c[i + 1][0] - c[i][0]).collect();
    if gaps.is_empty() {
        return line.clone();
    }
    gaps.sort_by(f32::total_cmp);
    let pitch = gaps[gaps.len() / 2];
    let regular = |gap: f32| (0.7 * pitch..=1.35 * pitch).contains(&gap);
    // only an end that sticks out beyond the zone's (see [`END_TOLERANCE`]) is trimmed
    let stick = END_TOLERANCE * line.h;
    let mut start = lo;
    if line.first[0] >= from - stick {
        start = 0;
    }
    while start > 0 && regular(c[start][0] - c[start - 1][0]) {
        start -= 1;
    }
    let mut end = hi;
    if line.last[0] <= to + stick {
        end = c.len() - 1;
    }
    while end + 1 < c.len() && regular(c[end + 1][0] - c[end][0]) {
        end += 1;
    }
    if start == 0 && end + 1 == c.len() {
        return line.clone();
    }
    let centers: Vec<[f32; 2]> = c[start..=end].to_vec();
    let at = |x: f32| [x, line.y_at(x)];
    TextLine {
        slope: line.slope,
        first: at(centers[0][0]),
        last: at(centers[centers.len() - 1][0]),
        h: line.h,
        n: centers.len(),
        centers,
    }
}

fn make_band(group: &[&TextLine]) -> Band {
    let h = group.iter().map(|l| l.h).sum::<f32>() / group.len() as f32;
    let chars: usize = group.iter().map(|l| l.n).sum();
    let len = group.iter().map(|l| l.length()).sum::<f32>() / group.len() as f32;
    // components per line relative to the line's length in heights: dense, regular print
    let density = chars as f32 / group.len() as f32 / (len / h).max(1.0);
    let score = group.len().min(3) as f32 * 10.0 + (len / h).min(45.0) + 10.0 * density.min(1.3);
    Band {
        along: [1.0, 0.0],
        lines: group
            .iter()
            .map(|l| BandLine {
                first: l.first,
                last: l.last,
                components: l.n,
                centers: l.centers.clone(),
            })
            .collect(),
        char_height: h,
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{fit_line, Comp};
    use super::*;

    /// A line of `xs.len()` character boxes 20 px tall centred at `xs`, on height `y`.
    fn line_at(xs: &[f32], y: f32) -> TextLine {
        let comps: Vec<Comp> = xs
            .iter()
            .map(|&x| Comp {
                x0: x - 6.0,
                y0: y - 10.0,
                x1: x + 6.0,
                y1: y + 10.0,
            })
            .collect();
        fit_line(&comps).expect("a line")
    }

    /// `n` cells of an MRZ line at a pitch of 17 px from `x0`.
    fn cells(x0: f32, n: usize) -> Vec<f32> {
        (0..n).map(|i| x0 + 17.0 * i as f32).collect()
    }

    /// Two MRZ lines whose ends agree group as before.
    #[test]
    fn aligned_lines_group() {
        let a = line_at(&cells(100.0, 44), 200.0);
        let b = line_at(&cells(100.0, 44), 240.0);
        assert!(compatible(&a, &b));
        let bands = group_bands(&[a, b]);
        assert_eq!(bands.len(), 1);
        assert!(bands[0].lines.iter().all(|l| l.components == 44));
    }

    /// One line's chain broke at a faint character (it starts 14 cells late) but ends with the
    /// other, at the same pitch: still one band, the complete line kept whole (the reader
    /// realigns the short one).
    #[test]
    fn broken_chain_still_groups() {
        let a = line_at(&cells(100.0 + 14.0 * 17.0, 30), 200.0);
        let b = line_at(&cells(100.0, 44), 240.0);
        assert!(compatible(&a, &b));
        let bands = group_bands(&[a, b]);
        assert_eq!(bands.len(), 1);
        assert_eq!(bands[0].lines[1].components, 44);
        assert_eq!(bands[0].lines[0].components, 30);
    }

    /// A line whose chain ran on through background marks (irregularly spaced) to the image
    /// edge groups with its neighbour by their common end and overlap, and is trimmed back to
    /// the cell grid: the marks are dropped.
    #[test]
    fn run_on_line_is_trimmed_to_the_grid() {
        let mut xs = vec![5.0, 40.0, 62.0, 98.0];
        let start = xs.len();
        xs.extend(cells(130.0, 30));
        let a = line_at(&xs, 200.0);
        let b = line_at(&cells(130.0, 30), 240.0);
        assert!(a.pitch().1 >= MIN_REGULAR, "mostly monospaced");
        assert!(compatible(&a, &b));
        let bands = group_bands(&[a, b.clone()]);
        assert_eq!(bands.len(), 1);
        let trimmed = &bands[0].lines[0];
        assert_eq!(trimmed.components, xs.len() - start);
        assert!((trimmed.first[0] - 130.0).abs() < 1.0);
        assert_eq!(bands[0].lines[1].components, 30);
    }

    /// Left-aligned lines of proportional print (narrow and wide letters, word spaces) share a
    /// start but not an MRZ's one pitch: no band, unless their ends agree too.
    #[test]
    fn left_aligned_text_does_not_group() {
        let mut x = 100.0;
        let mut xs = Vec::new();
        for (i, w) in [9.0, 14.0, 22.0, 9.0, 30.0, 12.0, 16.0, 9.0, 26.0, 14.0]
            .iter()
            .cycle()
            .take(30)
            .enumerate()
        {
            x += w + if i % 6 == 5 { 18.0 } else { 0.0 };
            xs.push(x);
        }
        let a = line_at(&xs, 200.0);
        let b = line_at(&cells(100.0, 20), 240.0);
        assert!(a.pitch().1 < MIN_REGULAR);
        assert!(!compatible(&a, &b));
    }

    /// Three lines group as one zone only when evenly spaced.
    #[test]
    fn three_lines_need_an_even_pitch() {
        let a = line_at(&cells(100.0, 30), 200.0);
        let b = line_at(&cells(100.0, 30), 240.0);
        let c = line_at(&cells(100.0, 30), 280.0);
        let far = line_at(&cells(100.0, 30), 300.0);
        assert!(even_pitch(&a, &b, &c));
        assert!(!even_pitch(&a, &b, &far));
        assert_eq!(group_bands(&[a.clone(), b.clone(), c])[0].lines.len(), 3);
    }
}

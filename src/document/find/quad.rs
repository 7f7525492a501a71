//! Steps 4–5 of the outline search: the quadrilateral of four lines best backed by edges, and
//! its sides refitted to their edge pixels.

use super::*;
use std::collections::HashMap;

pub(super) struct Quad {
    /// Working-copy pixels, in no particular order.
    pub(super) corners: [[f32; 2]; 4],
    /// The sides' lines: corner i lies on lines[i] and lines[(i + 1) % 4].
    pub(super) lines: [Line; 4],
    pub(super) support: f32,
}

impl Quad {
    /// 5. Refits each side to the edge pixels along it and intersects again.
    pub(super) fn refined(&self, e: &Edges) -> [[f32; 2]; 4] {
        let c = self.corners;
        // side i runs from corner (i + 3) % 4 to corner i along lines[i]
        let fitted: Vec<Line> = (0..4)
            .map(|i| {
                let l = &self.lines[i];
                if l.frame {
                    *l
                } else {
                    refit(e, l, c[(i + 3) % 4], c[i]).unwrap_or(*l)
                }
            })
            .collect();
        let mut out = c;
        for i in 0..4 {
            if let Some(p) = fitted[i].intersect(&fitted[(i + 1) % 4]) {
                if crate::document::dist(p, c[i]) < 6.0 {
                    out[i] = p;
                }
            }
        }
        self.extended(out, e.w as u32, e.h as u32)
    }

    /// 7. When a side is the frame's border, the document runs off the frame there: slide the two
    ///    corners on the border outwards along their sides until the outline has the nearest
    ///    document proportions (ID-1 1.586 or passport 1.42) it can reach, so that the corners
    ///    lie where the document's would be, outside the frame.
    pub(super) fn extended(&self, c: [[f32; 2]; 4], w: u32, h: u32) -> [[f32; 2]; 4] {
        let Some(f) = self.lines.iter().position(|l| l.frame) else {
            return c;
        };
        let (near_a, far_a) = (f, (f + 1) % 4);
        let (near_b, far_b) = ((f + 3) % 4, (f + 2) % 4);
        let at = |t: f32| -> [[f32; 2]; 4] {
            let mut o = c;
            for (n, fa) in [(near_a, far_a), (near_b, far_b)] {
                o[n] = [
                    c[fa][0] + t * (c[n][0] - c[fa][0]),
                    c[fa][1] + t * (c[n][1] - c[fa][1]),
                ];
            }
            o
        };
        let aspect = |q: &[[f32; 2]; 4]| -> Option<f32> {
            let p = Pose::of(&order_corners(*q), w, h)?;
            Some(p.aspect_wh.max(1.0 / p.aspect_wh))
        };
        let Some(a0) = aspect(&c) else {
            return c;
        };
        let extended_len =
            crate::document::dist(c[near_a], c[far_a]) + crate::document::dist(c[near_b], c[far_b]);
        let other_len =
            crate::document::dist(c[near_a], c[near_b]) + crate::document::dist(c[far_a], c[far_b]);
        let shapes = [
            crate::document::PASSPORT_MM.0 / crate::document::PASSPORT_MM.1,
            crate::document::CARD_MM.0 / crate::document::CARD_MM.1,
        ];
        let target = if extended_len >= other_len {
            shapes
                .iter()
                .copied()
                .filter(|s| *s > a0)
                .fold(f32::MAX, f32::min)
        } else {
            shapes
                .iter()
                .copied()
                .filter(|s| *s < a0)
                .fold(f32::MIN, f32::max)
        };
        if !target.is_finite() || target == f32::MAX || target == f32::MIN {
            return c;
        }
        let mut t = 1.0;
        while t < 1.8 {
            t += 0.01;
            let q = at(t);
            match aspect(&q) {
                Some(a) if (a - target).abs() < 0.01 || (a > target) == (a0 < target) => return q,
                Some(_) => {}
                None => return c,
            }
        }
        c
    }
}

/// What the edges say about one side of a candidate outline: the segment a→b on its line.
#[derive(Clone, Copy)]
struct Side {
    /// In-frame samples of the segment ([`side_support`]).
    inside: u32,
    /// Those backed by an edge of the line's direction.
    hits: u32,
    /// Backed samples on the line's continuation past either corner (12 % of the side's
    /// length each way): a true corner ends the edge, an edge running on is a longer line.
    overshoot: u32,
}

impl Side {
    fn of(e: &Edges, l: &Line, a: [f32; 2], b: [f32; 2]) -> Side {
        let (inside, hits) = side_support(e, l, a, b);
        let ext = 0.12 * crate::document::dist(a, b);
        let u = [
            (b[0] - a[0]) / crate::document::dist(a, b),
            (b[1] - a[1]) / crate::document::dist(a, b),
        ];
        let a_out = [a[0] - u[0] * ext, a[1] - u[1] * ext];
        let b_out = [b[0] + u[0] * ext, b[1] + u[1] * ext];
        Side {
            inside,
            hits,
            overshoot: side_support(e, l, a_out, a).1 + side_support(e, l, b, b_out).1,
        }
    }
}

/// Edge support of the segment a→b lying on `line`: (in-frame samples, backed samples).
pub(super) fn side_support(e: &Edges, line: &Line, a: [f32; 2], b: [f32; 2]) -> (u32, u32) {
    let len = crate::document::dist(a, b);
    let n = (len / 1.5).ceil().max(1.0) as usize;
    let bin = bin_of(line.theta.rem_euclid(std::f32::consts::PI));
    let (mut inside, mut hits) = (0, 0);
    let (xmax, ymax) = ((e.w - 3) as f32, (e.h - 3) as f32);
    // skip the ends: rounded card corners leave the outline there
    for i in 0..=n {
        let t = i as f32 / n as f32;
        if !(0.03..=0.97).contains(&t) {
            continue;
        }
        let (x, y) = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]));
        if x < 2.0 || y < 2.0 || x > xmax || y > ymax {
            continue;
        }
        inside += 1;
        if e.backs(x, y, bin) {
            hits += 1;
        }
    }
    (inside, hits)
}

pub(super) fn best_quad(lines: &[Line], e: &Edges, off_frame: bool) -> Option<Quad> {
    let (wf, hf) = (e.w as f32, e.h as f32);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for i in 0..lines.len() {
        for j in i + 1..lines.len() {
            if (lines[i].frame || lines[j].frame)
                && (!off_frame || lines[i].frame == lines[j].frame)
            {
                continue;
            }
            if angle_between(&lines[i], &lines[j]) > PARALLEL_DEG {
                continue;
            }
            // separation at the frame centre
            let c = [wf / 2.0, hf / 2.0];
            let d = |l: &Line| c[0] * l.theta.cos() + c[1] * l.theta.sin() - l.rho;
            let same_dir = (lines[i].theta.cos() * lines[j].theta.cos()
                + lines[i].theta.sin() * lines[j].theta.sin())
                > 0.0;
            let sep = if same_dir {
                (d(&lines[i]) - d(&lines[j])).abs()
            } else {
                (d(&lines[i]) + d(&lines[j])).abs()
            };
            if sep < 0.08 * wf.min(hf) {
                continue;
            }
            pairs.push((i, j));
        }
    }
    let mut best: Option<(f32, Quad)> = None;
    // a side (its line and both corners) recurs in many quadrilaterals: measured once
    let mut measured: HashMap<(usize, [u32; 4]), Side> = HashMap::new();
    for (p, &(a1, a2)) in pairs.iter().enumerate() {
        for &(b1, b2) in &pairs[p + 1..] {
            if a1 == b1 || a1 == b2 || a2 == b1 || a2 == b2 {
                continue;
            }
            let (la1, la2, lb1, lb2) = (&lines[a1], &lines[a2], &lines[b1], &lines[b2]);
            if [la1, la2, lb1, lb2].iter().filter(|l| l.frame).count() > 1 {
                continue;
            }
            let cross = angle_between(la1, lb1);
            if cross < 50.0 {
                continue;
            }
            let (Some(c0), Some(c1), Some(c2), Some(c3)) = (
                la1.intersect(lb1),
                lb1.intersect(la2),
                la2.intersect(lb2),
                lb2.intersect(la1),
            ) else {
                continue;
            };
            let cs = [c0, c1, c2, c3];
            if cs
                .iter()
                .any(|c| c[0] < -0.5 * wf || c[0] > 1.5 * wf || c[1] < -0.5 * hf || c[1] > 1.5 * hf)
            {
                continue;
            }
            let area = polygon_area(&cs);
            if area < MIN_AREA_SHARE * wf * hf || !convex(&cs) {
                continue;
            }
            // a document running off one edge of a photo leaves background on the others; one
            // covering most of the frame is a scan cropped to it (its own edges are the frame's)
            let off = [la1, la2, lb1, lb2].iter().any(|l| l.frame);
            if off && area > MAX_OFF_FRAME_AREA * wf * hf {
                continue;
            }
            let ordered = order_corners(cs);
            let Some(pose) = Pose::of(&ordered, e.w as u32, e.h as u32) else {
                continue;
            };
            let asp = pose.aspect_wh.max(1.0 / pose.aspect_wh);
            if asp < ASPECT_RANGE.0 || asp > ASPECT_RANGE.1 {
                continue;
            }
            let sides = [(a1, c3, c0), (b1, c0, c1), (a2, c1, c2), (b2, c2, c3)];
            let mut ok = true;
            let (mut inside, mut hits, mut overshoot) = (0u32, 0u32, 0u32);
            let mut seen_sides = 0;
            for (li, a, b) in sides {
                let l = &lines[li];
                if l.frame {
                    continue;
                }
                let side = *measured
                    .entry((li, [a[0], a[1], b[0], b[1]].map(f32::to_bits)))
                    .or_insert_with(|| Side::of(e, l, a, b));
                let (n, k) = (side.inside, side.hits);
                if n >= 10 {
                    if (k as f32) < MIN_SIDE_SUPPORT * n as f32 {
                        ok = false;
                        break;
                    }
                    seen_sides += 1;
                }
                // a side running out of the frame counts at its full length (up to 1.5× its
                // in-frame part), at the support ratio seen in the frame: a cut-off corner
                // must not make a smaller quadrilateral inside the document look better
                let full = (crate::document::dist(a, b) / 1.5)
                    .min(1.5 * n as f32)
                    .max(n as f32);
                let scale = if n > 0 { full / n as f32 } else { 0.0 };
                inside += (n as f32 * scale) as u32;
                hits += (k as f32 * scale) as u32;
                overshoot += side.overshoot;
            }
            if !ok || seen_sides < 3 {
                continue;
            }
            let score = hits as f32
                - MISS_WEIGHT * (inside - hits) as f32
                - OVERSHOOT_WEIGHT * overshoot as f32;
            // the outline must be mostly backed by edges and not run on past its corners
            if score < MIN_SCORE_SHARE * inside as f32 {
                continue;
            }
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((
                    score,
                    Quad {
                        corners: cs,
                        lines: [*la1, *lb1, *la2, *lb2],
                        support: hits as f32 / inside.max(1) as f32,
                    },
                ));
            }
        }
    }
    best.map(|(_, q)| q)
}

pub(super) fn polygon_area(c: &[[f32; 2]; 4]) -> f32 {
    let mut s = 0.0;
    for i in 0..4 {
        let j = (i + 1) % 4;
        s += c[i][0] * c[j][1] - c[j][0] * c[i][1];
    }
    s.abs() / 2.0
}

pub(super) fn convex(c: &[[f32; 2]; 4]) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b, d) = (c[i], c[(i + 1) % 4], c[(i + 2) % 4]);
        let z = (b[0] - a[0]) * (d[1] - b[1]) - (b[1] - a[1]) * (d[0] - b[0]);
        if z.abs() < 1e-6 {
            return false;
        }
        if sign == 0.0 {
            sign = z.signum();
        } else if z.signum() != sign {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From the card's lines, the best quadrilateral is the card: each corner within 2 px, and
    /// backed by edges all round.
    #[test]
    fn best_quad_of_a_card_is_the_card() {
        let e = Edges::of(&super::super::tests::pale_card_on_dark_desk());
        let q = best_quad(&hough(&e), &e, false).expect("a quadrilateral");
        for want in [[99.5, 79.5], [299.5, 79.5], [299.5, 205.5], [99.5, 205.5]] {
            assert!(
                q.corners
                    .iter()
                    .any(|c| (c[0] - want[0]).abs() < 2.0 && (c[1] - want[1]).abs() < 2.0),
                "no corner at {want:?}: {:?}",
                q.corners
            );
        }
        assert!(q.support > 0.9, "support {}", q.support);
        assert!(convex(&q.corners));
    }
}

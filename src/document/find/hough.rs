//! Step 3 of the outline search: lines by a Hough transform voted along the gradient, each
//! refitted to the edge pixels along it, run by run; the frame's borders as stand-in lines.

use super::*;

/// A line `x cos θ + y sin θ = ρ`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) theta: f32,
    pub(super) rho: f32,
    /// A border of the frame, standing in for a side of the document that lies outside it.
    pub(super) frame: bool,
}

impl Line {
    pub(super) fn intersect(&self, o: &Line) -> Option<[f32; 2]> {
        let (a1, b1) = (self.theta.cos(), self.theta.sin());
        let (a2, b2) = (o.theta.cos(), o.theta.sin());
        let det = a1 * b2 - a2 * b1;
        if det.abs() < 1e-4 {
            return None;
        }
        Some([
            (self.rho * b2 - o.rho * b1) / det,
            (a1 * o.rho - a2 * self.rho) / det,
        ])
    }
}

/// Angle between two line directions, degrees in [0, 90].
pub(super) fn angle_between(a: &Line, b: &Line) -> f32 {
    let d = (a.theta - b.theta).to_degrees().rem_euclid(180.0);
    d.min(180.0 - d)
}

pub(super) fn hough(e: &Edges) -> Vec<Line> {
    let n_theta = (180.0 / THETA_STEP) as usize;
    let diag = ((e.w * e.w + e.h * e.h) as f32).sqrt().ceil() as usize;
    let n_rho = 2 * diag + 1;
    let mut acc = vec![0u32; n_theta * n_rho];
    let trig: Vec<(f32, f32)> = (0..n_theta)
        .map(|t| {
            let th = (t as f32 * THETA_STEP).to_radians();
            (th.cos(), th.sin())
        })
        .collect();
    let spread = (VOTE_SPREAD_DEG / THETA_STEP) as isize;
    for y in 0..e.h {
        for x in 0..e.w {
            let a = e.angle[y * e.w + x];
            if a.is_nan() {
                continue;
            }
            let weight = (e.mag[y * e.w + x].min(VOTE_CAP) + 0.5) as u32;
            let t0 = (a.to_degrees() / THETA_STEP + 0.5) as isize; // a ≥ 0: rounds half up
            for dt in -spread..=spread {
                let t = (t0 + dt).rem_euclid(n_theta as isize) as usize;
                let (c, s) = trig[t];
                let rho = x as f32 * c + y as f32 * s;
                // half away from zero, as `round` (without its library call)
                let r = ((rho + 0.5f32.copysign(rho)) as isize + diag as isize) as usize;
                acc[t * n_rho + r] += (spread + 1 - dt.abs()) as u32 * weight;
            }
        }
    }
    let mut peaks: Vec<(u32, usize, usize)> = Vec::new();
    for t in 0..n_theta {
        for r in 0..n_rho {
            // votes of a line split over neighbouring ρ bins (paper edge and its contact shadow)
            let v = acc[t * n_rho + r]
                + (acc[t * n_rho + r.saturating_sub(1)] + acc[t * n_rho + (r + 1).min(n_rho - 1)])
                    / 2;
            if v >= MIN_VOTES {
                peaks.push((v, t, r));
            }
        }
    }
    peaks.sort_unstable_by_key(|p| std::cmp::Reverse(p.0));
    let same = |l: &Line, c: &Line, deg: f32, px: f32| {
        if angle_between(l, c) > deg {
            return false;
        }
        let flipped = (l.theta - c.theta).abs() > std::f32::consts::FRAC_PI_2;
        let dr = if flipped {
            (l.rho + c.rho).abs()
        } else {
            (l.rho - c.rho).abs()
        };
        dr < px
    };
    let mut lines: Vec<(Line, usize)> = Vec::new();
    let mut raw: Vec<Line> = Vec::new();
    for (_, t, r) in peaks.into_iter().take(MAX_PEAKS) {
        let peak = Line {
            theta: (t as f32 * THETA_STEP).to_radians(),
            rho: r as f32 - diag as f32,
            frame: false,
        };
        if raw.iter().any(|l| same(l, &peak, 3.0, 8.0)) {
            continue;
        }
        raw.push(peak);
        for (cand, strength) in sharpen(e, &peak) {
            // refitted lines are precise: only a near-copy is the same line (a seam 5 px from a
            // page's edge is another line)
            if !lines.iter().any(|(l, _)| same(l, &cand, 1.0, 3.0)) {
                lines.push((cand, strength));
            }
        }
        if lines.len() >= MAX_CANDIDATES {
            break;
        }
    }
    // the longest, strongest runs of edge win: wood grain and text give many short or faint ones
    lines.sort_by_key(|l| std::cmp::Reverse(l.1));
    lines.truncate(MAX_LINES);
    let mut lines: Vec<Line> = lines.into_iter().map(|(l, _)| l).collect();
    // a side lying wholly outside the frame is stood in for by the frame's border
    lines.extend(frame_lines(e.w, e.h));
    lines
}

/// Edge pixels within 2.5 px of `line` between a and b (ends trimmed by 3 %) whose direction is
/// within 6° of the line's, with their position along a→b: (t, x, y), sorted by t.
pub(super) fn support_points(
    e: &Edges,
    line: &Line,
    a: [f32; 2],
    b: [f32; 2],
) -> Vec<(f32, f64, f64)> {
    let (nx, ny) = (line.theta.cos(), line.theta.sin());
    let len = crate::document::dist(a, b);
    if len < 2.0 {
        return Vec::new();
    }
    let (ux, uy) = ((b[0] - a[0]) / len, (b[1] - a[1]) / len);
    let th = line.theta.rem_euclid(std::f32::consts::PI);
    let mut idx: Vec<usize> = Vec::new();
    for i in 0..=len.ceil() as usize {
        let t = i as f32;
        if t < 0.03 * len || t > 0.97 * len {
            continue;
        }
        for o in -5..=5 {
            let o = o as f32 * 0.5;
            let (x, y) = (a[0] + ux * t + nx * o, a[1] + uy * t + ny * o);
            if x < 0.0 || y < 0.0 || x > (e.w - 1) as f32 || y > (e.h - 1) as f32 {
                continue;
            }
            let k = (y + 0.5) as usize * e.w + (x + 0.5) as usize;
            let ang = e.angle[k];
            if ang.is_nan() {
                continue;
            }
            let d = (ang - th).abs();
            if d.min(std::f32::consts::PI - d) <= 6f32.to_radians() {
                idx.push(k);
            }
        }
    }
    idx.sort_unstable();
    idx.dedup();
    let mut pts: Vec<(f32, f64, f64)> = idx
        .into_iter()
        .map(|k| {
            let (x, y) = ((k % e.w) as f32, (k / e.w) as f32);
            ((x - a[0]) * ux + (y - a[1]) * uy, x as f64, y as f64)
        })
        .collect();
    pts.sort_by(|p, q| p.0.total_cmp(&q.0));
    pts
}

/// Total-least-squares line through points; `None` for fewer than 10.
pub(super) fn tls(pts: &[(f32, f64, f64)]) -> Option<Line> {
    if pts.len() < 10 {
        return None;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.2).sum::<f64>() / n;
    let (mut sxx, mut syy, mut sxy) = (0f64, 0f64, 0f64);
    for &(_, x, y) in pts {
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
        sxy += (x - mx) * (y - my);
    }
    // the line's direction is the scatter matrix's major axis; its normal is θ
    let phi = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let theta = (phi + std::f64::consts::FRAC_PI_2).rem_euclid(std::f64::consts::PI) as f32;
    let rho = (mx * (theta as f64).cos() + my * (theta as f64).sin()) as f32;
    Some(Line {
        theta,
        rho,
        frame: false,
    })
}

/// Least-squares refit of `line` to its edge pixels between a and b.
pub(super) fn refit(e: &Edges, line: &Line, a: [f32; 2], b: [f32; 2]) -> Option<Line> {
    tls(&support_points(e, line, a, b))
}

/// Largest gap (px) within one run of edge pixels along a line.
pub(super) const RUN_GAP: f32 = 8.0;
/// Weakest mean gradient of a run kept as a line (grey levels per px): wood grain runs at 2–3,
/// the faintest document edge in the fixtures (a pale page on a white table, no shadow side) ~6.
pub(super) const MIN_RUN_GRADIENT: f32 = 3.0;
/// Shortest run refitted as a line of its own, px.
pub(super) const MIN_RUN: f32 = 50.0;

/// The part of `line` inside the frame, as two points.
pub(super) fn clip(line: &Line, w: usize, h: usize) -> Option<([f32; 2], [f32; 2])> {
    let (wf, hf) = ((w - 1) as f32, (h - 1) as f32);
    let borders = frame_lines(w, h);
    let mut pts: Vec<[f32; 2]> = borders
        .iter()
        .filter_map(|b| line.intersect(b))
        .filter(|p| p[0] >= -0.5 && p[0] <= wf + 0.5 && p[1] >= -0.5 && p[1] <= hf + 0.5)
        .collect();
    pts.sort_by(|p, q| (p[0] + 3.0 * p[1]).total_cmp(&(q[0] + 3.0 * q[1])));
    match pts.as_slice() {
        [first, .., last] if crate::document::dist(*first, *last) > 2.0 => Some((*first, *last)),
        _ => None,
    }
}

/// The four borders of a w×h frame as lines.
pub(super) fn frame_lines(w: usize, h: usize) -> [Line; 4] {
    let (wf, hf) = ((w - 1) as f32, (h - 1) as f32);
    [
        Line {
            theta: std::f32::consts::FRAC_PI_2,
            rho: 0.0,
            frame: true,
        },
        Line {
            theta: std::f32::consts::FRAC_PI_2,
            rho: hf,
            frame: true,
        },
        Line {
            theta: 0.0,
            rho: 0.0,
            frame: true,
        },
        Line {
            theta: 0.0,
            rho: wf,
            frame: true,
        },
    ]
}

/// Refits a Hough line to the edge pixels along it, run by run: a page's edge and a table edge
/// or a patch of clutter nearly in line with it are separate runs and become separate lines, each
/// landing on the edge it came from (a single fit across both would match neither).
pub(super) fn sharpen(e: &Edges, line: &Line) -> Vec<(Line, usize)> {
    let Some((a, b)) = clip(line, e.w, e.h) else {
        return Vec::new();
    };
    let pts = support_points(e, line, a, b);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=pts.len() {
        if i == pts.len() || pts[i].0 - pts[i - 1].0 > RUN_GAP {
            let run = &pts[start..i];
            if run.len() >= 2 && run[run.len() - 1].0 - run[0].0 >= MIN_RUN {
                let mags = run.iter().map(|p| e.mag[p.2 as usize * e.w + p.1 as usize]);
                let mean = mags.clone().sum::<f32>() / run.len() as f32;
                if mean < MIN_RUN_GRADIENT {
                    start = i;
                    continue;
                }
                if let Some(l) = tls(run) {
                    let strength = mags.map(|m| m.min(VOTE_CAP) as usize).sum::<usize>();
                    // once more over the refitted line's own pixels along the run
                    let (ra, rb) = (
                        [
                            a[0] + (b[0] - a[0]) * run[0].0 / crate::document::dist(a, b),
                            a[1] + (b[1] - a[1]) * run[0].0 / crate::document::dist(a, b),
                        ],
                        [
                            a[0] + (b[0] - a[0]) * run[run.len() - 1].0
                                / crate::document::dist(a, b),
                            a[1] + (b[1] - a[1]) * run[run.len() - 1].0
                                / crate::document::dist(a, b),
                        ],
                    );
                    out.push((refit(e, &l, ra, rb).unwrap_or(l), strength));
                }
            }
            start = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The card's four sides are among the lines, within 1.5 px and 1°.
    #[test]
    fn hough_finds_the_four_sides_of_a_card() {
        let e = Edges::of(&super::super::tests::pale_card_on_dark_desk());
        let lines = hough(&e);
        let has = |theta_deg: f32, rho: f32| {
            lines.iter().filter(|l| !l.frame).any(|l| {
                let (t, r) = (l.theta.to_degrees(), l.rho);
                // the same line may come as (θ, ρ) or (θ ± 180°, −ρ)
                let same = |t: f32, r: f32| (t - theta_deg).abs() < 1.0 && (r - rho).abs() < 1.5;
                same(t, r) || same(t - 180.0, -r) || same(t + 180.0, -r)
            })
        };
        for (t, r) in [(0.0, 99.5), (0.0, 299.5), (90.0, 79.5), (90.0, 205.5)] {
            assert!(has(t, r), "no line at {t}° ρ {r}: {lines:?}");
        }
        // and the frame's four borders stand by
        assert_eq!(lines.iter().filter(|l| l.frame).count(), 4);
    }
}

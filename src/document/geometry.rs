//! Undoing perspective: the aspect ratio and tilt of a rectangle seen as a quadrilateral.
//!
//! Method: Zhang & He, "Whiteboard scanning and image enhancement" (2007), §2: with the corners
//! as homogeneous points m1 (TL), m2 (TR), m3 (BL), m4 (BR) centred on the principal point,
//! `k2 = ((m1×m4)·m3)/((m2×m4)·m3)`, `k3 = ((m1×m4)·m2)/((m3×m4)·m2)`, `n2 = k2 m2 − m1`,
//! `n3 = k3 m3 − m1` are the images of the rectangle's two sides up to scale; dividing their x and
//! y by the focal length gives the sides' directions in camera space, whose lengths give the true
//! aspect ratio and whose cross product is the document's normal.

/// Focal length as a share of the image's long side. Phone main cameras (26 mm equivalent on a
/// 4:3 sensor) have 0.75–0.8; the fixture generator uses 0.8 (tools/fixgen/src/scene.rs).
pub const FOCAL_PER_LONG_SIDE: f32 = 0.8;

/// How a rectangle lies relative to the camera.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pose {
    /// Width over height of the rectangle itself (TL–TR side over TL–BL side).
    pub aspect_wh: f32,
    /// Angle between the rectangle's normal and the camera axis, degrees.
    pub tilt_deg: f32,
}

type V3 = [f64; 3];

fn cross(a: V3, b: V3) -> V3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn dot(a: V3, b: V3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn norm(a: V3) -> f64 {
    dot(a, a).sqrt()
}

impl Pose {
    /// The pose of the rectangle whose image is `corners` (TL, TR, BR, BL) in an image of
    /// `width`×`height` pixels, assuming the principal point at the centre and a focal length of
    /// [`FOCAL_PER_LONG_SIDE`] × the long side. `None` for a degenerate quadrilateral.
    pub fn of(corners: &[[f32; 2]; 4], width: u32, height: u32) -> Option<Pose> {
        let (cx, cy) = (width as f64 / 2.0, height as f64 / 2.0);
        let f = FOCAL_PER_LONG_SIDE as f64 * width.max(height) as f64;
        let m = |i: usize| -> V3 { [corners[i][0] as f64 - cx, corners[i][1] as f64 - cy, f] };
        // Homogeneous points with z = f are the same as (x/f, y/f, 1): the camera rays.
        let (m1, m2, m4, m3) = (m(0), m(1), m(2), m(3));
        let d2 = dot(cross(m2, m4), m3);
        let d3 = dot(cross(m3, m4), m2);
        if d2.abs() < 1e-9 || d3.abs() < 1e-9 {
            return None;
        }
        let k2 = dot(cross(m1, m4), m3) / d2;
        let k3 = dot(cross(m1, m4), m2) / d3;
        let n2 = [k2 * m2[0] - m1[0], k2 * m2[1] - m1[1], k2 * m2[2] - m1[2]];
        let n3 = [k3 * m3[0] - m1[0], k3 * m3[1] - m1[1], k3 * m3[2] - m1[2]];
        let (l2, l3) = (norm(n2), norm(n3));
        if !(l2.is_finite() && l3.is_finite()) || l2 < 1e-9 || l3 < 1e-9 {
            return None;
        }
        let normal = cross(n2, n3);
        let cos = (normal[2].abs() / norm(normal)).clamp(0.0, 1.0);
        Some(Pose {
            aspect_wh: (l2 / l3) as f32,
            tilt_deg: cos.acos().to_degrees() as f32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fronto_parallel_rectangle() {
        let c = [
            [100.0, 100.0],
            [258.6, 100.0],
            [258.6, 200.0],
            [100.0, 200.0],
        ];
        let p = Pose::of(&c, 400, 300).unwrap();
        assert!((p.aspect_wh - 1.586).abs() < 0.01, "{p:?}");
        assert!(p.tilt_deg < 0.5, "{p:?}");
    }

    #[test]
    fn fixture_td3_desk_clean_001() {
        // fixtures/manifest.jsonl: tilt_deg 5.4, passport page (aspect 1.42)
        let c = [
            [291.0, 96.5],
            [1268.6, 164.9],
            [1236.4, 877.8],
            [210.8, 788.8],
        ];
        let p = Pose::of(&c, 1600, 1200).unwrap();
        assert!((p.aspect_wh - 1.42).abs() < 0.03, "{p:?}");
        assert!((p.tilt_deg - 5.4).abs() < 1.0, "{p:?}");
    }
}

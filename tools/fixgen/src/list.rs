//! The fixture list: every fixture's document, scene and defects, in manifest order.

use super::*;

struct Builder {
    docs: Vec<Doc>,
    entries: Vec<Entry>,
}

fn doc_index(docs: &[Doc], key: &str) -> usize {
    docs.iter()
        .position(|d| d.key == key)
        .unwrap_or_else(|| panic!("no doc {key}"))
}

impl Builder {
    fn add(
        &mut self,
        key: &str,
        side: Side,
        bg: Bg,
        tag: &str,
        form_case: &'static str,
        f: impl FnOnce(&mut Spec),
    ) -> &mut Entry {
        let n = self.entries.len() + 1;
        let di = doc_index(&self.docs, key);
        let doc = &self.docs[di];
        let prefix = match (doc.base, side) {
            (Base::Passport, _) => "td3",
            (Base::IdCard, Side::Front) => "td1f",
            (Base::IdCard, Side::Back) => "td1b",
            (Base::Licence, _) => "dl",
        };
        let seed = 0x6b79_6300_0000 + n as u64 * 7919;
        let mut lr = ChaCha8Rng::seed_from_u64(seed ^ 0x5151);
        let mut spec = Spec::new("", di, side, bg, seed);
        spec.rot = (lr.gen::<f32>() - 0.5) * 12.0;
        spec.tilt_x = lr.gen::<f32>() * 7.0;
        spec.tilt_y = (lr.gen::<f32>() - 0.5) * 8.0;
        spec.fill = 0.58 + lr.gen::<f32>() * 0.16;
        spec.noise = 0.6 + lr.gen::<f32>() * 0.6;
        spec.quality = 80 + lr.gen_range(0..5u8);
        f(&mut spec);
        let name = format!(
            "{}-{}-{}-{:03}.{}",
            prefix,
            if spec.screenshot {
                "screen"
            } else {
                spec.bg.name()
            },
            tag,
            n,
            spec.ext()
        );
        spec.name = name;
        let form = make_form(doc, form_case, n as u64);
        self.entries.push(Entry {
            spec,
            form_case,
            form,
            hard: None,
        });
        self.entries.last_mut().unwrap()
    }
}

fn phone(s: &mut Spec) {
    s.w = 4032;
    s.h = 3024;
    s.noise = 0.6;
    s.quality = 80;
}

pub(crate) fn build(docs: Vec<Doc>) -> Vec<Entry> {
    use Bg::*;
    use Side::{Back, Front};
    let mut b = Builder {
        docs,
        entries: vec![],
    };

    // ---------------- clean, correct form ----------------
    for (k, side, bg) in [
        ("p01", Front, Desk),
        ("p02", Front, Wood),
        ("p03", Front, Clutter),
        ("p04", Front, White),
        ("p05", Front, Desk),
        ("p06", Front, Wood),
        ("p07", Front, Clutter),
        ("p08", Front, Desk),
        ("p09", Front, Wood),
        ("c01", Front, Desk),
        ("c01", Back, Wood),
        ("c02", Front, Clutter),
        ("c02", Back, Desk),
        ("c04", Front, Wood),
        ("c04", Back, Clutter),
        ("d01", Front, Desk),
        ("d02", Front, Wood),
        ("d03", Front, Clutter),
    ] {
        b.add(k, side, bg, "clean", "correct", |_| {});
    }
    b.add("p01", Front, Wood, "phone-clean", "correct", phone);
    b.add("p06", Front, Desk, "phone-clean", "correct", phone);
    b.add("c01", Front, Clutter, "phone-clean", "correct", phone);
    b.add("d02", Front, White, "phone-clean", "correct", phone);
    b.add("p02", Front, Wood, "exif6-clean", "correct", |s| {
        phone(s);
        s.w = 3024;
        s.h = 4032;
        s.fill = 0.8;
        s.orient = Orient::Exif(6);
    });
    b.add("p03", Front, Desk, "exif8-clean", "correct", |s| {
        s.w = 1200;
        s.h = 1600;
        s.fill = 0.8;
        s.orient = Orient::Exif(8);
    });
    b.add("c02", Back, Wood, "exif3-clean", "correct", |s| {
        s.orient = Orient::Exif(3)
    });
    b.add("d01", Front, Clutter, "exif6-clean", "correct", |s| {
        s.w = 1200;
        s.h = 1600;
        s.fill = 0.8;
        s.orient = Orient::Exif(6);
    });
    b.add("p04", Front, Desk, "rot90-clean", "correct", |s| {
        s.orient = Orient::Pix(90)
    });
    b.add("p05", Front, Wood, "rot180-clean", "correct", |s| {
        s.orient = Orient::Pix(180)
    });
    b.add("c04", Front, Desk, "rot270-clean", "correct", |s| {
        s.orient = Orient::Pix(270)
    });
    b.add("p07", Front, Desk, "dim-clean", "correct", |s| {
        s.gain = 0.62
    });
    b.add("c01", Back, Wood, "dim-clean", "correct", |s| s.gain = 0.58);
    b.add("p08", Front, Wood, "tilt-clean", "correct", |s| {
        s.tilt_x = 12.0;
        s.tilt_y = 0.0;
    });
    b.add("p09", Front, Clutter, "tilt-clean", "correct", |s| {
        s.tilt_x = 10.5;
        s.tilt_y = 8.0;
    });
    b.add("d03", Front, Desk, "tilt-clean", "correct", |s| {
        s.tilt_x = 0.0;
        s.tilt_y = 11.0;
    });
    b.add("p01", Front, Desk, "warm-clean", "correct", |s| {
        s.cast = [1.06, 0.96, 0.74]
    })
    .hard = Some("warm light (colour cast)");
    b.add("c02", Front, Wood, "warm-clean", "correct", |s| {
        s.cast = [1.02, 0.90, 0.68];
        s.gain = 0.9;
    })
    .hard = Some("warm dim light (colour cast)");
    b.add("c01", Front, White, "white-clean", "correct", |_| {})
        .hard = Some("white card on a white table");
    b.add("c04", Back, White, "white-clean", "correct", |_| {})
        .hard = Some("white card on a white table");
    b.add("p06", Front, White, "white-clean", "correct", |_| {})
        .hard = Some("pale page on a white table");
    b.add("p02", Front, Desk, "camera-sw-clean", "correct", |s| {
        s.software = Some("HDR+ 1.0.540104767zd")
    });
    b.add("c02", Front, Clutter, "camera-sw-clean", "correct", |s| {
        s.software = Some("17.1.2")
    });
    b.add("p03", Front, Wood, "highlight-clean", "correct", |s| {
        s.glare = Some((119.0, 65.5, 0.7, 1.3))
    });
    b.add("p04", Front, Desk, "softfocus-clean", "correct", |s| {
        s.blur_mm = 0.04
    });
    b.add("c02", Back, Clutter, "shake-clean", "correct", |s| {
        s.motion = Some((0.22, 20.0))
    });
    b.add("p05", Front, Clutter, "smallres-clean", "correct", |s| {
        s.fill = 0.56;
        s.rot = 1.0;
        s.tilt_x = 2.0;
        s.tilt_y = 0.0;
    })
    .hard = Some("document smaller in the frame, still above 165 dpi");
    b.add("p07", Front, Wood, "bright-clean", "correct", |s| {
        s.wash = 0.2
    });

    // ---------------- form mistakes on clean photos ----------------
    let forms: &[(&str, Side, Bg, &'static str)] = &[
        ("p01", Front, Desk, "name_typo"),
        ("d01", Front, Wood, "name_typo"),
        ("c01", Front, Clutter, "name_typo"),
        ("p02", Front, Wood, "name_order"),
        ("c02", Back, Desk, "name_order"),
        ("p04", Front, Clutter, "missing_middle"),
        ("p08", Front, White, "missing_middle"),
        ("p02", Front, Desk, "no_diacritics"),
        ("p02", Front, Wood, "no_diacritics"),
        ("p05", Front, Clutter, "no_diacritics"),
        ("p04", Front, Wood, "no_diacritics"),
        ("c04", Front, Desk, "no_diacritics"),
        ("d03", Front, Clutter, "no_diacritics"),
        ("p01", Front, Wood, "dob_swapped"),
        ("p07", Front, Clutter, "dob_swapped"),
        ("c01", Back, Desk, "dob_swapped"),
        ("p02", Front, Clutter, "number_confusable"),
        ("p08", Front, Wood, "number_confusable"),
        ("c02", Back, White, "number_confusable"),
        ("d01", Front, Desk, "number_confusable"),
        ("p12", Front, Desk, "expired"),
        ("p13", Front, Wood, "expired"),
        ("p14", Front, Desk, "expiring_30"),
        ("p16", Front, Wood, "expiring_30"),
        ("p15", Front, Clutter, "expiring_90"),
        ("p15", Front, White, "expiring_90"),
        ("p10", Front, Desk, "under_18"),
        ("c03", Front, Wood, "under_18"),
        ("c03", Back, Desk, "under_18"),
        ("p11", Front, Clutter, "just_18"),
        ("p11", Front, Wood, "just_18"),
        ("p03", Front, Desk, "wrong_type_id_for_passport"),
        ("p09", Front, Wood, "wrong_type_id_for_passport"),
        ("c01", Front, Clutter, "wrong_type_passport_for_id"),
        ("c02", Back, White, "wrong_type_passport_for_id"),
    ];
    for &(k, side, bg, case) in forms {
        let tag = case.replace('_', "");
        b.add(k, side, bg, &format!("form-{tag}"), case, |_| {});
    }
    b.add("p12", Front, Clutter, "form-expired", "expired", |_| {});

    // ---------------- image defects (correct form) ----------------
    let pass_docs = [
        "p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09",
    ];
    let bgs = [Desk, Wood, Clutter, White];
    let pd = |i: usize| pass_docs[i % pass_docs.len()];
    let bgi = |i: usize| bgs[i % 3];

    // gaussian blur (total sigma in mm on the document)
    for (i, &sg) in [0.06f32, 0.12, 0.17, 0.25, 0.35, 0.5, 0.8]
        .iter()
        .enumerate()
    {
        b.add(pd(i), Front, bgi(i), "blur", "correct", |s| s.blur_mm = sg);
    }
    b.add("c01", Back, Desk, "blur", "correct", |s| s.blur_mm = 0.3);
    b.add("c02", Front, Wood, "blur", "correct", |s| s.blur_mm = 0.25);
    b.add("d01", Front, Clutter, "blur", "correct", |s| {
        s.blur_mm = 0.4
    });
    b.add("c04", Back, Wood, "blur", "correct", |s| s.blur_mm = 0.14);
    b.add("p05", Front, Desk, "phone-blur", "correct", |s| {
        phone(s);
        s.blur_mm = 0.3;
    });
    // motion blur (smear length in mm on the document)
    for (i, &l) in [0.25f32, 0.5, 0.7, 1.0, 1.5, 2.5, 4.0].iter().enumerate() {
        b.add(pd(i + 3), Front, bgi(i + 1), "motion", "correct", |s| {
            s.motion = Some((l, [0.0, 15.0, 80.0, 35.0, 120.0, 5.0, 60.0][i]))
        });
    }
    b.add("d02", Front, Desk, "motion", "correct", |s| {
        s.motion = Some((1.2, 10.0))
    });
    b.add("c04", Back, Clutter, "motion", "correct", |s| {
        s.motion = Some((2.0, 95.0))
    });
    // glare: (x mm, y mm, sigma mm, elongation)
    let glares: &[Placed<(f32, f32, f32, f32)>] = &[
        ("p01", Front, (60.0, 76.0, 1.0, 1.4)),
        ("p02", Front, (45.0, 75.0, 2.0, 1.6)),
        ("p03", Front, (70.0, 77.0, 4.0, 1.8)),
        ("p04", Front, (60.0, 25.0, 1.0, 1.3)),
        ("p05", Front, (75.0, 32.0, 2.5, 1.5)),
        ("p06", Front, (21.0, 33.0, 1.5, 1.2)),
        ("p07", Front, (20.0, 35.0, 3.5, 1.4)),
        ("p08", Front, (62.0, 44.0, 8.0, 1.5)),
        ("p09", Front, (119.0, 4.5, 3.2, 1.2)),
        ("p01", Front, (117.0, 4.5, 1.6, 1.2)),
        ("c01", Back, (40.0, 43.0, 2.5, 1.5)),
        ("c02", Front, (50.0, 20.0, 2.0, 1.4)),
        ("d02", Front, (15.0, 25.0, 2.5, 1.3)),
    ];
    for (i, &(k, side, g)) in glares.iter().enumerate() {
        b.add(k, side, bgi(i), "glare", "correct", |s| s.glare = Some(g));
    }
    b.add("p06", Front, Wood, "phone-glare", "correct", |s| {
        phone(s);
        s.glare = Some((80.0, 76.0, 3.0, 1.6));
    });
    // corner cut: (corner, mm outside)
    let cuts: &[(&str, Side, usize, f32)] = &[
        ("p01", Front, 0, 0.6),
        ("p02", Front, 0, 5.0),
        ("p03", Front, 1, 3.0),
        ("p04", Front, 2, 8.0),
        ("p05", Front, 3, 12.0),
        ("p06", Front, 1, 1.5),
        ("c01", Front, 2, 4.0),
        ("d03", Front, 0, 6.0),
        ("c02", Back, 3, 3.0),
    ];
    for (i, &(k, side, c, d)) in cuts.iter().enumerate() {
        b.add(k, side, bgi(i), "cornercut", "correct", |s| {
            s.place = Place::CornerCut(c, d);
            s.rot = 5.0 + (i % 3) as f32;
            s.tilt_x = 2.0;
            s.tilt_y = 0.0;
            s.fill = 0.66;
        });
    }
    // too close
    for (i, &(k, side, m)) in [
        ("p07", Front, 0.0f32),
        ("p08", Front, 0.005),
        ("p09", Front, 0.01),
        ("p01", Front, 0.025),
        ("c04", Front, 0.004),
        ("d01", Front, 0.0),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i), "tooclose", "correct", |s| {
            s.place = Place::TooClose(m);
            s.rot = 0.4;
            s.tilt_x = 1.5;
            s.tilt_y = 0.0;
        });
    }
    // finger: (edge, tip x mm, tip y mm, width mm)
    let fingers: &[Placed<(u8, f32, f32, f32)>] = &[
        ("p02", Front, (2, 60.0, 75.0, 17.0)),
        ("p03", Front, (1, 100.0, 25.0, 16.0)),
        ("p04", Front, (3, 20.0, 35.0, 17.0)),
        ("p05", Front, (1, 95.0, 41.0, 15.0)),
        ("p06", Front, (3, 1.2, 64.0, 11.0)),
        ("p07", Front, (2, 30.0, 84.0, 16.0)),
        ("c01", Front, (1, 50.0, 15.0, 15.0)),
        ("c04", Back, (2, 40.0, 45.0, 15.0)),
        ("d03", Front, (3, 12.0, 30.0, 16.0)),
    ];
    for (i, &(k, side, fg)) in fingers.iter().enumerate() {
        b.add(k, side, bgi(i + 2), "finger", "correct", |s| {
            s.finger = Some(fg)
        });
    }
    b.add("p08", Front, Wood, "phone-finger", "correct", |s| {
        phone(s);
        s.finger = Some((1, 104.0, 31.0, 16.0));
    });
    // dark
    for (i, &(k, side, g)) in [
        ("p09", Front, 0.45f32),
        ("p01", Front, 0.32),
        ("p02", Front, 0.22),
        ("p03", Front, 0.14),
        ("c02", Back, 0.25),
        ("d02", Front, 0.3),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i), "dark", "correct", |s| {
            s.gain = g;
            s.noise += 1.5;
        });
    }
    // washed out
    for (i, &(k, side, wv)) in [
        ("p04", Front, 0.4f32),
        ("p05", Front, 0.55),
        ("p06", Front, 0.68),
        ("p07", Front, 0.8),
        ("c01", Front, 0.65),
        ("d01", Front, 0.6),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i + 1), "washed", "correct", |s| s.wash = wv);
    }
    // steep angle
    for (i, &(k, side, tx, ty)) in [
        ("p08", Front, 22.0f32, 0.0f32),
        ("p09", Front, 32.0, 0.0),
        ("p01", Front, 38.0, 5.0),
        ("p02", Front, 0.0, 44.0),
        ("p03", Front, 50.0, 0.0),
        ("c02", Back, 40.0, 0.0),
        ("d03", Front, 5.0, 35.0),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i + 2), "steep", "correct", |s| {
            s.tilt_x = tx;
            s.tilt_y = ty;
            s.rot = s.rot.clamp(-3.0, 3.0);
            s.fill = 0.72;
        });
    }
    // low resolution: wanted document width in px
    for (i, &(k, side, px, w, h)) in [
        ("p04", Front, 760.0f32, 1600u32, 1200u32),
        ("p05", Front, 640.0, 1600, 1200),
        ("p06", Front, 560.0, 1600, 1200),
        ("p07", Front, 480.0, 1600, 1200),
        ("p08", Front, 400.0, 1600, 1200),
        ("p09", Front, 450.0, 640, 480),
        ("c01", Back, 420.0, 800, 600),
        ("d02", Front, 380.0, 1600, 1200),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i), "lowres", "correct", |s| {
            s.w = w;
            s.h = h;
            s.fill = px / w as f32;
            s.rot = s.rot.clamp(-2.0, 2.0);
            s.tilt_x = s.tilt_x.min(2.0);
            s.tilt_y = 0.0;
        });
    }
    // grayscale
    for (i, &(k, side)) in [
        ("p01", Front),
        ("p02", Front),
        ("c04", Back),
        ("d03", Front),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i), "gray", "correct", |s| s.gray = true);
    }
    b.add("p03", Front, Wood, "gray", "correct", |s| s.gray = true);
    // screenshots
    for (i, &(k, side, bg)) in [
        ("p01", Front, Desk),
        ("p06", Front, White),
        ("c01", Front, Desk),
        ("d03", Front, White),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bg, "screenshot", "correct", |s| {
            s.screenshot = true;
            s.w = 900;
            s.h = 1600;
            s.fill = 0.94;
            s.noise = 0.0;
            let _ = i;
        });
    }
    // edited
    b.add("p04", Front, Desk, "edited", "correct", |s| {
        s.software = Some(EDITORS[0])
    });
    b.add("p05", Front, Wood, "edited", "correct", |s| {
        s.software = Some(EDITORS[1]);
        s.w = 1200;
        s.h = 1600;
        s.fill = 0.8;
        s.orient = Orient::Exif(6);
    });
    b.add("c01", Front, Clutter, "edited", "correct", |s| {
        s.software = Some(EDITORS[2])
    });
    b.add("d02", Front, Desk, "edited", "correct", |s| {
        s.software = Some(EDITORS[0])
    });

    // ---------------- combinations ----------------
    b.add("p10", Front, Wood, "combo-gray", "under_18", |s| {
        s.gray = true
    });
    b.add("p13", Front, Desk, "combo-blur", "expired", |s| {
        s.blur_mm = 0.35
    });
    b.add(
        "p09",
        Front,
        Clutter,
        "combo-glare",
        "number_confusable",
        |s| s.glare = Some((20.0, 30.0, 3.0, 1.3)),
    );
    b.add("p15", Front, Wood, "combo-finger", "expiring_90", |s| {
        s.finger = Some((3, 18.0, 40.0, 16.0))
    });
    b.entries
}

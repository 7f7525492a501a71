//! PDF417 decoding on the fixture licence backs (issue 17): the decode rate on the undamaged
//! fixture barcodes (bar: 95 %), and the AAMVA fields equal to the manifest's truth.

mod common;

use common::{manifest, text};
use kyc_check::barcode;

#[test]
fn fixture_barcodes_decode_and_parse() {
    let records: Vec<_> = manifest()
        .into_iter()
        .filter(|r| r.causes.iter().any(|c| c == "barcode"))
        .collect();
    assert!(!records.is_empty(), "no barcode fixtures in the manifest");
    let mut decoded = 0;
    for r in &records {
        let gray = image::open(r.path()).expect("fixture").to_luma8();
        let barcode::Outcome::Found(b) = barcode::decode(&gray, barcode::BUDGET) else {
            println!("not decoded: {}", r.file);
            continue;
        };
        decoded += 1;
        assert_eq!(b.format, "PDF417", "{}", r.file);
        let a = b.aamva.as_ref().expect("AAMVA data");
        let doc = &r.doc;
        assert_eq!(a.doc_number(), text(doc, "doc_number"), "{}", r.file);
        assert_eq!(
            a.dob().map(|d| d.to_string()),
            text(doc, "dob"),
            "{}",
            r.file
        );
        assert_eq!(
            a.expiry().map(|d| d.to_string()),
            text(doc, "expiry"),
            "{}",
            r.file
        );
        let surname = text(doc, "surname").unwrap();
        let folded =
            ::mrz::transliterate(&surname, ::mrz::TransliterationStyle::Simple).replace('<', " ");
        assert_eq!(a.surname().as_deref(), Some(folded.as_str()), "{}", r.file);
        assert_eq!(b.report().raw_len, b.text.chars().count());
    }
    let rate = decoded as f64 / records.len() as f64;
    println!(
        "PDF417 decoded on {decoded} of {} undamaged fixture barcodes ({:.0} %)",
        records.len(),
        rate * 100.0
    );
    assert!(rate >= 0.95, "decode rate {rate:.3} below 0.95");
}

/// The same undamaged barcodes turned (a sideways or upside-down photo) and slightly smaller (a
/// photo from a little further away, modules ~2.6 px): the decoder must still find them. (At
/// 0.8×, modules ~2.3 px, it misses some: the known limit, see `barcode::decode_now`.)
#[test]
fn turned_and_smaller_barcodes_decode() {
    let records: Vec<_> = manifest()
        .into_iter()
        .filter(|r| r.causes.iter().any(|c| c == "barcode"))
        .collect();
    let (mut n, mut decoded) = (0, 0);
    for r in &records {
        let gray = image::open(r.path()).expect("fixture").to_luma8();
        let (w, h) = gray.dimensions();
        let variants = [
            ("rot90", image::imageops::rotate90(&gray)),
            ("rot180", image::imageops::rotate180(&gray)),
            ("rot270", image::imageops::rotate270(&gray)),
            (
                "0.9x",
                image::imageops::resize(
                    &gray,
                    w * 9 / 10,
                    h * 9 / 10,
                    image::imageops::FilterType::Triangle,
                ),
            ),
        ];
        for (label, img) in variants {
            n += 1;
            if matches!(
                barcode::decode(&img, barcode::BUDGET),
                barcode::Outcome::Found(_)
            ) {
                decoded += 1;
            } else {
                println!("not decoded: {} {label}", r.file);
            }
        }
    }
    let rate = decoded as f64 / n as f64;
    println!("PDF417 decoded on {decoded} of {n} turned or smaller fixture barcodes");
    assert!(rate >= 0.95, "decode rate {rate:.3} below 0.95");
}

/// A QR code and an Aztec code, drawn by rxing's encoders at 4 px a module on a light page with a
/// quiet zone: each is found and reported by its format, with its raw length, and its content is
/// not interpreted (no AAMVA fields), as issue 17 asks.
#[test]
fn qr_and_aztec_codes_are_read_but_not_interpreted() {
    use rxing::{BarcodeFormat, Writer};
    let text = "DCSNOT-AAMVA-ANY-TEXT-12345";
    let symbols: [(&str, rxing::common::BitMatrix); 2] = [
        (
            "QR",
            rxing::qrcode::QRCodeWriter
                .encode(text, &BarcodeFormat::QR_CODE, 0, 0)
                .unwrap(),
        ),
        (
            "AZTEC",
            rxing::aztec::AztecWriter
                .encode(text, &BarcodeFormat::AZTEC, 0, 0)
                .unwrap(),
        ),
    ];
    for (format, m) in symbols {
        let (module, quiet) = (4u32, 40u32);
        let side = |n: u32| n * module + 2 * quiet;
        let img = image::GrayImage::from_fn(side(m.width()), side(m.height()), |x, y| {
            let inside = |v: u32, n: u32| v >= quiet && v < quiet + n * module;
            let dark = inside(x, m.width())
                && inside(y, m.height())
                && m.get((x - quiet) / module, (y - quiet) / module);
            image::Luma([if dark { 20 } else { 235 }])
        });
        let barcode::Outcome::Found(b) = barcode::decode(&img, barcode::BUDGET) else {
            panic!("{format} not found");
        };
        assert_eq!(b.format, format);
        assert_eq!(b.text, text);
        assert!(b.aamva.is_none(), "{format}: content interpreted");
        let report = b.report();
        assert_eq!(report.raw_len, text.chars().count());
        assert!(
            matches!(&report.fields, barcode::BarcodeFields::Elements(e) if e.is_empty()),
            "{format}: fields {:?}",
            report.fields
        );
    }
}

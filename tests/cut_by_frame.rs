//! Issue 12, the rule `corners: a document whose MRZ runs into the photo's edge is cut off`
//! (`read::band::Band::frame_edge`, `quality::framing::cut_through_mrz`): a clean fixture
//! passes `corners`; the same photo cropped through its MRZ's first characters fails it, with
//! the edge named, even though no outline is found on the crop (the held-out Onfido cut-off
//! page passed before the rule: the finder took the visible part for the page).
#![cfg(feature = "ocr")]

use chrono::NaiveDate;
use kyc_check::finding::Status;
use kyc_check::form::Form;
use kyc_check::load::{self, Loaded};
use kyc_check::pipeline::{self, Options};

fn corners(loaded: &Loaded) -> (Status, String) {
    let opts = Options::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    let form = Form {
        doc_type: Some(kyc_check::form::DocType::Passport),
        ..Form::default()
    };
    let report = pipeline::check(loaded, &form, &opts);
    // the frame of a cut photo is not the page: its aspect never decides the type (E044)
    assert!(
        report.codes.iter().all(|c| c.code != "E044"),
        "{:?}",
        report.codes
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.check == "corners")
        .expect("a corners finding");
    (f.status, f.message.clone())
}

#[test]
fn a_photo_cropped_through_its_mrz_is_cut_off() {
    let loaded = load::load(std::path::Path::new("fixtures/td3-desk-clean-001.jpg")).unwrap();
    let (status, message) = corners(&loaded);
    assert_eq!(status, Status::Pass, "{message}");

    let gray = image::imageops::grayscale(&loaded.image);
    let bands = kyc_check::read::band::find_bands(&gray);
    let band = bands.first().expect("the fixture's MRZ band");
    let first = band.lines[0].first;
    // from just left of the first glyph's centre (the glyph cut in half) to the right edge
    let x0 = (first[0] - band.char_height * 0.1).max(0.0) as u32;
    let (w, h) = loaded.image.dimensions();
    let crop = image::imageops::crop_imm(&loaded.image, x0, 0, w - x0, h).to_image();
    let (status, message) = corners(&Loaded::from_image(crop));
    assert_eq!(status, Status::Fail, "{message}");
    assert!(message.contains("left edge"), "{message}");
}

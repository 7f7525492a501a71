//! Property tests (proptest, as the `mrz` crate tests itself): an MRZ emitted from any fields
//! reads back to the same facts; no field parser panics on any string; the loader never panics
//! on images with mutated headers. The memory side of the loader is in tests/load_budget.rs.

use chrono::NaiveDate;
use kyc_check::facts::DocFacts;
use kyc_check::fields::{self, dates, names, nationality, numbers};
use kyc_check::form::Form;
use kyc_check::read::zone::fill_facts;
use proptest::prelude::*;

const TODAY: (i32, u32, u32) = (2026, 11, 22);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

fn check_digit(field: &str) -> char {
    char::from_digit(
        numbers::icao_check_digit(field).expect("MRZ characters"),
        10,
    )
    .unwrap()
}

/// A TD3 (passport) MRZ as ICAO 9303 Part 4 lays it out.
fn emit_td3(
    surname: &str,
    given: &str,
    number: &str,
    nationality: &str,
    dob: NaiveDate,
    sex: char,
    expiry: NaiveDate,
) -> (String, String) {
    let name = format!("{}<<{}", surname.replace(' ', "<"), given.replace(' ', "<"));
    let line1 = format!("P<UTO{name:<<39}");
    let line1: String = line1.chars().take(44).collect();
    let number9 = format!("{number:<<9}");
    let dob6 = dob.format("%y%m%d").to_string();
    let exp6 = expiry.format("%y%m%d").to_string();
    let personal = "<<<<<<<<<<<<<<";
    let mut line2 = format!(
        "{number9}{}{nationality}{dob6}{}{sex}{exp6}{}{personal}{}",
        check_digit(&number9),
        check_digit(&dob6),
        check_digit(&exp6),
        check_digit(personal)
    );
    let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..43]);
    line2.push(check_digit(&composite));
    (line1, line2)
}

fn mrz_word() -> impl Strategy<Value = String> {
    "[A-Z]{2,10}"
}

fn date_between(from: i32, to: i32) -> impl Strategy<Value = NaiveDate> {
    (from..=to, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn an_emitted_td3_mrz_reads_back_to_the_same_facts(
        surname in mrz_word(),
        given in prop::collection::vec(mrz_word(), 1..3),
        number in "[A-Z0-9]{5,9}",
        nationality in "[A-Z]{3}",
        dob in date_between(1930, 2007),
        sex in prop::sample::select(vec!['M', 'F']),
        expiry in date_between(2027, 2035),
    ) {
        let given = given.join(" ");
        // the name field is 39 characters: keep it whole
        prop_assume!(surname.len() + 2 + given.len() <= 39);
        let (l1, l2) = emit_td3(&surname, &given, &number, &nationality, dob, sex, expiry);
        prop_assert_eq!(l1.len(), 44);
        prop_assert_eq!(l2.len(), 44);
        let data = mrz::parse_td3(&l1, &l2).map_err(|e| TestCaseError::fail(format!("{e:?}: {l1}/{l2}")))?;
        prop_assert!(data.valid(), "{}\n{}", l1, l2);
        let mut facts = DocFacts::default();
        fill_facts(&data, &mut facts, today());
        prop_assert_eq!(facts.surname.as_deref(), Some(surname.as_str()));
        prop_assert_eq!(facts.given_names.as_deref(), Some(given.as_str()));
        prop_assert_eq!(facts.doc_number.as_deref(), Some(number.as_str()));
        prop_assert_eq!(facts.nationality.as_deref(), Some(nationality.as_str()));
        prop_assert_eq!(facts.dob, Some(dob));
        prop_assert_eq!(facts.expiry, Some(expiry));
        prop_assert_eq!(facts.sex, Some(sex));
        prop_assert_eq!(facts.doc_number_check_ok, Some(true));
        // and the form that types exactly this passes every comparison
        let form = Form {
            name: Some(format!("{given} {surname}")),
            dob: Some(dob),
            doc_number: Some(number.clone()),
            nationality: Some(nationality.clone()),
            expiry: Some(expiry),
            ..Form::default()
        };
        for f in fields::compare(&form, &facts, today()) {
            prop_assert!(
                f.status != kyc_check::finding::Status::Fail || f.check == "age",
                "{}: {}", f.check, f.message
            );
        }
    }

    #[test]
    fn field_parsers_never_panic_on_any_string(s in any::<String>(), t in any::<String>()) {
        let _ = numbers::normalize(&s);
        let _ = numbers::diff(&s, &t);
        let _ = numbers::icao_check_digit(&s);
        let _ = dates::mrz_date(&s, dates::DateKind::Birth, today());
        let _ = kyc_check::read::dates::find_dates(&s);
        let _ = names::parts(&s);
        let _ = names::clean_typed(&s);
        let facts = DocFacts {
            surname: Some(t.clone()),
            given_names: Some(s.clone()),
            doc_number: Some(t.clone()),
            nationality: Some(t.chars().take(3).collect()),
            ..DocFacts::default()
        };
        let _ = names::check_name(Some(&s), &facts);
        let _ = numbers::check_doc_number(Some(&s), &facts, None);
        let _ = nationality::check_nationality(Some(&s), Some(&t));
        let _ = kyc_check::config::parse_date(&s, "--dob");
        let _ = kyc_check::report::redact_text(&s, std::slice::from_ref(&t));
        let escaped = kyc_check::report::sanitize(&s);
        prop_assert!(!escaped.contains('\n') && !escaped.chars().any(|c| c.is_control()));
    }

    #[test]
    fn field_parsers_never_panic_on_mrz_like_strings(s in "[A-Z0-9<]{0,60}", t in "[A-Z0-9< ]{0,30}") {
        let _ = dates::mrz_date(&s, dates::DateKind::Expiry, today());
        let _ = numbers::diff(&s, &t);
        let _ = names::parts(&s);
        let facts = DocFacts {
            mrz_surname: Some(s.clone()),
            mrz_given_names: Some(t.clone()),
            ..DocFacts::default()
        };
        let _ = names::check_name(Some(&t), &facts);
    }

    #[test]
    fn the_loader_never_panics_on_mutated_headers(
        which in 0usize..3,
        edits in prop::collection::vec((0usize..200, any::<u8>()), 1..8),
    ) {
        let base = sample_image(which);
        let mut bytes = base.clone();
        for (at, value) in edits {
            let i = at % bytes.len().min(200);
            bytes[i] = value;
        }
        match kyc_check::load::decode(&bytes) {
            Ok(loaded) => {
                let (w, h) = loaded.image.dimensions();
                prop_assert!(w > 0 && h > 0);
            }
            Err(e) => {
                let m = e.to_string();
                prop_assert!(m.contains("; "), "no advice: {}", m);
            }
        }
    }
}

/// Small JPEG, PNG and BMP images whose headers the loader test mutates.
fn sample_image(which: usize) -> Vec<u8> {
    let img = image::RgbImage::from_fn(48, 32, |x, y| {
        image::Rgb([(x * 5) as u8, (y * 7) as u8, 90])
    });
    let format = [
        image::ImageFormat::Jpeg,
        image::ImageFormat::Png,
        image::ImageFormat::Bmp,
    ][which];
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), format)
        .unwrap();
    out
}

//! Systematic form mistakes on every distinct fixture document (`fixtures/manifest.jsonl`),
//! beyond the manifest's own labelled cases: each correct form is mutated one way at a time
//! and the compare stage must say pass, warn or fail as a person checking by hand would.
//!
//! Prints a table: mutation → records, expected status, how many came out so.

mod common;

use chrono::{Datelike, Duration, NaiveDate};
use common::{date, perfect_facts as facts_of, text};
use kyc_check::codes::Code;
use kyc_check::fields::compare;
use kyc_check::fields::numbers::CONFUSABLE;
use kyc_check::finding::{Finding, Status};
use kyc_check::form::{DocType, Form};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The form a careful user would fill for this document.
fn correct_form(doc: &Value) -> Form {
    Form {
        doc_type: text(doc, "doc_type").and_then(|t| DocType::parse(&t)),
        name: Some(format!(
            "{} {}",
            text(doc, "given_names").unwrap(),
            text(doc, "surname").unwrap()
        )),
        dob: date(doc, "dob"),
        doc_number: text(doc, "doc_number"),
        expiry: date(doc, "expiry"),
        nationality: text(doc, "nationality"),
    }
}

fn finding<'a>(found: &'a [Finding], check: &str) -> &'a Finding {
    found
        .iter()
        .find(|f| f.check == check)
        .expect("every check")
}

/// Strips diacritics the way a user without a national keyboard would (Ö→O, ß→SS, Ø→O).
fn plain(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            'Å' | 'Ä' | 'Á' | 'À' | 'Ã' | 'Â' => "A".to_string(),
            'Ö' | 'Ø' | 'Ó' | 'Ò' | 'Õ' | 'Ô' => "O".to_string(),
            'Ü' | 'Ú' | 'Ù' | 'Û' => "U".to_string(),
            'É' | 'È' | 'Ê' | 'Ë' => "E".to_string(),
            'Í' | 'Ì' | 'Î' | 'Ï' => "I".to_string(),
            'Ñ' => "N".to_string(),
            'Ç' => "C".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    n: usize,
    right: usize,
    want: String,
    misses: Vec<String>,
}

#[test]
fn fields_mutations() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/manifest.jsonl");
    let manifest = std::fs::read_to_string(path).expect("fixtures/manifest.jsonl");
    let mut docs: BTreeMap<String, Value> = BTreeMap::new();
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let rec: Value = serde_json::from_str(line).unwrap();
        let doc = rec["doc"].clone();
        // a bank card (issue 17) has no identity fields to mutate
        if doc["surname"].is_null() {
            continue;
        }
        docs.entry(format!("{}|{}", doc["doc_number"], doc["kind"]))
            .or_insert(doc);
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut table: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut record = |what: &'static str, want: &str, ok: bool, why: String| {
        let t = table.entry(what).or_default();
        t.n += 1;
        t.want = want.to_string();
        if ok {
            t.right += 1;
        } else {
            t.misses.push(why);
        }
    };

    for doc in docs.values() {
        let facts = facts_of(doc);
        let base = correct_form(doc);
        let run = |form: &Form| compare(form, &facts, today);
        let status_of = |form: &Form, check: &str| {
            let found = run(form);
            let f = finding(&found, check).clone();
            (f.status, f.code, f.message.clone())
        };
        let surname = text(doc, "surname").unwrap();
        let given = text(doc, "given_names").unwrap();
        let key = format!("{surname}/{}", doc["doc_number"]);

        // The correct form: no failure.
        let found = run(&base);
        let fails: Vec<&str> = found
            .iter()
            .filter(|f| f.status == Status::Fail && !matches!(f.check, "expiry" | "age"))
            .map(|f| f.check)
            .collect();
        record(
            "correct form",
            "no E005/E044",
            fails.is_empty(),
            format!("{key}: {fails:?}"),
        );

        // Names.
        let with_name = |name: String| Form {
            name: Some(name),
            ..base.clone()
        };
        for (what, name, want) in [
            (
                "name without diacritics",
                format!("{} {}", plain(&given), plain(&surname)),
                Status::Pass,
            ),
            (
                "name as the MRZ spells it",
                format!(
                    "{} {}",
                    text(doc, "given_names_mrz").unwrap(),
                    text(doc, "surname_mrz").unwrap()
                ),
                Status::Pass,
            ),
            (
                "name in lower case",
                format!("{given} {surname}").to_lowercase(),
                Status::Pass,
            ),
            (
                "name hyphens as spaces",
                format!("{given} {surname}").replace('-', " "),
                Status::Pass,
            ),
            (
                "name surname first",
                format!("{surname} {given}"),
                Status::Warn,
            ),
        ] {
            let (s, _, m) = status_of(&with_name(name.clone()), "name");
            record(
                what,
                &format!("{want:?}"),
                s == want,
                format!("{key}: {name:?} → {s:?} {m}"),
            );
        }
        if given.split_whitespace().count() >= 2 {
            let first = given.split_whitespace().next().unwrap();
            let name = format!("{first} {surname}");
            let (s, _, m) = status_of(&with_name(name.clone()), "name");
            record(
                "name middle name left out",
                "Warn",
                s == Status::Warn,
                format!("{key}: {name:?} → {s:?} {m}"),
            );
        }
        // One letter of the surname replaced, at every position.
        let letters: Vec<char> = surname.chars().collect();
        for i in 0..letters.len() {
            if !letters[i].is_alphabetic() {
                continue;
            }
            let mut typo = letters.clone();
            typo[i] = if letters[i] == 'Q' { 'J' } else { 'Q' };
            let typo: String = typo.into_iter().collect();
            let name = format!("{given} {typo}");
            let (s, code, m) = status_of(&with_name(name.clone()), "name");
            let ok = s == Status::Fail && code == Some(Code::E005) && m.contains("surname: typed");
            record(
                "name one surname letter wrong",
                "Fail E005 naming the surname",
                ok,
                format!("{key}: {name:?} → {s:?} {m}"),
            );
        }

        // Dates of birth.
        let dob = date(doc, "dob").unwrap();
        if dob.day() <= 12 && dob.day() != dob.month() {
            let swapped = NaiveDate::from_ymd_opt(dob.year(), dob.day(), dob.month()).unwrap();
            let (s, code, m) = status_of(
                &Form {
                    dob: Some(swapped),
                    ..base.clone()
                },
                "dob",
            );
            let ok = s == Status::Fail && code == Some(Code::E005) && m.contains("swapped");
            record(
                "dob day and month swapped",
                "Fail E005 saying swapped",
                ok,
                format!("{key}: {m}"),
            );
        }
        for delta in [-1i64, 1, 365] {
            let typed = dob + Duration::days(delta);
            let (s, code, m) = status_of(
                &Form {
                    dob: Some(typed),
                    ..base.clone()
                },
                "dob",
            );
            record(
                "dob off by a day or a year",
                "Fail E005",
                s == Status::Fail && code == Some(Code::E005),
                format!("{key}: {m}"),
            );
        }

        // Document numbers: every confusable substitution the number allows.
        let number = text(doc, "doc_number").unwrap();
        for (pos, c) in number.chars().enumerate() {
            for (a, b) in CONFUSABLE {
                let other = if c == a {
                    b
                } else if c == b {
                    a
                } else {
                    continue;
                };
                let typed: String = number
                    .chars()
                    .enumerate()
                    .map(|(i, x)| if i == pos { other } else { x })
                    .collect();
                let (s, code, m) = status_of(
                    &Form {
                        doc_number: Some(typed.clone()),
                        ..base.clone()
                    },
                    "doc_number",
                );
                let named = m.contains(&format!("{other}/{c} are easily confused"));
                let at = m.contains(&format!("character {}", pos + 1));
                record(
                    "number confusable swapped",
                    "Fail E005 naming the pair and position",
                    s == Status::Fail && code == Some(Code::E005) && named && at,
                    format!("{key}: {typed} → {m}"),
                );
            }
        }
        let (s, _, m) = status_of(
            &Form {
                doc_number: Some(number.to_lowercase()),
                ..base.clone()
            },
            "doc_number",
        );
        record(
            "number in lower case",
            "Pass",
            s == Status::Pass,
            format!("{key}: {m}"),
        );

        // Nationality.
        for (typed, want) in [
            ("Utopia", Status::Pass),
            ("uto", Status::Pass),
            ("SWE", Status::Fail),
            ("Germany", Status::Fail),
        ] {
            let (s, _, m) = status_of(
                &Form {
                    nationality: Some(typed.into()),
                    ..base.clone()
                },
                "nationality",
            );
            record(
                "nationality name or wrong code",
                "as stated",
                s == want,
                format!("{key}: {typed} → {s:?} {m}"),
            );
        }

        // Expiry typed one day off, on a document with more than 90 days left.
        let expiry = date(doc, "expiry").unwrap();
        if (expiry - today).num_days() >= 90 {
            let (s, code, m) = status_of(
                &Form {
                    expiry: Some(expiry + Duration::days(1)),
                    ..base.clone()
                },
                "expiry",
            );
            record(
                "expiry typed one day off",
                "Fail E005",
                s == Status::Fail && code == Some(Code::E005),
                format!("{key}: {m}"),
            );
        }

        // Every other document type selected.
        let truth = text(doc, "doc_type")
            .and_then(|t| DocType::parse(&t))
            .unwrap();
        for other in [
            DocType::Passport,
            DocType::IdCard,
            DocType::DrivingLicence,
            DocType::ResidencePermit,
        ] {
            if other == truth {
                continue;
            }
            // An MRZ card code (I/A/C) is an ID card or a residence permit: both acceptable.
            // Without an MRZ the reader's conclusion (here the truth) stands.
            let card_pair = facts.has_mrz
                && matches!(
                    (truth, other),
                    (DocType::IdCard, DocType::ResidencePermit)
                        | (DocType::ResidencePermit, DocType::IdCard)
                );
            let (s, code, m) = status_of(
                &Form {
                    doc_type: Some(other),
                    ..base.clone()
                },
                "doc_type",
            );
            let (want, ok) = if card_pair {
                ("Pass", s == Status::Pass)
            } else {
                ("Fail E044", s == Status::Fail && code == Some(Code::E044))
            };
            record(
                if card_pair {
                    "ID card ⇄ residence permit (MRZ)"
                } else {
                    "another document type selected"
                },
                want,
                ok,
                format!("{key}: {other:?} → {s:?} {m}"),
            );
        }
    }

    println!(
        "\n{} distinct fixture documents, mutated one mistake at a time\n",
        docs.len()
    );
    println!(
        "{:<34} {:<42} {:>5} {:>6}",
        "mutation", "expected", "n", "right"
    );
    let mut wrong = BTreeSet::new();
    for (what, t) in &table {
        println!("{what:<34} {:<42} {:>5} {:>6}", t.want, t.n, t.right);
        for m in &t.misses {
            println!("    miss: {m}");
            wrong.insert(m.clone());
        }
    }
    assert!(docs.len() >= 20, "{} documents", docs.len());
    assert!(wrong.is_empty(), "{} wrong", wrong.len());
}

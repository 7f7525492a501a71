//! The name comparison against the MRZ names of the real specimens in
//! `../shared/realdata/specimens/MANIFEST.tsv` (ground-truth MRZ text only; no image is read):
//! real name fields from 20 issuers, several cut at the TD1 line length, with national
//! transliterations (Þ→TH, Ç/Ã→C/A, Č/Ė→C/E, Ñ→N).
//!
//! For every distinct name field, as a reader that got only the MRZ would see it:
//! - the name typed given names first passes;
//! - surname first warns (when there are given names);
//! - one letter of the surname changed fails, naming the surname;
//! - a name field that fills its line (cut by the issuer) accepts a typed name that extends
//!   its last part and adds a given name past the cut; a field with fillers left does not.

mod common;

use kyc_check::facts::DocFacts;
use kyc_check::fields::names::check_name;
use kyc_check::finding::Status;
use std::collections::BTreeSet;

/// The MRZ name field of a ground-truth MRZ (lines joined by `|`) and its format.
fn name_field(format: &str, lines: &[&str]) -> Option<String> {
    let field = match (format, lines) {
        ("TD3" | "MRVA", [l1, _]) if l1.len() == 44 => &l1[5..44],
        ("TD2" | "MRVB", [l1, _]) if l1.len() == 36 => &l1[5..36],
        ("TD1", [_, _, l3]) if l3.len() == 30 => &l3[..30],
        _ => return None,
    };
    Some(field.to_string())
}

/// Surname and given names as a reader reports them (fillers as spaces).
fn split(field: &str) -> (String, String) {
    let (surname, given) = field.split_once("<<").unwrap_or((field, ""));
    let words = |s: &str| {
        s.split('<')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (words(surname), words(given))
}

#[test]
fn fields_realdata_mrz_names() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realdata/specimens/MANIFEST.tsv"
    );
    let Ok(manifest) = std::fs::read_to_string(path) else {
        common::realdata::missing(std::path::Path::new(path));
        return;
    };
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let mut counts = [0usize; 5]; // names, exact, reversed, typo, truncated
    println!(
        "\n{:<32} {:<5} {:<5} {:<6} {:<6} {:<6} {:<6}",
        "MRZ name field", "fmt", "cut", "exact", "order", "typo", "extend"
    );
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            continue;
        }
        let (format, truth) = (cols[6], cols[7]);
        let lines: Vec<&str> = truth.split('|').collect();
        let Some(field) = name_field(format, &lines) else {
            continue;
        };
        if !seen.insert(field.clone()) {
            continue;
        }
        let (surname, given) = split(&field);
        let cut = !field.ends_with('<');
        let facts = DocFacts {
            surname: Some(surname.clone()),
            given_names: Some(given.clone()),
            mrz_surname: Some(surname.clone()),
            mrz_given_names: Some(given.clone()),
            mrz_format: Some(format.to_string()),
            has_mrz: true,
            ..DocFacts::default()
        };
        counts[0] += 1;
        let mut row = Vec::new();
        let expect = |what: &str,
                      typed: String,
                      want: Status,
                      row: &mut Vec<&'static str>,
                      problems: &mut Vec<String>| {
            let f = check_name(Some(&typed), &facts);
            let ok = f.status == want;
            if !ok {
                problems.push(format!(
                    "{field} {what}: typed {typed:?} gave {:?}, want {want:?}: {}",
                    f.status, f.message
                ));
            }
            row.push(if ok { "ok" } else { "WRONG" });
            ok
        };

        let natural = format!("{given} {surname}").trim().to_string();
        if expect(
            "exact",
            natural.clone(),
            Status::Pass,
            &mut row,
            &mut problems,
        ) {
            counts[1] += 1;
        }
        if given.is_empty() || given == surname {
            // Nothing to reorder (`SPECIMEN<<SPECIMEN`).
            row.push("—");
        } else if expect(
            "order",
            format!("{surname} {given}"),
            Status::Warn,
            &mut row,
            &mut problems,
        ) {
            counts[2] += 1;
        }
        // One letter of the surname's longest part changed (to one no ICAO spelling maps to it).
        let longest = surname.split(' ').max_by_key(|p| p.len()).unwrap_or("");
        let mid = longest.len() / 2;
        let swapped = if &longest[mid..=mid] == "Q" { "J" } else { "Q" };
        let typo_part = format!("{}{swapped}{}", &longest[..mid], &longest[mid + 1..]);
        let typo = format!("{given} {}", surname.replacen(longest, &typo_part, 1))
            .trim()
            .to_string();
        let f = check_name(Some(&typo), &facts);
        let named = f.message.contains(&format!("surname: typed {typo_part}"));
        if f.status == Status::Fail && named {
            counts[3] += 1;
            row.push("ok");
        } else {
            problems.push(format!(
                "{field} typo {typo:?}: {:?} {}",
                f.status, f.message
            ));
            row.push("WRONG");
        }
        // Extending the last part and adding a given name past the end.
        let extended = if given.is_empty() {
            format!("{surname}ABC")
        } else {
            format!("{given}ABC ZOE {surname}")
        };
        let want = if cut { Status::Pass } else { Status::Fail };
        if expect("extend", extended, want, &mut row, &mut problems) && cut {
            counts[4] += 1;
        }
        println!(
            "{:<32} {:<5} {:<5} {:<6} {:<6} {:<6} {:<6}",
            field.trim_end_matches('<'),
            format,
            if cut { "yes" } else { "no" },
            row[0],
            row[1],
            row[2],
            row[3]
        );
    }
    println!(
        "\n{} distinct MRZ names: exact {} / order warned {} / typo failed {} / cut names extended {}",
        counts[0], counts[1], counts[2], counts[3], counts[4]
    );
    assert!(counts[0] >= 20, "only {} names found in {path}", counts[0]);
    assert!(
        counts[4] >= 3,
        "the specimens hold at least 3 cut TD1 names"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

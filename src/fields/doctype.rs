//! Document type (`doc_type`, E044): the type selected in the form against the type the
//! document shows, from the reading stage's conclusion, else the MRZ document code, else the
//! shape (ID-1 card 85.60 × 53.98 mm vs ID-3 passport page 125 × 88 mm).

use crate::codes::Code;
use crate::facts::{DocFacts, Shape};
use crate::finding::Finding;
use crate::form::DocType;

const CHECK: &str = "doc_type";

/// Words for a type in a message.
fn words(t: DocType) -> &'static str {
    match t {
        DocType::Passport => "a passport",
        DocType::IdCard => "an ID card",
        DocType::DrivingLicence => "a driving licence",
        DocType::ResidencePermit => "a residence permit",
    }
}

/// A type as a noun without its article: "your ID card".
fn noun(t: DocType) -> &'static str {
    match t {
        DocType::Passport => "passport",
        DocType::IdCard => "ID card",
        DocType::DrivingLicence => "driving licence",
        DocType::ResidencePermit => "residence permit",
    }
}

fn list(types: &[DocType]) -> String {
    let w: Vec<&str> = types.iter().map(|t| words(*t)).collect();
    match w.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What the document can be, and why: the acceptable form selections.
enum Detected {
    Types(Vec<DocType>, String),
    Visa,
    Unknown,
}

fn detect(facts: &DocFacts) -> Detected {
    let code = facts
        .mrz_doc_code
        .as_deref()
        .and_then(|c| c.trim().chars().next())
        .map(|c| c.to_ascii_uppercase());
    if code == Some('V') {
        return Detected::Visa;
    }
    // ICAO 9303 Part 5/6: A, C and I are all "official travel documents" (ID cards and
    // residence permits); which one an issuer uses is its choice, so both are acceptable.
    let card_types = || vec![DocType::IdCard, DocType::ResidencePermit];
    let from_code = match code {
        Some('P') => Some((
            vec![DocType::Passport],
            "the MRZ document code is P".to_string(),
        )),
        Some(c @ ('I' | 'A' | 'C')) => {
            Some((card_types(), format!("the MRZ document code is {c}")))
        }
        _ => None,
    };
    if let Some(t) = facts.doc_type {
        let mut types = vec![t];
        if let Some((coded, _)) = &from_code {
            for c in coded {
                if matches!(t, DocType::IdCard | DocType::ResidencePermit) && !types.contains(c) {
                    types.push(*c);
                }
            }
        }
        let why = from_code
            .map(|(_, w)| w)
            .unwrap_or_else(|| "the reading stage concluded so".to_string());
        return Detected::Types(types, why);
    }
    if let Some((types, why)) = from_code {
        return Detected::Types(types, why);
    }
    match facts.shape {
        Some(Shape::Id3) => Detected::Types(
            vec![DocType::Passport],
            "the document has the shape of a passport page (125 × 88 mm)".to_string(),
        ),
        Some(Shape::Id1) => Detected::Types(
            vec![
                DocType::IdCard,
                DocType::DrivingLicence,
                DocType::ResidencePermit,
            ],
            format!(
                "the document is card-sized (85.60 × 53.98 mm){}",
                if facts.has_mrz { "" } else { " with no MRZ" }
            ),
        ),
        None => Detected::Unknown,
    }
}

/// The `doc_type` check.
pub fn check_doc_type(selected: Option<DocType>, facts: &DocFacts) -> Finding {
    let Some(selected) = selected else {
        return Finding::skipped(CHECK, "no --doc-type given");
    };
    match detect(facts) {
        Detected::Visa => Finding::fail(
            CHECK,
            Code::E044,
            format!(
                "you selected {} but the photo shows a visa (MRZ document code V): a visa alone is not an identity document",
                words(selected)
            ),
        )
        .with_advice("Photograph the data page of your passport (not the visa page) and select passport."),
        Detected::Unknown => Finding::skipped(
            CHECK,
            "the document type could not be told: no MRZ was read and the document's shape was not measured",
        ),
        Detected::Types(types, why) => {
            if types.contains(&selected) {
                Finding::pass(
                    CHECK,
                    format!("you selected {}, and {why}", words(selected)),
                )
            } else {
                Finding::fail(
                    CHECK,
                    Code::E044,
                    format!(
                        "you selected {} but the photo shows {}: {why}",
                        words(selected),
                        list(&types)
                    ),
                )
                .with_advice(format!(
                    "Select {} in the form (--doc-type {}), or photograph your {} instead.",
                    types.iter().map(|t| noun(*t)).collect::<Vec<_>>().join(" or "),
                    types.iter().map(|t| t.id()).collect::<Vec<_>>().join(" or "),
                    noun(selected)
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;

    fn facts(code: Option<&str>, shape: Option<Shape>) -> DocFacts {
        DocFacts {
            mrz_doc_code: code.map(str::to_string),
            has_mrz: code.is_some(),
            shape,
            ..DocFacts::default()
        }
    }

    #[test]
    fn from_mrz_code() {
        let p = facts(Some("P"), Some(Shape::Id3));
        assert_eq!(
            check_doc_type(Some(DocType::Passport), &p).status,
            Status::Pass
        );
        let f = check_doc_type(Some(DocType::IdCard), &p);
        assert_eq!(f.code, Some(Code::E044));
        assert!(
            f.message
                .contains("selected an ID card but the photo shows a passport"),
            "{}",
            f.message
        );
        let i = facts(Some("I"), Some(Shape::Id1));
        assert_eq!(
            check_doc_type(Some(DocType::IdCard), &i).status,
            Status::Pass
        );
        assert_eq!(
            check_doc_type(Some(DocType::ResidencePermit), &i).status,
            Status::Pass
        );
        assert_eq!(
            check_doc_type(Some(DocType::Passport), &i).code,
            Some(Code::E044)
        );
        assert_eq!(
            check_doc_type(Some(DocType::DrivingLicence), &i).code,
            Some(Code::E044)
        );
        for c in ["A", "C"] {
            assert_eq!(
                check_doc_type(Some(DocType::ResidencePermit), &facts(Some(c), None)).status,
                Status::Pass
            );
        }
        let v = check_doc_type(Some(DocType::Passport), &facts(Some("V"), Some(Shape::Id3)));
        assert_eq!(v.code, Some(Code::E044));
        assert!(v
            .message
            .contains("a visa alone is not an identity document"));
    }

    #[test]
    fn from_shape() {
        let card = facts(None, Some(Shape::Id1));
        let f = check_doc_type(Some(DocType::Passport), &card);
        assert_eq!(f.code, Some(Code::E044));
        assert!(f.message.contains("with no MRZ"), "{}", f.message);
        for ok in [
            DocType::IdCard,
            DocType::DrivingLicence,
            DocType::ResidencePermit,
        ] {
            assert_eq!(check_doc_type(Some(ok), &card).status, Status::Pass);
        }
        let page = facts(None, Some(Shape::Id3));
        assert_eq!(
            check_doc_type(Some(DocType::IdCard), &page).code,
            Some(Code::E044)
        );
        assert_eq!(
            check_doc_type(Some(DocType::Passport), &facts(None, None)).status,
            Status::Skipped
        );
        assert_eq!(check_doc_type(None, &page).status, Status::Skipped);
    }

    #[test]
    fn reading_stage_conclusion_first() {
        let licence = DocFacts {
            doc_type: Some(DocType::DrivingLicence),
            shape: Some(Shape::Id1),
            ..DocFacts::default()
        };
        assert_eq!(
            check_doc_type(Some(DocType::IdCard), &licence).code,
            Some(Code::E044)
        );
        // An ID card by the reader's word and code I: a residence permit selection is fine too.
        let id = DocFacts {
            doc_type: Some(DocType::IdCard),
            ..facts(Some("I"), Some(Shape::Id1))
        };
        assert_eq!(
            check_doc_type(Some(DocType::ResidencePermit), &id).status,
            Status::Pass
        );
    }
}

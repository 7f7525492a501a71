//! Nationality (`nationality`): an ISO 3166 alpha-3 code or an English country name, compared
//! with the MRZ's nationality code. The country table is the `mrz` crate's (ISO 3166-1 plus the
//! ICAO 9303 Part 3 §5 codes: `D`, `UTO`, `XXA`, …); a code outside it is compared as given.

use crate::codes::Code;
use crate::finding::Finding;

const CHECK: &str = "nationality";

/// Everyday English names the ISO short names do not cover (`United States` for `United States
/// of America`, `Russia` for `Russian Federation`, …), and the specimen state.
const EVERYDAY_NAMES: &[(&str, &str)] = &[
    ("UNITED STATES", "USA"),
    ("US", "USA"),
    ("AMERICA", "USA"),
    ("UK", "GBR"),
    ("GREAT BRITAIN", "GBR"),
    ("BRITAIN", "GBR"),
    ("ENGLAND", "GBR"),
    ("SCOTLAND", "GBR"),
    ("WALES", "GBR"),
    ("NORTHERN IRELAND", "GBR"),
    ("RUSSIA", "RUS"),
    ("SOUTH KOREA", "KOR"),
    ("KOREA", "KOR"),
    ("NORTH KOREA", "PRK"),
    ("VIETNAM", "VNM"),
    ("LAOS", "LAO"),
    ("SYRIA", "SYR"),
    ("IVORY COAST", "CIV"),
    ("COTE D'IVOIRE", "CIV"),
    ("CZECH REPUBLIC", "CZE"),
    ("HOLLAND", "NLD"),
    ("THE NETHERLANDS", "NLD"),
    ("MACEDONIA", "MKD"),
    ("DR CONGO", "COD"),
    ("DEMOCRATIC REPUBLIC OF THE CONGO", "COD"),
    ("MICRONESIA", "FSM"),
    ("THE BAHAMAS", "BHS"),
    ("THE GAMBIA", "GMB"),
    ("UTOPIA", "UTO"),
];

/// What a typed nationality is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nationality {
    /// A code or name found in the table: its code.
    Known(String),
    /// Letters that look like a code but are not in the table (compared as given).
    UnknownCode(String),
    /// Words that name no country known here.
    Unrecognised(String),
}

/// Resolves a typed nationality to a code.
pub fn resolve(typed: &str) -> Nationality {
    let t = typed.trim();
    let upper = t.to_uppercase();
    if (1..=3).contains(&upper.len()) && upper.bytes().all(|b| b.is_ascii_uppercase()) {
        if mrz::country_name(&upper).is_some() {
            return Nationality::Known(upper);
        }
        if let Some(&(_, code)) = EVERYDAY_NAMES.iter().find(|(n, _)| *n == upper) {
            return Nationality::Known(code.to_string());
        }
        return Nationality::UnknownCode(upper);
    }
    if let Some(code) = mrz::code_for_name(t) {
        return Nationality::Known(code.to_string());
    }
    // Diacritics folded (`Cote d'Ivoire`), a parenthesised remark dropped (`Utopia`).
    let folded = fold(t);
    if let Some(&(code, _)) = mrz::codes().iter().find(|(_, name)| {
        let name = fold(name);
        name == folded || name.split(" (").next() == Some(folded.as_str())
    }) {
        return Nationality::Known(code.to_string());
    }
    if let Some(&(_, code)) = EVERYDAY_NAMES.iter().find(|(n, _)| fold(n) == folded) {
        return Nationality::Known(code.to_string());
    }
    Nationality::Unrecognised(t.to_string())
}

/// Upper case, diacritics folded to their first ICAO spelling, single spaces.
fn fold(s: &str) -> String {
    crate::translit::to_mrz(s, crate::translit::Style::Simple)
        .replace(['’', '\''], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `UTO (Utopia)`, or the code alone when the table does not know it.
fn label(code: &str) -> String {
    match mrz::country_name(code) {
        Some(name) => format!("{code} ({})", short_name(name)),
        None => code.to_string(),
    }
}

fn short_name(name: &str) -> &str {
    if name.contains("specimen") {
        name.split(" (").next().unwrap_or(name)
    } else {
        name
    }
}

/// The `nationality` check.
pub fn check_nationality(typed: Option<&str>, doc: Option<&str>) -> Finding {
    let Some(typed) = typed.filter(|t| !t.trim().is_empty()) else {
        return Finding::skipped(CHECK, "no --nationality given");
    };
    let Some(doc) = doc
        .map(|d| d.trim().trim_matches('<').to_uppercase())
        .filter(|d| !d.is_empty())
    else {
        return Finding::skipped(CHECK, "the nationality could not be read from the document");
    };
    let doc_label = label(&doc);
    let advice = match mrz::country_name(&doc) {
        Some(name) => format!(
            "Select {} as nationality (code {doc}), as the document's MRZ says.",
            short_name(name)
        ),
        None => format!("Enter the nationality as the document's MRZ gives it: {doc}."),
    };
    let code = match resolve(typed) {
        Nationality::Known(code) | Nationality::UnknownCode(code) => code,
        Nationality::Unrecognised(words) => {
            return Finding::warn(
                CHECK,
                format!(
                    "could not tell which country \"{words}\" is; the document says {doc_label}"
                ),
            )
            .with_advice(advice)
        }
    };
    if mrz::codes_equivalent(&code, &doc) {
        Finding::pass(
            CHECK,
            format!(
                "nationality {} matches the document's {doc_label}",
                label(&code)
            ),
        )
    } else {
        Finding::fail(
            CHECK,
            Code::E005,
            format!(
                "nationality entered {}, the document's MRZ says {doc_label}",
                label(&code)
            ),
        )
        .with_advice(advice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;

    #[test]
    fn codes_and_names_resolve() {
        assert_eq!(resolve("uto"), Nationality::Known("UTO".into()));
        assert_eq!(resolve("Utopia"), Nationality::Known("UTO".into()));
        assert_eq!(resolve("Germany"), Nationality::Known("DEU".into()));
        assert_eq!(resolve("germany "), Nationality::Known("DEU".into()));
        assert_eq!(resolve("United States"), Nationality::Known("USA".into()));
        assert_eq!(resolve("Cote d'Ivoire"), Nationality::Known("CIV".into()));
        assert_eq!(resolve("Russia"), Nationality::Known("RUS".into()));
        assert_eq!(resolve("QQQ"), Nationality::UnknownCode("QQQ".into()));
        assert_eq!(
            resolve("Atlantis"),
            Nationality::Unrecognised("Atlantis".into())
        );
    }

    #[test]
    fn compared_with_the_mrz() {
        assert_eq!(
            check_nationality(Some("UTO"), Some("UTO")).status,
            Status::Pass
        );
        assert_eq!(
            check_nationality(Some("Germany"), Some("D")).status,
            Status::Pass
        );
        assert_eq!(
            check_nationality(Some("DEU"), Some("D<<")).status,
            Status::Pass
        );
        let f = check_nationality(Some("Sweden"), Some("UTO"));
        assert_eq!(f.code, Some(Code::E005));
        assert!(f.message.contains("SWE (Sweden)"), "{}", f.message);
        assert!(f
            .advice
            .unwrap()
            .contains("Select Utopia as nationality (code UTO)"));
        // Codes outside the table are compared as given.
        assert_eq!(
            check_nationality(Some("ZZX"), Some("ZZX")).status,
            Status::Pass
        );
        assert_eq!(
            check_nationality(Some("ZZX"), Some("ZZY")).status,
            Status::Fail
        );
        assert_eq!(
            check_nationality(Some("Atlantis"), Some("UTO")).status,
            Status::Warn
        );
        assert_eq!(check_nationality(None, Some("UTO")).status, Status::Skipped);
        assert_eq!(check_nationality(Some("UTO"), None).status, Status::Skipped);
    }
}

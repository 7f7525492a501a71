//! Names: the full name the user will type against the document's surname and given names.
//!
//! Two names are equal when they are after folding case, spacing, hyphens, apostrophes and
//! diacritics, under every ICAO 9303 Part 3 §6 transliteration (`Ä`→`AE`|`A`, `Ö`→`OE`|`O`,
//! `Ü`→`UE`|`UXX`|`U`, `Å`→`AA`|`A`, `Ø`→`OE`, `Ñ`→`N`|`NXX`, `ß`→`SS`, `Æ`→`AE`, `Þ`→`TH`,
//! `Ĳ`→`IJ`, `Œ`→`OE`, … from `mrz::transliterations`; Cyrillic by §6 B in each of its
//! languages) or the bare base letter (`Ø`→`O`).
//!
//! 1. Split both names into parts (spaces, hyphens, `<`, commas separate; apostrophes and
//!    dots are dropped) and give every part its set of ASCII spellings. An MRZ part also gets
//!    the spellings its `OE`/`AE`/`UE`/`AA`/`UXX`/`NXX` would have if they stood for national
//!    letters (`ERIKSSOEN` → `ERIKSSON`), noted as an assumption when that is what matched.
//! 2. Align the typed parts with the document's in the natural order (given names then
//!    surname; surname first for names in Chinese characters) and in the other order, by a
//!    minimum-cost edit alignment; also compare with spacing ignored (`DASILVA`).
//! 3. Read the outcome: equal; equal in another order (warn, saying the document's order);
//!    a given name other than the first left out (warn); anything else fails, naming the part
//!    that differs (`surname: typed ERIKSON, document ERIKSSON`), with the name to type.
//! 4. Do this against the visual zone's name and the MRZ's; the better outcome counts, the
//!    visual zone winning ties. An MRZ name that fills its field may have been cut: a typed
//!    part that extends an MRZ part, and typed parts past the cut, match.
//!
//! Only one half read from the visual zone (no MRZ): that half must appear in the typed name.
//! Chinese characters: traditional typed for simplified (or the reverse) fails naming the
//! characters; a name in another script than the document's is `skipped` (no romanisation
//! offline).

use super::hanzi;
use super::spelling;
use crate::codes::Code;
use crate::facts::DocFacts;
use crate::finding::{Finding, Status};
use crate::translit;
use mrz::CyrillicLanguage;
use std::collections::BTreeSet;

const CHECK: &str = "name";

mod align;
mod spell;

use align::*;
use spell::*;
pub use spell::{parts, spellings};

/// A typed name made comparable: composed to Unicode NFC (macOS and some keyboards give
/// decomposed letters, `A` + U+030A for `Å`; `unicode-normalization` crate), and stripped of
/// invisible format characters (zero-width joiner/space, bidi marks, BOM), which are typing
/// noise, not letters. Returns the clean name and the characters removed.
pub fn clean_typed(typed: &str) -> (String, Vec<char>) {
    let mut removed = Vec::new();
    let clean: String = translit::nfc(typed)
        .chars()
        .filter(|&c| {
            let noise = crate::report::is_invisible_format(c);
            if noise && !removed.contains(&c) {
                removed.push(c);
            }
            !noise
        })
        .collect();
    (clean, removed)
}

/// The `name` check. Invisible characters in the typed name are ignored for the comparison and
/// mentioned: a match becomes a warning saying to retype the name without them.
pub fn check_name(typed: Option<&str>, facts: &DocFacts) -> Finding {
    let Some(typed) = typed else {
        return check_clean_name(None, facts);
    };
    let (clean, removed) = clean_typed(typed);
    let mut finding = check_clean_name(Some(&clean), facts);
    if removed.is_empty() || finding.status == Status::Skipped {
        return finding;
    }
    let codes: Vec<String> = removed
        .iter()
        .map(|c| format!("U+{:04X}", *c as u32))
        .collect();
    let note = format!(
        "the typed name holds invisible characters ({}), ignored here; a form may not ignore \
         them",
        codes.join(", ")
    );
    finding.message = format!("{}; {note}", finding.message);
    if finding.status == Status::Pass {
        finding.status = Status::Warn;
    }
    if finding.advice.is_none() {
        finding.advice = Some(format!(
            "Retype the name by hand rather than pasting it: {}",
            clean.trim()
        ));
    }
    finding
}

fn check_clean_name(typed: Option<&str>, facts: &DocFacts) -> Finding {
    let Some(typed) = typed.filter(|t| !t.trim().is_empty()) else {
        return Finding::skipped(CHECK, "no --name given");
    };
    let typed_split = parts(typed);
    if typed_split.len() > MAX_NAME_PARTS {
        return Finding::fail(
            CHECK,
            Code::E005,
            format!(
                "the typed name has {} parts; no document name has more than {MAX_NAME_PARTS}",
                typed_split.len()
            ),
        )
        .with_advice("Type only your name, exactly as the document prints it, given names first.");
    }
    let typed_parts: Vec<TypedPart> = typed_split
        .into_iter()
        .map(|p| TypedPart {
            spellings: spellings(&p),
            shown: p,
        })
        .collect();

    // Only half of the name read from the visual zone (no MRZ to say the other half is
    // empty): compare that half alone.
    let mrz_read = facts.mrz_surname.is_some() || facts.mrz_given_names.is_some();
    if !mrz_read {
        match (facts.surname.as_deref(), facts.given_names.as_deref()) {
            (Some(s), None) => return check_half(typed, &typed_parts, s, Role::Surname),
            (None, Some(g)) => return check_half(typed, &typed_parts, g, Role::Given),
            _ => {}
        }
    }

    let mut candidates: Vec<DocName> = Vec::new();
    if facts.surname.is_some() || facts.given_names.is_some() {
        candidates.push(DocName::printed(
            facts.surname.as_deref().unwrap_or(""),
            facts.given_names.as_deref().unwrap_or(""),
        ));
    }
    if facts.mrz_surname.is_some() || facts.mrz_given_names.is_some() {
        for loose in [false, true] {
            candidates.push(DocName::mrz(
                facts.mrz_surname.as_deref().unwrap_or(""),
                facts.mrz_given_names.as_deref().unwrap_or(""),
                facts.mrz_format.as_deref(),
                loose,
            ));
        }
    }
    // Nothing to compare, or not a plausible name (bounds the alignment's work).
    candidates.retain(|c| !c.parts.is_empty() && c.parts.len() <= MAX_NAME_PARTS);
    // A name in Chinese characters can only be compared with one in the same script.
    let typed_han = typed.chars().any(hanzi::is_han);
    if let Some(other) = candidates.iter().find(|c| c.han != typed_han).cloned() {
        candidates.retain(|c| c.han == typed_han);
        if candidates.is_empty() {
            let (typed_script, doc_script) = if typed_han {
                ("Chinese characters", "Latin letters")
            } else {
                ("Latin letters", "Chinese characters")
            };
            return Finding::skipped(
                CHECK,
                format!(
                    "the typed name is in {typed_script} and the document's ({}) in {doc_script}: they cannot be compared offline",
                    other.typed_form()
                ),
            );
        }
    }
    let Some(first) = candidates.first() else {
        return Finding::skipped(CHECK, "the name could not be read from the document");
    };
    // The name shown in messages and advice: the visual zone's where it was read.
    let shown = first.clone();
    let only_surname_read = facts.given_names.is_none() && facts.mrz_given_names.is_none();

    let (doc, outcome) = candidates
        .iter()
        .map(|c| {
            let mut o = compare_one(&typed_parts, c);
            if c.loose {
                if let Outcome::Equal { note } = &mut o {
                    note.get_or_insert_with(|| {
                        "matches the MRZ if the document prints Ä/Ö/Ü/Å where the MRZ has AE/OE/UE/AA".to_string()
                    });
                }
            }
            (c, o)
        })
        .min_by_key(|(_, o)| o.rank())
        .expect("at least one candidate");

    let expected = shown.typed_form();
    if let (true, Outcome::Differ { .. }) = (doc.han, &outcome) {
        let typed_joined: String = typed_parts.iter().map(|p| p.shown.as_str()).collect();
        if let Some(pairs) = hanzi::script_differences(&typed_joined, &doc.typed_form()) {
            return Finding::fail(
                CHECK,
                Code::E005,
                format!(
                    "name {typed_joined} is written in other characters than the document's {} (traditional and simplified mixed: {})",
                    doc.typed_form(),
                    pairs.join(", ")
                ),
            )
            .with_advice(format!(
                "Type the name in the document's own characters: {}",
                doc.typed_form()
            ));
        }
    }
    // The printed spelling first; if the form refuses accents, the MRZ's is the one the
    // document itself uses (`spelling.rs`).
    let mrz_form = candidates
        .iter()
        .find(|c| c.source == "the MRZ" && !c.truncated)
        .map(DocName::typed_form);
    let spelled = spelling::name_spellings(typed, &expected, mrz_form.as_deref());
    let advice = spelling::advice(
        "Type the name exactly as the document prints it, given names first",
        &spelled,
    );
    let expected = spelled.printed.clone();
    let typed_shown = typed.trim();
    match outcome {
        Outcome::Equal { note } => {
            let mut message = format!("name {typed_shown} matches {}", doc_label(doc));
            if let Some(note) = note {
                message.push_str(&format!(" ({note})"));
            }
            Finding::pass(CHECK, message)
        }
        Outcome::Order => Finding::warn(
            CHECK,
            format!(
                "the same names in another order: the document gives surname {} and given names {}; type them {}: {expected}",
                doc.surname,
                doc.given,
                if shown.han { "surname first, as the document does" } else { "given names first, as forms expect" }
            ),
        )
        .with_advice(advice),
        Outcome::MissingMiddle { missing, reordered } => {
            let mut message = format!(
                "{} of the document's given names not typed in full: {} (the document: surname {}, given names {})",
                if missing.len() == 1 { "one" } else { "some" },
                missing.join(", "),
                doc.surname,
                doc.given
            );
            if reordered {
                message.push_str("; the names are also in another order");
            }
            Finding::warn(CHECK, message).with_advice(format!(
                "Type every given name the document shows: {expected}"
            ))
        }
        Outcome::Differ { differences } => {
            let mut message = format!(
                "name {typed_shown} does not match {}: {}",
                doc_label(doc),
                differences.join("; ")
            );
            if only_surname_read {
                message.push_str(" (only the surname could be read)");
            }
            Finding::fail(CHECK, Code::E005, message).with_advice(advice)
        }
    }
}

/// Compares the one half of the name that was read (`role`) with the typed name: its parts
/// must appear in it, together and in order.
fn check_half(typed: &str, typed_parts: &[TypedPart], half: &str, role: Role) -> Finding {
    let doc: Vec<DocPart> = parts(half)
        .into_iter()
        .map(|p| DocPart {
            spellings: spellings(&p),
            shown: p,
            role,
        })
        .collect();
    let (what, other) = match role {
        Role::Surname => ("surname", "given names"),
        Role::Given => ("given names", "surname"),
    };
    let shown = doc
        .iter()
        .map(|p| p.shown.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if doc.is_empty() {
        return Finding::skipped(CHECK, "the name could not be read from the document");
    }
    let found = (0..typed_parts.len()).any(|start| {
        (start + 1..=typed_parts.len()).any(|end| {
            let window = &typed_parts[start..end];
            (window.len() == doc.len()
                && window
                    .iter()
                    .zip(&doc)
                    .all(|(t, d)| part_matches(t, d, false)))
                || same_without_spacing(window, &doc)
        })
    });
    let typed_shown = typed.trim();
    if found {
        return Finding::pass(
            CHECK,
            format!(
                "{what} {shown} found in the typed name {typed_shown}; the {other} could not be read from the document, so they were not compared"
            ),
        );
    }
    let closest = typed_parts
        .iter()
        .map(|t| {
            let d = doc.iter().map(|d| unlikeness(t, d)).fold(1.0, f64::min);
            (t, d)
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, d)| *d < 0.5)
        .map(|(t, _)| format!(" (closest: typed {})", t.shown))
        .unwrap_or_default();
    Finding::fail(
        CHECK,
        Code::E005,
        format!(
            "{what}: the document's {shown} is not in the typed name {typed_shown}{closest}; the {other} could not be read"
        ),
    )
    .with_advice(format!(
        "Type the {what} exactly as the document prints it: {shown}"
    ))
}

fn doc_label(doc: &DocName) -> String {
    format!(
        "{} (surname {}, given names {})",
        doc.source, doc.surname, doc.given
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;

    fn printed(surname: &str, given: &str) -> DocFacts {
        DocFacts {
            surname: Some(surname.into()),
            given_names: Some(given.into()),
            ..DocFacts::default()
        }
    }

    fn mrz_only(surname: &str, given: &str, format: &str) -> DocFacts {
        DocFacts {
            mrz_surname: Some(surname.into()),
            mrz_given_names: Some(given.into()),
            mrz_format: Some(format.into()),
            has_mrz: true,
            ..DocFacts::default()
        }
    }

    fn status(typed: &str, facts: &DocFacts) -> Status {
        check_name(Some(typed), facts).status
    }

    /// Every ICAO 9303 Part 3 §6 A multi-valued and ligature pair, both ways: the national
    /// letter typed against its MRZ spelling, and each plain spelling typed against the
    /// printed national letter.
    #[test]
    fn every_transliteration_pair() {
        let pairs: &[(&str, &[&str])] = &[
            ("Ä", &["AE", "A"]),
            ("Ö", &["OE", "O"]),
            ("Ü", &["UE", "UXX", "U"]),
            ("Å", &["AA", "A"]),
            ("Ø", &["OE", "O"]),
            ("Ñ", &["N", "NXX"]),
            ("ß", &["SS"]),
            ("Æ", &["AE"]),
            ("Þ", &["TH"]),
            ("Ĳ", &["IJ"]),
            ("Œ", &["OE"]),
            ("É", &["E"]),
            ("Ç", &["C"]),
            ("Ł", &["L"]),
            ("Š", &["S"]),
            ("Ž", &["Z"]),
            ("Ő", &["O"]),
            ("Ğ", &["G"]),
            ("İ", &["I"]),
            ("Đ", &["D"]),
            ("Ș", &["S"]),
        ];
        for (national, plain) in pairs {
            let printed_surname = format!("B{national}R");
            for p in *plain {
                let ascii = format!("B{p}R");
                // Typed plain against the printed national letter.
                let f = printed(&printed_surname, "KIM");
                assert_eq!(
                    status(&format!("KIM {ascii}"), &f),
                    Status::Pass,
                    "{ascii} vs {printed_surname}"
                );
                // Typed national letter against an MRZ carrying this spelling.
                let m = mrz_only(&ascii, "KIM", "TD3");
                assert_eq!(
                    status(&format!("Kim {printed_surname}"), &m),
                    Status::Pass,
                    "{printed_surname} vs MRZ {ascii}"
                );
            }
        }
        // Lower-case national letters too.
        assert_eq!(status("kim bör", &printed("BÖR", "KIM")), Status::Pass);
        assert_eq!(
            status("kim großmann", &mrz_only("GROSSMANN", "KIM", "TD3")),
            Status::Pass
        );
    }

    #[test]
    fn spelling_sets() {
        let s = spellings("Müller");
        for want in ["MUELLER", "MUXXLLER", "MULLER"] {
            assert!(s.contains(want), "{s:?}");
        }
        assert_eq!(
            spellings("GROß"),
            ["GROSS".to_string()].into_iter().collect()
        );
        assert!(spellings("Иванов").contains("IVANOV"));
        assert_eq!(parts("O'Brien-Smith  Jr."), ["OBRIEN", "SMITH", "JR"]);
    }

    #[test]
    fn fixture_holders() {
        let astrom = DocFacts {
            mrz_surname: Some("AASTROEM".into()),
            mrz_given_names: Some("ANNA MARIA".into()),
            mrz_format: Some("TD3".into()),
            ..printed("ÅSTRÖM", "ANNA MARIA")
        };
        assert_eq!(status("Anna Maria Åström", &astrom), Status::Pass);
        assert_eq!(status("ANNA MARIA ASTROM", &astrom), Status::Pass);
        assert_eq!(status("ANNA MARIA AASTROEM", &astrom), Status::Pass);
        let f = check_name(Some("ANNA MARIA ÅSURÖM"), &astrom);
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.message.contains("surname: typed ÅSURÖM, document ÅSTRÖM"),
            "{}",
            f.message
        );
        let advice = f.advice.unwrap();
        assert!(
            advice.contains("given names first: ANNA MARIA ÅSTRÖM"),
            "{advice}"
        );
        assert!(
            advice.contains("no accents: ANNA MARIA AASTROEM"),
            "{advice}"
        );

        let eriksson = printed("ERIKSSÖN", "LARS PETTER");
        for ok in [
            "LARS PETTER ERIKSSON",
            "LARS PETTER ERIKSSOEN",
            "Lars Petter Erikssön",
        ] {
            assert_eq!(status(ok, &eriksson), Status::Pass, "{ok}");
        }
        let mrz = mrz_only("ERIKSSOEN", "LARS PETTER", "TD3");
        assert_eq!(status("LARS PETTER ERIKSSON", &mrz), Status::Pass);
        let f = check_name(Some("ERIKSSÖN LARS PETTER"), &eriksson);
        assert_eq!(f.status, Status::Warn);
        assert!(
            f.message
                .contains("given names first, as forms expect: LARS PETTER ERIKSSÖN"),
            "{}",
            f.message
        );

        let f = check_name(Some("HEIKE GROßMANN"), &printed("GROßMANN", "HEIKE SOPHIE"));
        assert_eq!(f.status, Status::Warn);
        assert!(f.message.contains("SOPHIE"), "{}", f.message);
        // The first given name left out is not a middle name.
        assert_eq!(
            status("SOPHIE GROSSMANN", &printed("GROßMANN", "HEIKE SOPHIE")),
            Status::Fail
        );

        let beranger = printed("BÉRANGER-DUVAL", "CLÉMENT");
        for ok in [
            "Clément Béranger-Duval",
            "CLEMENT BERANGER DUVAL",
            "Clement Berangerduval",
        ] {
            assert_eq!(status(ok, &beranger), Status::Pass, "{ok}");
        }
        let f = check_name(Some("CLEMENT DUVAL"), &beranger);
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.message.contains("surname: BÉRANGER is missing"),
            "{}",
            f.message
        );

        let silva = printed("DA SILVA", "JOÃO PEDRO");
        assert_eq!(status("JOAO PEDRO DA SILVA", &silva), Status::Pass);
        assert_eq!(status("João Pedro DaSilva", &silva), Status::Pass);
        assert_eq!(status("DA SILVA JOAO PEDRO", &silva), Status::Warn);
    }

    #[test]
    fn real_differences_fail_naming_the_part() {
        let f = check_name(Some("ANNA ERIKSON"), &printed("ERIKSSON", "ANNA"));
        assert_eq!(f.code, Some(Code::E005));
        assert!(
            f.message
                .contains("surname: typed ERIKSON, document ERIKSSON"),
            "{}",
            f.message
        );
        let f = check_name(Some("ANA ERIKSSON"), &printed("ERIKSSON", "ANNA"));
        assert!(
            f.message.contains("given names: typed ANA, document ANNA"),
            "{}",
            f.message
        );
        let f = check_name(Some("ANNA MARIA ERIKSSON"), &printed("ERIKSSON", "ANNA"));
        assert!(
            f.message.contains("typed MARIA is not on the document"),
            "{}",
            f.message
        );
        // A close spelling that is no ICAO variant is a difference (MICHAL is not MICHAEL).
        assert_eq!(
            status("MICHAL NOWAK", &printed("NOWAK", "MICHAEL")),
            Status::Fail
        );
    }

    #[test]
    fn truncated_mrz_names() {
        // TD1 name field is 30 characters: "ZU<WITTGENSTEIN<BERLEBURG<<AL" style cuts.
        let m = mrz_only("HOHENZOLLERN SIGMARINGEN", "ALEXANDRA", "TD1");
        // Encoded "HOHENZOLLERN<SIGMARINGEN<<ALEXANDRA" is 35 > 30: the reader keeps what fits.
        let cut = mrz_only("HOHENZOLLERN SIGMARINGEN", "ALEX", "TD1");
        assert_eq!(
            status("Alexandra Hohenzollern-Sigmaringen", &m),
            Status::Pass
        );
        let f = check_name(Some("Alexandra Hohenzollern-Sigmaringen"), &cut);
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert!(f.message.contains("may be cut"), "{}", f.message);
        // Whole given names dropped past the cut.
        let cut = mrz_only("PAPADOPOULOU KONSTANTINIDOU", "MA", "TD1");
        assert_eq!(
            status("Maria Eleni Papadopoulou Konstantinidou", &cut),
            Status::Pass
        );
        // But a real difference before the cut still fails.
        assert_eq!(
            status("Maria Eleni Papadopoulos Konstantinidou", &cut),
            Status::Fail
        );
        // A short MRZ name is not truncated: an extension is a difference.
        assert_eq!(
            status("ANNABELLE SMITH", &mrz_only("SMITH", "ANNA", "TD3")),
            Status::Fail
        );
    }

    #[test]
    fn skipped_when_nothing_to_compare() {
        let f = check_name(None, &printed("X", "Y"));
        assert_eq!(
            (f.status, f.message.as_str()),
            (Status::Skipped, "no --name given")
        );
        let f = check_name(Some("ANNA"), &DocFacts::default());
        assert_eq!(f.status, Status::Skipped);
        assert_eq!(f.message, "the name could not be read from the document");
    }

    #[test]
    fn visual_zone_preferred_but_mrz_counts() {
        // OCR garbled the printed surname; the MRZ agrees with the typed name.
        let facts = DocFacts {
            mrz_surname: Some("MUELLER".into()),
            mrz_given_names: Some("JUERGEN".into()),
            mrz_format: Some("TD3".into()),
            ..printed("MULLFR", "JÜRGEN")
        };
        assert_eq!(status("JÜRGEN MÜLLER", &facts), Status::Pass);
        let f = check_name(Some("JÜRGEN MAYER"), &facts);
        assert!(f.message.contains("document MULLFR"), "{}", f.message);
    }

    /// National spellings typed against real specimens' MRZ names (shared/realdata).
    #[test]
    fn national_spellings_against_real_mrz_names() {
        for (typed, surname, given, format) in [
            (
                "Þuríður Ösp Ævarsdóttir",
                "AEVARSDOTTIR",
                "THURIDUR OESP",
                "TD3",
            ),
            ("Birutė Basanavičienė", "BASANAVICIENE", "BIRUTE", "TD1"),
            ("Andris Paraudziņš", "PARAUDZINS", "ANDRIS", "TD1"),
            (
                "Inês Garção de Magalhães",
                "GARCAO DE MAGALHAES",
                "INES",
                "TD1",
            ),
            (
                "Carmen Española Española",
                "ESPANOLA ESPANOLA",
                "CARMEN",
                "TD1",
            ),
            (
                "Ali Hamad Abdullah Al-Kaabi",
                "AL KAABI",
                "ALI HAMAD ABDULLAH",
                "TD3",
            ),
            ("Mariana Tkachenko", "TKACHENKO", "MARIANA", "TD3"),
            ("Мариана Ткаченко", "TKACHENKO", "MARIANA", "TD3"),
        ] {
            let f = check_name(Some(typed), &mrz_only(surname, given, format));
            assert_eq!(f.status, Status::Pass, "{typed}: {}", f.message);
        }
    }

    /// Only the surname read from the visual zone (no MRZ): the given names are not held
    /// against the typed name.
    #[test]
    fn only_one_half_read() {
        let surname_only = DocFacts {
            surname: Some("OKONJO".into()),
            ..DocFacts::default()
        };
        let f = check_name(Some("Grace Adaeze Okonjo"), &surname_only);
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert!(
            f.message.contains("given names could not be read"),
            "{}",
            f.message
        );
        let f = check_name(Some("GRACE ADAEZE OKPNJO"), &surname_only);
        assert_eq!(f.code, Some(Code::E005));
        assert!(f.message.contains("closest: typed OKPNJO"), "{}", f.message);
        assert!(f.advice.unwrap().ends_with(": OKONJO"));
        let silva = DocFacts {
            surname: Some("DA SILVA".into()),
            ..DocFacts::default()
        };
        assert_eq!(status("JOÃO PEDRO DA SILVA", &silva), Status::Pass);
        assert_eq!(status("JOÃO PEDRO DASILVA", &silva), Status::Pass);
        let given_only = DocFacts {
            given_names: Some("JOÃO PEDRO".into()),
            ..DocFacts::default()
        };
        assert_eq!(status("Joao Pedro da Silva", &given_only), Status::Pass);
        assert_eq!(status("Joao da Silva", &given_only), Status::Fail);
    }

    #[test]
    fn chinese_names() {
        let doc = printed("张", "伟");
        assert_eq!(status("张伟", &doc), Status::Pass);
        assert_eq!(status("张 伟", &doc), Status::Pass);
        assert_eq!(status("伟张", &doc), Status::Warn);
        let f = check_name(Some("張偉"), &doc);
        assert_eq!(f.code, Some(Code::E005));
        assert!(f.message.contains("張→张, 偉→伟"), "{}", f.message);
        assert!(f.advice.unwrap().ends_with(": 张伟"));
        assert_eq!(status("张华", &doc), Status::Fail);
        // Different scripts: compared with the MRZ if there is one, else not at all.
        assert_eq!(check_name(Some("ZHANG WEI"), &doc).status, Status::Skipped);
        let both = DocFacts {
            mrz_surname: Some("ZHANG".into()),
            mrz_given_names: Some("WEI".into()),
            mrz_format: Some("TD3".into()),
            ..printed("张", "伟")
        };
        assert_eq!(status("Wei Zhang", &both), Status::Pass);
        assert_eq!(status("张伟", &both), Status::Pass);
    }

    #[test]
    fn middle_initial_warns() {
        let doc = printed("ERIKSSON", "ANNA MARIA");
        let f = check_name(Some("Anna M. Eriksson"), &doc);
        assert_eq!(f.status, Status::Warn, "{}", f.message);
        assert!(f.message.contains("MARIA (typed as M)"), "{}", f.message);
        assert!(f.advice.unwrap().ends_with(": ANNA MARIA ERIKSSON"));
        // The first given name as an initial is not enough.
        assert_eq!(status("A. Maria Eriksson", &doc), Status::Fail);
    }
}

//! How far each value read from the document can be trusted, and what that means for comparing.
//!
//! A mismatch between the form and the document is only worth an E005 when the document's value
//! is known to be right. Measured on the fixtures (186 photos, reading on, before this gate):
//! 15 of 19 `doc_number` failures, 12 of 15 `name` failures and all 3 `age` failures were
//! misreads, not typing mistakes, and 4 clean, correctly filled photos were rejected for them.
//! So each value carries its source ([`ValueSource`], recorded by the reading stage), and:
//! 1. **MRZ present**: a field whose own check digit fails is withheld (the comparison says it
//!    could not be read); when the MRZ does not verify as a whole, its names and nationality
//!    (no check digit) are withheld too. A number or date its check digit verifies is compared
//!    as it is — unless the typed number satisfies the same check digit and differs only in
//!    characters OCR confuses: then the check digit cannot tell the two apart (a warning).
//! 2. **Names carry no check digit**, in the MRZ or the printed text. A name mismatch is an
//!    E005 only when the MRZ and the printed text agree on the name, or when no misreading
//!    explains the difference; a difference a reader makes — confusable letters, diacritics
//!    dropped, a garbled read, an edge letter missing next to a quality failure — becomes a
//!    warning that asks the person to check and never tells them to type the value read.
//! 3. **Printed text only** (ID-card fronts, licences): a failing number or date comparison is
//!    kept only when the difference looks like a typing mistake; a misreading — confusable
//!    characters only, a garbled read, a date far off — becomes a warning. Age and expiry are
//!    then judged from the form's dates when the form gives them.
//! 4. A photo that fails a quality check that spoils reading (blur, a steep angle; and for an
//!    unproven value also glare, a cover, exposure, resolution) turns the E005 into a warning —
//!    except a date its verified check digit proves and that the form gives with day and month
//!    swapped.

use crate::facts::{DocFacts, ValueSource};
use crate::fields::{self, numbers};
use crate::finding::{Finding, Status};
use crate::form::Form;
use crate::read::MrzChecks;
use chrono::NaiveDate;

/// Where the document's values came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An MRZ whose every check digit verifies.
    VerifiedMrz,
    /// An MRZ with at least one failing check digit: failing fields withheld.
    PartialMrz,
    /// No MRZ: the printed text only.
    PrintedOnly,
    /// A decoded PDF417 barcode (AAMVA data): exact when decoded (Reed-Solomon error
    /// correction), so it needs no check digit; compared as a verified MRZ is.
    Barcode,
    /// Nothing was read.
    Nothing,
}

/// Withholds values the MRZ's own check digits do not vouch for.
pub fn gate(
    mut facts: DocFacts,
    mrz_valid: Option<bool>,
    checks: &MrzChecks,
) -> (DocFacts, Source) {
    let source = match mrz_valid {
        Some(true) => Source::VerifiedMrz,
        Some(false) => Source::PartialMrz,
        None if facts == DocFacts::default() => Source::Nothing,
        None => Source::PrintedOnly,
    };
    if source == Source::PartialMrz {
        if checks.document_number == Some(false) {
            facts.doc_number = None;
            facts.doc_number_check_ok = None;
            facts.sources.doc_number = None;
        }
        if checks.dob == Some(false) {
            facts.dob = None;
            facts.sources.dob = None;
        }
        if checks.expiry == Some(false) {
            facts.expiry = None;
            facts.sources.expiry = None;
        }
        facts.surname = None;
        facts.given_names = None;
        facts.mrz_surname = None;
        facts.mrz_given_names = None;
        facts.nationality = None;
        facts.sources.name = None;
        facts.sources.nationality = None;
    }
    (facts, source)
}

/// The source of the value a comparing check used: the reading stage's record, else (facts
/// built by hand) what the document's overall source implies.
fn source_of(check: &str, facts: &DocFacts, overall: Source) -> ValueSource {
    let s = &facts.sources;
    let recorded = match check {
        "name" => s.name,
        "dob" | "age" => s.dob,
        "doc_number" => s.doc_number,
        "expiry" => s.expiry,
        "nationality" => s.nationality,
        _ => None,
    };
    recorded.unwrap_or(match (overall, check) {
        (Source::Barcode, _) => ValueSource::Barcode,
        (Source::VerifiedMrz | Source::PartialMrz, "name" | "nationality") => {
            ValueSource::MrzUnchecked
        }
        (Source::VerifiedMrz | Source::PartialMrz, _) => ValueSource::MrzVerified,
        _ => ValueSource::Printed,
    })
}

/// Tempers the comparing stage's failures by what vouches for each value (see the module
/// documentation). `findings` are `fields::compare`'s, in its order; `photo_failures` the
/// quality checks that failed.
pub fn temper(
    findings: &mut [Finding],
    overall: Source,
    form: &Form,
    facts: &DocFacts,
    today: NaiveDate,
    photo_failures: &[&str],
) {
    for f in findings.iter_mut() {
        if f.status != Status::Fail {
            continue;
        }
        let source = source_of(f.check, facts, overall);
        // 3. A photo that fails a reading-related quality check cannot confirm a mismatch: E001
        //    already asks for a retake, and an E005 read through blur or glare would mislead.
        //    Even a verified MRZ is not proof under blur: on fixture td1b-desk-blur-090 every
        //    check digit verified on `I0Z2S50B1` for the printed `IDZ2S5081` (two substitutions
        //    whose weights cancel). Glare and covers are local, so a value proven by its check
        //    digit or by both zones agreeing still counts under them. Blur and a steep angle
        //    distort every glyph (fixture td3-wood-steep-157 read the surname AASTROEM as
        //    AAS<ROEM at 31°). A date its verified check digit proves and that the form gives
        //    with day and month swapped stays proven: no misreading turns a date into exactly
        //    the typed one's swap and still verifies.
        let spoilers: &[&str] = if source.proven() {
            &["blur", "angle"]
        } else {
            // `corners`: a document cut by the frame hides part of its text, and what is left
            // is read against the wrong labels (a passport page cropped through its MRZ read
            // its printed expiry 2031-04-15 as 2020-04-15 and its birth year 1974 as 2019).
            &[
                "blur",
                "glare",
                "occlusion",
                "exposure",
                "resolution",
                "angle",
                "corners",
            ]
        };
        let spoiled = photo_failures.iter().find(|c| spoilers.contains(c));
        let proven_swap = source == ValueSource::MrzVerified && swapped_date(f.check, form, facts);
        if let (Some(check), false) = (spoiled, proven_swap) {
            // E044 without a verified MRZ rests on the outline's aspect ratio alone, which a
            // low-resolution or steep photo distorts (fixture td3-wood-lowres-166: a passport
            // page measured card-shaped).
            let type_by_shape = f.code == Some(crate::codes::Code::E044)
                && !matches!(overall, Source::VerifiedMrz | Source::Barcode)
                && !facts.has_mrz;
            // An expiry or a birth date read without proof cannot prove E018 or E020 on a
            // photo that spoils reading either; with the form's own date, that date is judged
            // below instead (fixture td3-desk-combo-blur-184: an expired date typed is E018
            // whatever the photo).
            let unproven_date = !source.proven()
                && match f.code {
                    Some(crate::codes::Code::E018) => form.expiry.is_none(),
                    Some(crate::codes::Code::E020) => form.dob.is_none(),
                    _ => false,
                };
            if f.code == Some(crate::codes::Code::E005) || type_by_shape || unproven_date {
                let mut soft = unconfirmed(f, what(f.check), source).unconfirmed();
                soft.message = format!(
                    "could not confirm the {} (the photo fails the {check} check): {}",
                    what(f.check),
                    soft.message
                        .split_once(": ")
                        .map_or(soft.message.as_str(), |(_, rest)| rest)
                );
                *f = soft;
                continue;
            }
        }
        let replacement = match (f.check, source) {
            ("doc_number", ValueSource::Printed) => doc_number(form, facts, f),
            ("doc_number", ValueSource::MrzVerified) => typed_also_verifies(form, facts, f),
            ("name", ValueSource::Printed | ValueSource::MrzUnchecked) => {
                name(form, facts, f, source, photo_failures)
            }
            ("dob", ValueSource::Printed) => {
                Some(unconfirmed(f, "date of birth", source).unconfirmed())
            }
            ("age", ValueSource::Printed) if form.dob.is_some() => {
                Some(fields::validity::check_age(form, None, today))
            }
            // Nothing typed to judge instead: a date of birth read from printed text alone
            // (no check digit; a label mistaken for another puts the issue date there) cannot
            // prove E020, which cannot be fixed. Fixture dl-white-phone-clean-022's printed
            // 1998-09-09 was read 2014-09-09 and predicted "under 18" with no form values.
            ("age", ValueSource::Printed) => Some(unconfirmed(f, "date of birth", source)),
            ("expiry", ValueSource::Printed) if form.expiry.is_some() => {
                let without = DocFacts {
                    expiry: None,
                    ..facts.clone()
                };
                let judged = fields::validity::check_expiry(form, &without, today);
                Some(if judged.status == Status::Fail {
                    judged
                } else {
                    unconfirmed(f, "expiry date", source).unconfirmed()
                })
            }
            _ => None,
        };
        if let Some(r) = replacement {
            *f = r;
        }
    }
}

/// Whether the form's date for `check` is the document's with day and month swapped.
fn swapped_date(check: &str, form: &Form, facts: &DocFacts) -> bool {
    let (typed, doc) = match check {
        "dob" => (form.dob, facts.dob),
        "expiry" => (form.expiry, facts.expiry),
        _ => return false,
    };
    let (Some(t), Some(d)) = (typed, doc) else {
        return false;
    };
    use chrono::Datelike;
    t != d && t.year() == d.year() && t.day() == d.month() && t.month() == d.day()
}

/// A typed number that satisfies the document's own check digit, and differs from the number
/// read only in characters OCR confuses, may be the right one: the check digit cannot tell the
/// two apart, so the difference is not proven.
fn typed_also_verifies(form: &Form, facts: &DocFacts, f: &Finding) -> Option<Finding> {
    let typed = numbers::normalize(form.doc_number.as_deref()?).to_uppercase();
    let read = numbers::normalize(facts.doc_number.as_deref()?).to_uppercase();
    let same_digit = numbers::icao_check_digit(&typed)? == numbers::icao_check_digit(&read)?;
    let diffs = numbers::diff(&typed, &read);
    let confusable_only = !diffs.is_empty()
        && diffs.iter().all(|d| match d {
            numbers::CharDiff::Changed { typed, doc, .. } => numbers::misread(*typed, *doc),
            _ => false,
        });
    (same_digit && confusable_only).then(|| {
        Finding::warn(
            f.check,
            format!(
                "could not confirm the document number: the number typed satisfies the \
                 document's check digit too, and differs from the reading only in characters \
                 that are easily confused; {}",
                f.message
            ),
        )
        .with_advice(
            "Compare the document number you type with the document itself, character by \
             character.",
        )
    })
}

fn what(check: &str) -> &str {
    match check {
        "doc_number" => "document number",
        "dob" => "date of birth",
        "expiry" => "expiry date",
        "age" => "date of birth",
        "doc_type" => "document type",
        other => other,
    }
}

fn unconfirmed(f: &Finding, what: &str, source: ValueSource) -> Finding {
    let why = match source {
        ValueSource::MrzVerified => "read from the MRZ",
        ValueSource::MrzAndPrinted => "read from the MRZ and the printed text",
        ValueSource::MrzUnchecked => "read from the MRZ, where this field carries no check digit",
        ValueSource::MrzFailed => "read from the MRZ, whose check digit for it fails",
        ValueSource::Printed => "read from the printed text, which carries no check digit",
        ValueSource::Barcode => "read from the barcode",
    };
    Finding::warn(
        f.check,
        format!("could not confirm the {what}: {why}; {}", f.message),
    )
    .with_advice(format!(
        "Compare the {what} you type with the document itself, character by character."
    ))
}

/// A number read from printed text that differs only in confusable characters, or that is
/// garbled (length off by more than one, or more than a third of the characters different), is
/// more likely misread than mistyped.
fn doc_number(form: &Form, facts: &DocFacts, f: &Finding) -> Option<Finding> {
    let typed = numbers::normalize(form.doc_number.as_deref()?).to_uppercase();
    let read = numbers::normalize(facts.doc_number.as_deref()?).to_uppercase();
    let diffs = numbers::diff(&typed, &read);
    // OCR of clean print confuses a letter with a digit of the same shape (I/1, O/0, S/5, Z/2,
    // B/8): all four misreads on clean fixtures were of this kind (I→1 three times, O→0 once).
    // A digit read as another digit (6/8, 1/7) is the reader's — the person's — slip, and stays
    // a failure (fixture dl-desk-form-numberconfusable-066: typed 6 for the printed 8).
    let confusable_only = !diffs.is_empty()
        && diffs.iter().all(|d| match d {
            numbers::CharDiff::Changed { typed, doc, .. } => {
                numbers::confusable(*typed, *doc) && typed.is_ascii_digit() != doc.is_ascii_digit()
            }
            _ => false,
        });
    let garbled = typed.chars().count().abs_diff(read.chars().count()) > 1
        || diffs.len() * 3 > typed.chars().count().max(1);
    // A reader also loses the first or the last character of a value (the field's box cut
    // short, an edge glyph merged into what lies beside it); it does not invent one that fits.
    // So a read that is the typed number without its first or last character, confusable
    // characters aside, supports nothing either (fixture design-idfront-right-wood, a page design
    // the reader was not tuned on: `IA5S81706` read `1A5S8170`, an E005 before).
    let n_read = read.chars().count();
    let edge_lost = diffs.iter().all(|d| match d {
        numbers::CharDiff::Changed { typed, doc, .. } => {
            numbers::confusable(*typed, *doc) && typed.is_ascii_digit() != doc.is_ascii_digit()
        }
        numbers::CharDiff::Extra { after, .. } => *after == 0 || *after == n_read,
        numbers::CharDiff::Missing { .. } => false,
    }) && diffs
        .iter()
        .filter(|d| matches!(d, numbers::CharDiff::Extra { .. }))
        .count()
        == 1;
    let garbled = garbled || edge_lost;
    // Confusable characters only: the reading is the typed number as OCR would misread it, so
    // it supports the typed value (a warning). A garbled reading supports nothing: the typed
    // number is neither contradicted nor confirmed (the verdict becomes `unverified`).
    (confusable_only || garbled).then(|| {
        let w = unconfirmed(f, "document number", ValueSource::Printed);
        if confusable_only {
            w
        } else {
            w.unconfirmed()
        }
    })
}

/// Letters only, upper case, diacritics folded to their base letter.
fn fold(s: &str) -> String {
    crate::translit::letters(s, crate::translit::Style::Simple)
}

/// Letters that OCR takes for one another, either way round: the round and stem shapes of
/// print and OCR-B, and the pairs this project's reading notes record on real documents (M/N on
/// a US border-crossing card read `GOMZALEZ`, R/B on Japan's read `SAKUBA`). U/V is left out:
/// OCR-B draws them apart, and a person types LINDQUIST for LINDQVIST. T/I as E/F: a stem
/// whose bars differ only at its foot (OCR-B's I has a bar at the top like T's and one at the
/// foot), which a shadow's edge or blur across the line can add or take (a fixture's MRZ read
/// OTTO as OTIO under a cast shadow with every check digit verifying); the two keys are apart,
/// so it is not a typing slip either.
const CONFUSABLE_LETTERS: [(char, char); 11] = [
    ('M', 'N'),
    ('R', 'B'),
    ('P', 'R'),
    ('O', 'D'),
    ('O', 'Q'),
    ('D', 'Q'),
    ('I', 'L'),
    ('I', 'J'),
    ('E', 'F'),
    ('T', 'I'),
    ('C', 'G'),
];

/// Whether a letter typed and a character read are a pair OCR confuses (letters, or a letter
/// and the digit of the same shape: O/0, I/1, S/5, Z/2, B/8).
fn confusable_in_name(typed: char, read: char) -> bool {
    CONFUSABLE_LETTERS
        .iter()
        .any(|&(x, y)| (typed, read) == (x, y) || (typed, read) == (y, x))
        || (numbers::confusable(typed, read) && typed.is_ascii_digit() != read.is_ascii_digit())
}

/// Quality failures that can hide a letter at the end of a name part: glare, a cover, a dark
/// or washed-out patch, or the document cut by the frame.
const HIDES_EDGES: [&str; 6] = [
    "glare",
    "occlusion",
    "exposure",
    "margin",
    "corners",
    "blur",
];

/// A name read without proof (printed text, or the MRZ's name field, which carries no check
/// digit) is more likely misread than mistyped when its difference from the typed name is one
/// a reader makes: the typed letters with diacritics dropped (OCR loses Ø, Å, Ä …); a garbled
/// read (more than a quarter of the letters off, or label words read as the name); only
/// characters OCR confuses; or a missing first or last letter of a part while a quality check
/// that can hide it fails (glare over the `L` of `LARS` reads `ARS`).
fn name(
    form: &Form,
    facts: &DocFacts,
    f: &Finding,
    source: ValueSource,
    photo_failures: &[&str],
) -> Option<Finding> {
    let typed = form.name.as_deref()?;
    let read = [facts.given_names.as_deref(), facts.surname.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut typed_tokens: Vec<String> = typed.split_whitespace().map(fold_keep_digits).collect();
    let mut read_tokens: Vec<String> = read.split_whitespace().map(fold_keep_digits).collect();
    typed_tokens.retain(|t| !t.is_empty());
    read_tokens.retain(|t| !t.is_empty());
    let ascii_only: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_uppercase();
    let dropped_diacritics = {
        let mut a: Vec<char> = ascii_only.chars().collect();
        let mut b: Vec<char> = fold(&read).chars().collect();
        a.sort_unstable();
        b.sort_unstable();
        a == b
    };
    // the typed name spelled every way ICAO 9303 transliterates it (an MRZ writes BRÜCKNER as
    // BRUECKNER), so that only the letters a reader changed are left to explain
    let edges_hidden = photo_failures.iter().any(|c| HIDES_EDGES.contains(c));
    let misread = crate::translit::STYLES.iter().any(|&style| {
        let typed_in_style: Vec<String> = typed
            .split_whitespace()
            .map(|w| crate::translit::letters_digits(w, style))
            .filter(|t| !t.is_empty())
            .collect();
        misread_parts(&typed_in_style, &read_tokens, edges_hidden)
    });
    // The distance between the names as typed and as read (given names first), in that order
    // and with the parts sorted (the form may put the surname first); the smaller counts, so a
    // part whose first letter changed does not move and count as many.
    let in_order = strsim::levenshtein(&typed_tokens.concat(), &read_tokens.concat());
    typed_tokens.sort();
    read_tokens.sort();
    let t = typed_tokens.concat();
    let r = read_tokens.concat();
    let distance = strsim::levenshtein(&t, &r).min(in_order);
    let garbled = distance * 4 > t.len().max(r.len()).max(1);
    // Diacritics dropped or confusable letters: the reading is the typed name as OCR would
    // misread it, so it supports it (a warning). A reading far from the typed name (garbled,
    // or another name altogether: a licence read GRACE ADAEZE OKONJO for a typed JOHN DOE)
    // supports nothing, so the verdict cannot be a pass (`unverified`).
    let explained = dropped_diacritics || misread;
    (explained || garbled).then(|| {
        let w = unconfirmed(f, "name", source);
        if explained {
            w
        } else {
            w.unconfirmed()
        }
    })
}

/// Whether each typed part has a read part that equals it but for characters OCR confuses, or
/// (when `edges_hidden`) but for a missing first or last letter; and at least one differs.
fn misread_parts(typed: &[String], read: &[String], edges_hidden: bool) -> bool {
    if typed.len() != read.len() || typed.is_empty() {
        return false;
    }
    let explained = |t: &str, r: &str| -> bool {
        let diffs = numbers::diff(t, r);
        let n = t.chars().count();
        diffs.iter().all(|d| match d {
            numbers::CharDiff::Changed { typed, doc, .. } => confusable_in_name(*typed, *doc),
            // `diff` aligns the typed part (`typed`) with the read one (`doc`): a letter typed
            // that the read lacks is "extra" in the typed part, after read position `after`.
            numbers::CharDiff::Extra { after, .. } => {
                edges_hidden && diffs.len() == 1 && (*after == 0 || *after + 1 == n)
            }
            numbers::CharDiff::Missing { .. } => false,
        })
    };
    let mut used = vec![false; read.len()];
    let mut differs = false;
    for t in typed {
        let Some(j) = (0..read.len())
            .find(|&j| !used[j] && read[j] == *t)
            .or_else(|| (0..read.len()).find(|&j| !used[j] && explained(t, &read[j])))
        else {
            return false;
        };
        differs |= read[j] != *t;
        used[j] = true;
    }
    differs
}

/// Upper case, diacritics folded, letters and digits kept (a misread name may hold digits).
fn fold_keep_digits(s: &str) -> String {
    crate::translit::letters_digits(s, crate::translit::Style::Simple)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;

    fn printed(surname: &str, given: &str, number: &str) -> DocFacts {
        DocFacts {
            surname: Some(surname.into()),
            given_names: Some(given.into()),
            doc_number: Some(number.into()),
            ..DocFacts::default()
        }
    }

    fn form(name: &str, number: &str) -> Form {
        Form {
            name: Some(name.into()),
            doc_number: Some(number.into()),
            ..Form::default()
        }
    }

    fn temper_one(check: &'static str, form: &Form, facts: &DocFacts) -> Status {
        let mut f = vec![Finding::fail(check, Code::E005, "differs")];
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        temper(&mut f, Source::PrintedOnly, form, facts, today, &[]);
        f[0].status
    }

    #[test]
    fn a_confusable_misread_is_a_warning_a_typo_stays_a_failure() {
        let facts = printed("ØSTERGAARD", "MADS", "1A5S81706");
        assert_eq!(
            temper_one("doc_number", &form("MADS ØSTERGAARD", "IA5S81706"), &facts),
            Status::Warn
        );
        assert_eq!(
            temper_one("doc_number", &form("MADS ØSTERGAARD", "1A5S81766"), &facts),
            Status::Fail
        );
        let licence = printed("OKONJO", "GRACE", "5B81720Z");
        assert_eq!(
            temper_one("doc_number", &form("GRACE OKONJO", "5B61720Z"), &licence),
            Status::Fail,
            "a digit for a digit is a typing slip"
        );
    }

    #[test]
    fn a_name_read_with_i_for_t_is_a_warning_a_keyboard_slip_is_not() {
        // as an MRZ spells a typed Ü
        let read = printed("BRUECKNER", "OTIO", "X");
        assert_eq!(
            temper_one("name", &form("Otto Brückner", "X"), &read),
            Status::Warn
        );
        let slip = printed("BRUECKNER", "OTTO", "X");
        assert_eq!(
            temper_one("name", &form("OTYO BRUECKNER", "X"), &slip),
            Status::Fail,
            "Y beside T on the keyboard"
        );
    }

    #[test]
    fn dropped_diacritics_and_garbled_names_are_warnings() {
        let dropped = printed("STERGAARD", "MADS", "X");
        assert_eq!(
            temper_one("name", &form("MADS ØSTERGAARD", "X"), &dropped),
            Status::Warn
        );
        let garbled = printed("SCHRODER", "DATE", "X");
        assert_eq!(
            temper_one("name", &form("KLARA ÅSA SCHRÖDER", "X"), &garbled),
            Status::Warn
        );
        let typo = printed("LINDQVIST", "ELSA", "X");
        assert_eq!(
            temper_one("name", &form("ELSA LINDQUIST", "X"), &typo),
            Status::Fail
        );
    }

    fn tempered(check: &'static str, form: &Form, facts: &DocFacts) -> Finding {
        let mut f = vec![Finding::fail(check, Code::E005, "differs")];
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        temper(&mut f, Source::PrintedOnly, form, facts, today, &[]);
        f.remove(0)
    }

    /// A reading the typed value explains (confusables, dropped diacritics) supports it; one
    /// far from it (another name, a garbled number, another date) supports nothing, and is
    /// marked so that the verdict is `unverified`, never `pass` (a licence read GRACE ADAEZE
    /// OKONJO passed a typed JOHN DOE before this rule).
    #[test]
    fn an_unexplained_difference_is_unconfirmed_an_explained_one_is_not() {
        let licence = printed("OKONJO", "GRACE ADAEZE", "5B81720Z");
        let other = tempered("name", &form("JOHN DOE", "5B81720Z"), &licence);
        assert_eq!(other.status, Status::Warn);
        assert!(
            other.unconfirmed,
            "another name altogether is not supported"
        );
        let dropped = printed("STERGAARD", "MADS", "1A5S81706");
        let f = tempered("name", &form("MADS ØSTERGAARD", "X"), &dropped);
        assert!(
            f.status == Status::Warn && !f.unconfirmed,
            "Ø dropped supports the name"
        );
        let f = tempered("doc_number", &form("MADS", "IA5S81706"), &dropped);
        assert!(
            f.status == Status::Warn && !f.unconfirmed,
            "I/1 supports the number"
        );
        let f = tempered("doc_number", &form("MADS", "QQ"), &dropped);
        assert!(f.unconfirmed, "a garbled reading supports nothing");
        let dated = DocFacts {
            dob: NaiveDate::from_ymd_opt(2014, 9, 9),
            ..licence.clone()
        };
        let typed = Form {
            dob: NaiveDate::from_ymd_opt(1998, 9, 9),
            ..Form::default()
        };
        let f = tempered("dob", &typed, &dated);
        assert!(f.status == Status::Warn && f.unconfirmed);
    }

    /// A printed expiry or birth date on a photo cut by the frame cannot prove E018/E020 (a
    /// passport page cropped through its MRZ read its expiry 2031 as 2020); a verified MRZ's
    /// date still does.
    #[test]
    fn a_cut_photo_s_printed_dates_prove_no_expiry_or_age_rejection() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let facts = printed("X", "Y", "Z");
        for (check, code) in [("expiry", Code::E018), ("age", Code::E020)] {
            let mut f = vec![Finding::fail(check, code, "expired")];
            temper(
                &mut f,
                Source::PrintedOnly,
                &Form::default(),
                &facts,
                today,
                &["corners"],
            );
            assert_eq!(f[0].status, Status::Warn, "{check}");
            let mut f = vec![Finding::fail(check, code, "expired")];
            temper(
                &mut f,
                Source::VerifiedMrz,
                &Form::default(),
                &facts,
                today,
                &["corners"],
            );
            assert_eq!(f[0].status, Status::Fail, "{check} from a verified MRZ");
        }
    }

    #[test]
    fn blur_spoils_even_a_verified_mrz_glare_does_not() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let facts = printed("X", "Y", "I0Z2S50B1");
        let f = form("Y X", "IDZ2S5081");
        for (failing, expected) in [("blur", Status::Warn), ("glare", Status::Fail)] {
            let mut findings = vec![Finding::fail("doc_number", Code::E005, "differs")];
            temper(
                &mut findings,
                Source::VerifiedMrz,
                &f,
                &facts,
                today,
                &[failing],
            );
            assert_eq!(findings[0].status, expected, "{failing}");
        }
    }

    fn mrz_named(surname: &str, given: &str, source: ValueSource) -> DocFacts {
        DocFacts {
            has_mrz: true,
            mrz_surname: Some(surname.into()),
            mrz_given_names: Some(given.into()),
            surname: Some(surname.into()),
            given_names: Some(given.into()),
            sources: crate::facts::Sources {
                name: Some(source),
                ..Default::default()
            },
            ..DocFacts::default()
        }
    }

    fn temper_verified(
        check: &'static str,
        form: &Form,
        facts: &DocFacts,
        failing: &[&str],
    ) -> Status {
        let mut f = vec![Finding::fail(check, Code::E005, "differs")];
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        temper(&mut f, Source::VerifiedMrz, form, facts, today, failing);
        f[0].status
    }

    /// A verified MRZ vouches for its number and dates only: a name read from it alone that
    /// differs by letters OCR confuses is a warning; the same difference in both zones, or a
    /// difference no misreading explains, stays a failure.
    #[test]
    fn names_carry_no_check_digit() {
        let typed = form("CARLOS GONZALEZ", "X");
        let mrz_only = mrz_named("GOMZALEZ", "CARLOS", ValueSource::MrzUnchecked);
        assert_eq!(
            temper_verified("name", &typed, &mrz_only, &[]),
            Status::Warn
        );
        let both = mrz_named("GOMZALEZ", "CARLOS", ValueSource::MrzAndPrinted);
        assert_eq!(temper_verified("name", &typed, &both, &[]), Status::Fail);
        // a digit typed where the reader made a letter of it (names hold no digits in ICAO
        // 9303, so the reader maps them; a specimen printing `NOMBRE1` was read `NOMBREI`)
        let digits = mrz_named("APELLIDOZ", "NOMBREI", ValueSource::MrzUnchecked);
        assert_eq!(
            temper_verified("name", &form("NOMBRE1 APELLIDO2", "X"), &digits, &[]),
            Status::Warn
        );
        let typo = mrz_named("LINDQVIST", "ELSA", ValueSource::MrzUnchecked);
        assert_eq!(
            temper_verified("name", &form("ELSA LINDQUIST", "X"), &typo, &[]),
            Status::Fail
        );
    }

    /// A letter missing at the edge of a part is a misreading only while a quality failure
    /// that can hide it (here the document cut by the frame) is present.
    #[test]
    fn a_missing_edge_letter_is_a_misreading_only_next_to_a_quality_failure() {
        let facts = mrz_named("ERIKSSON", "ARS PETTER", ValueSource::MrzUnchecked);
        let typed = form("LARS PETTER ERIKSSON", "X");
        assert_eq!(
            temper_verified("name", &typed, &facts, &["margin"]),
            Status::Warn
        );
        assert_eq!(temper_verified("name", &typed, &facts, &[]), Status::Fail);
    }

    /// A number read from the printed text without the typed number's first or last character
    /// (confusable swaps aside) is a misreading, not proof of a typing mistake: unconfirmed.
    #[test]
    fn a_printed_number_read_without_its_last_or_first_character_is_unconfirmed() {
        // the reader lost the last character (and read I as 1): not proof of a typing mistake
        let form = form("ANNA MARIA ERIKSSON", "IA5S81706");
        for read in ["1A5S8170", "A5S81706", "IA5S8170"] {
            let f = tempered(
                "doc_number",
                &form,
                &printed("ERIKSSON", "ANNA MARIA", read),
            );
            assert_eq!(f.status, Status::Warn, "{read}: {f:?}");
        }
        // a character lost inside the number, or one more read than typed, stays a failure
        for read in ["IA5S8706", "IA5S817069"] {
            let f = tempered(
                "doc_number",
                &form,
                &printed("ERIKSSON", "ANNA MARIA", read),
            );
            assert_eq!(f.status, Status::Fail, "{read}: {f:?}");
        }
    }

    /// A typed number that satisfies the document's check digit and differs from the reading
    /// only in characters a reader confuses is not proven wrong (a warning); any other
    /// difference is (E005). Each row: the number read (its check digit verified), the number
    /// typed, the status, why.
    #[test]
    fn a_typed_number_differing_by_a_confusion_the_check_digit_accepts_is_not_proof() {
        let rows = [
            // X4B21S508 and X4821S50B both give check digit 2: B/8 and 8/B are confusions
            (
                "X4B21S508",
                "X4821S50B",
                Status::Warn,
                "B and 8 swapped both ways",
            ),
            (
                "X4B21S508",
                "X4B21S5O8",
                Status::Fail,
                "O for 0 changes the check digit",
            ),
            // 6 and G weigh the same (6 and 16): a synthetic strip of the tuning part had its
            // `6` read as `G` by the MRZ model, the check digit verifying
            ("B987G5432", "B98765432", Status::Warn, "a 6 read as G"),
            (
                "B987G5432",
                "B98765482",
                Status::Fail,
                "a digit for a digit is typed",
            ),
        ];
        for (read, typed, want, why) in rows {
            let facts = DocFacts {
                doc_number: Some(read.into()),
                doc_number_check_ok: Some(true),
                has_mrz: true,
                ..DocFacts::default()
            };
            let got = temper_verified("doc_number", &form("A B", typed), &facts, &[]);
            assert_eq!(got, want, "{read} read, {typed} typed: {why}");
        }
    }

    /// A day/month swap its verified check digit confirms stays an E005 even under blur.
    #[test]
    fn a_date_its_check_digit_proves_is_proven() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let facts = DocFacts {
            dob: Some(d("1974-08-12")),
            has_mrz: true,
            sources: crate::facts::Sources {
                dob: Some(ValueSource::MrzVerified),
                ..Default::default()
            },
            ..DocFacts::default()
        };
        let swapped = Form {
            dob: Some(d("1974-12-08")),
            ..Form::default()
        };
        assert_eq!(
            temper_verified("dob", &swapped, &facts, &["blur"]),
            Status::Fail
        );
        let other = Form {
            dob: Some(d("1974-08-13")),
            ..Form::default()
        };
        assert_eq!(
            temper_verified("dob", &other, &facts, &["blur"]),
            Status::Warn
        );
        assert_eq!(
            temper_verified("dob", &other, &facts, &["glare"]),
            Status::Fail
        );
    }

    #[test]
    fn a_partly_verified_mrz_withholds_failing_fields() {
        let facts = DocFacts {
            doc_number: Some("8B650278T".into()),
            dob: NaiveDate::from_ymd_opt(1990, 1, 1),
            surname: Some("SNTS".into()),
            nationality: Some("OO9".into()),
            has_mrz: true,
            ..DocFacts::default()
        };
        let checks = MrzChecks {
            document_number: Some(false),
            dob: Some(true),
            ..MrzChecks::default()
        };
        let (gated, source) = gate(facts, Some(false), &checks);
        assert_eq!(source, Source::PartialMrz);
        assert_eq!(gated.doc_number, None);
        assert!(gated.dob.is_some());
        assert_eq!(gated.surname, None);
        assert_eq!(gated.nationality, None);
    }
}

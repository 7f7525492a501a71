//! Document numbers (`doc_number`): the typed number must equal the document's, ignoring case,
//! spaces and `<`. A difference is described character by character, naming the confusable
//! pairs involved (1/7, 6/8, 0/O, 5/S, 2/Z, B/8, 1/I), and the document's own check digit says
//! which side to trust. Mainland-China resident ID numbers are validated on their own.

use super::china;
use crate::codes::Code;
use crate::facts::DocFacts;
use crate::finding::Finding;
use chrono::NaiveDate;

const CHECK: &str = "doc_number";

/// Pairs of characters people and OCR confuse in document numbers (SPEC §3 E005 causes;
/// fixtures/README: numbers carry 0/O, 1/7, 6/8, 5/S, 2/Z, B/8 on purpose).
pub const CONFUSABLE: [(char, char); 7] = [
    ('1', '7'),
    ('6', '8'),
    ('0', 'O'),
    ('5', 'S'),
    ('2', 'Z'),
    ('8', 'B'),
    ('1', 'I'),
];

/// Pairs a reader (not a typist) confuses in a document number, beyond [`CONFUSABLE`], that the
/// ICAO check digit cannot tell apart alone: of the pairs the two MRZ models (`eng` and the MRZ
/// model, [`crate::read`]) read differently at least twice on the tuning part of
/// `tests/data/realdata_split.tsv` (O/0 many times, D/0 four, G/6 two), only `G`/`6` weigh the
/// same modulo 10 (16 and 6). A synthetic tuning image (`mrz_strip_taylor`) had its `6` read as
/// `G` with the check digit verifying.
const MISREAD: [(char, char); 1] = [('6', 'G')];

/// Whether a reader may have read one for the other: a [`confusable`] pair or a [`MISREAD`] one.
pub fn misread(a: char, b: char) -> bool {
    confusable(a, b)
        || MISREAD
            .iter()
            .any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
}

/// Longer numbers are not compared character by character. ICAO 9303 TD1 long document
/// numbers have at most 9 + 15 characters; national numbers (China 18) are shorter.
const MAX_NUMBER_CHARS: usize = 64;

/// A number as compared: full-width forms and `〇` folded, upper case, without spaces or `<`.
pub fn normalize(s: &str) -> String {
    china::normalize(s).chars().filter(|c| *c != '<').collect()
}

/// Whether two characters are a known confusable pair (either way round).
pub fn confusable(a: char, b: char) -> bool {
    CONFUSABLE
        .iter()
        .any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
}

/// How a character reads in words, so `0` and `O` can be told apart in a message.
fn describe(c: char) -> String {
    match c {
        '0' => "0 (digit zero)".into(),
        'O' => "O (letter O)".into(),
        '1' => "1 (digit one)".into(),
        'I' => "I (letter I)".into(),
        c if c.is_ascii_digit() => format!("{c} (digit)"),
        c if c.is_ascii_alphabetic() => format!("{c} (letter)"),
        c => format!("{c:?}"),
    }
}

/// ICAO 9303 check digit (7-3-1) of a number, if it uses only MRZ characters.
pub fn icao_check_digit(number: &str) -> Option<u32> {
    mrz::check_digit(number).ok()
}

/// One difference between the typed and the document's number.
#[derive(Debug, Clone, PartialEq)]
pub enum CharDiff {
    /// 1-based position in the document's number.
    Changed {
        pos: usize,
        typed: char,
        doc: char,
    },
    Missing {
        pos: usize,
        doc: char,
    },
    Extra {
        after: usize,
        typed: char,
    },
}

/// Character differences by a minimum edit alignment (positions in the document's number).
pub fn diff(typed: &str, doc: &str) -> Vec<CharDiff> {
    let t: Vec<char> = typed.chars().collect();
    let d: Vec<char> = doc.chars().collect();
    let (n, m) = (t.len(), d.len());
    let mut cost = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, c) in cost[0].iter_mut().enumerate() {
        *c = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            cost[i][j] = (cost[i - 1][j - 1] + usize::from(t[i - 1] != d[j - 1]))
                .min(cost[i - 1][j] + 1)
                .min(cost[i][j - 1] + 1);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + usize::from(t[i - 1] != d[j - 1]) {
            if t[i - 1] != d[j - 1] {
                out.push(CharDiff::Changed {
                    pos: j,
                    typed: t[i - 1],
                    doc: d[j - 1],
                });
            }
            i -= 1;
            j -= 1;
        } else if i > 0 && (j == 0 || cost[i][j] == cost[i - 1][j] + 1) {
            out.push(CharDiff::Extra {
                after: j,
                typed: t[i - 1],
            });
            i -= 1;
        } else {
            out.push(CharDiff::Missing {
                pos: j,
                doc: d[j - 1],
            });
            j -= 1;
        }
    }
    out.reverse();
    out
}

fn describe_diffs(diffs: &[CharDiff]) -> (Vec<String>, Vec<String>) {
    let mut phrases = Vec::new();
    let mut pairs = Vec::new();
    for d in diffs {
        match *d {
            CharDiff::Changed { pos, typed, doc } => {
                let mut p = format!(
                    "character {pos}: typed {}, document {}",
                    describe(typed),
                    describe(doc)
                );
                if confusable(typed, doc) {
                    p.push_str(&format!(" ({typed}/{doc} are easily confused)"));
                    let pair = format!("{typed}/{doc}");
                    if !pairs.contains(&pair) {
                        pairs.push(pair);
                    }
                }
                phrases.push(p);
            }
            CharDiff::Missing { pos, doc } => {
                phrases.push(format!("character {pos}, {}, is missing", describe(doc)))
            }
            CharDiff::Extra { after, typed } => phrases.push(format!(
                "an extra {} typed after character {after}",
                describe(typed)
            )),
        }
    }
    (phrases, pairs)
}

/// The `doc_number` check. `form_dob` is used for the birth date inside a mainland-China
/// resident ID number when the document's number could not be read.
pub fn check_doc_number(
    typed: Option<&str>,
    facts: &DocFacts,
    form_dob: Option<NaiveDate>,
) -> Finding {
    let Some(raw) = typed.filter(|t| !t.trim().is_empty()) else {
        return Finding::skipped(CHECK, "no --doc-number given");
    };
    let t = normalize(raw);
    let doc = facts.doc_number.as_deref().map(normalize);
    let cn_problem = china_problem(&t, doc.as_deref(), form_dob);

    let Some(doc) = doc.filter(|d| !d.is_empty()) else {
        return match cn_problem {
            Some((message, advice)) => {
                Finding::fail(CHECK, Code::E005, message).with_advice(advice)
            }
            None if china::is_valid(&t) => Finding::skipped(
                CHECK,
                "the document number could not be read from the document (the number you entered is a well-formed resident ID number)",
            ),
            None => Finding::skipped(
                CHECK,
                "the document number could not be read from the document",
            ),
        };
    };

    if t == doc {
        let mut message = format!("document number {t} matches the document");
        if china::looks_like_resident_id(&t) && !china::is_valid(&t) {
            message.push_str(" (its check character does not verify: check the card)");
        }
        return Finding::pass(CHECK, message);
    }

    // No document number is this long (TD1 long numbers reach 24 characters): say so
    // rather than align character by character.
    if t.chars().count() > MAX_NUMBER_CHARS || doc.chars().count() > MAX_NUMBER_CHARS {
        return Finding::fail(
            CHECK,
            Code::E005,
            format!(
                "document number typed is {} characters long, the document's {}",
                t.chars().count(),
                doc.chars().count()
            ),
        )
        .with_advice(format!(
            "Type the document number exactly as printed: {}",
            doc.chars().take(MAX_NUMBER_CHARS).collect::<String>()
        ));
    }
    let diffs = diff(&t, &doc);
    let (phrases, pairs) = describe_diffs(&diffs);
    let mut message = format!(
        "document number typed {t}, the document has {doc}: {}",
        phrases.join("; ")
    );
    if !pairs.is_empty() {
        message.push_str(&format!(" — confusable pairs: {}", pairs.join(", ")));
    }
    let mut advice = match facts.doc_number_check_ok {
        Some(true) => format!(
            "Type the document number as {doc}: the document's own check digit confirms it."
        ),
        Some(false) => {
            let mut a = format!(
                "The document's check digit does not confirm the reading {doc}, so it may be misread: copy the number character by character from the document."
            );
            if let Some(cd) = icao_check_digit(&t) {
                a.push_str(&format!(
                    " The check digit of the number you typed is {cd}: if the MRZ prints {cd} right after the number, your {t} is right."
                ));
            }
            a
        }
        None => format!(
            "Type the document number exactly as printed, {doc}; check each character against the document."
        ),
    };
    if !pairs.is_empty() {
        advice.push_str(&format!(" Watch {}.", pairs.join(", ")));
    }
    if let Some((cn_message, _)) = cn_problem {
        message.push_str(&format!("; {cn_message}"));
    }
    Finding::fail(CHECK, Code::E005, message).with_advice(advice)
}

/// What is wrong with a typed mainland-China resident ID number on its own: an invalid check
/// character, or a birth date inside it that differs from the typed date of birth (only
/// judged when the document's number was not read; with it, the comparison says more).
fn china_problem(
    typed: &str,
    doc: Option<&str>,
    form_dob: Option<NaiveDate>,
) -> Option<(String, String)> {
    if !china::looks_like_resident_id(typed) {
        return None;
    }
    if !china::is_valid(typed) {
        let want = china::check_char(&typed[..17]).expect("17 digits");
        return Some((
            format!(
                "{typed} cannot be a valid resident ID number: its last character should be {want} (ISO 7064 MOD 11-2), not {}",
                &typed[17..]
            ),
            "Copy the 18 characters again from the card: one of them is mistyped (a final X is the letter X)."
                .to_string(),
        ));
    }
    let inside = china::birth_date(typed)?;
    match form_dob {
        Some(dob) if dob != inside && doc.is_none() => Some((
            format!(
                "the birth date inside the number {typed} is {inside}, but the date of birth entered is {dob}: one of them is mistyped"
            ),
            format!(
                "Check both against the card: the number carries the birth date {inside} in characters 7–14."
            ),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;

    fn facts(number: &str, check_ok: Option<bool>) -> DocFacts {
        DocFacts {
            doc_number: Some(number.into()),
            doc_number_check_ok: check_ok,
            ..DocFacts::default()
        }
    }

    #[test]
    fn equal_ignoring_case_spaces_and_fillers() {
        let f = check_doc_number(Some("l898 902c3"), &facts("L898902C3<", Some(true)), None);
        assert_eq!(f.status, Status::Pass);
        assert_eq!(
            check_doc_number(None, &facts("L898902C3", Some(true)), None).status,
            Status::Skipped
        );
        assert_eq!(
            check_doc_number(Some("L898902C3"), &DocFacts::default(), None).message,
            "the document number could not be read from the document"
        );
    }

    #[test]
    fn every_confusable_pair_is_named() {
        for (a, b) in CONFUSABLE {
            for (typed_c, doc_c) in [(a, b), (b, a)] {
                let doc = format!("X{doc_c}Y123");
                let typed = format!("X{typed_c}Y123");
                let f = check_doc_number(Some(&typed), &facts(&doc, Some(true)), None);
                assert_eq!(f.code, Some(Code::E005));
                assert!(
                    f.message
                        .contains(&format!("{typed_c}/{doc_c} are easily confused")),
                    "{}",
                    f.message
                );
                assert!(f.message.contains("character 2"), "{}", f.message);
                let advice = f.advice.unwrap();
                assert!(advice.contains(&format!("as {doc}")), "{advice}");
            }
        }
    }

    #[test]
    fn fixture_numbers() {
        let f = check_doc_number(Some("DOO715288"), &facts("D0O715288", Some(true)), None);
        assert!(
            f.message
                .contains("typed O (letter O), document 0 (digit zero)"),
            "{}",
            f.message
        );
        let f = check_doc_number(Some("5B61720Z"), &facts("5B81720Z", None), None);
        assert!(f.message.contains("6/8"), "{}", f.message);
        assert!(f.advice.unwrap().contains("exactly as printed, 5B81720Z"));
    }

    #[test]
    fn which_side_is_right() {
        let f = check_doc_number(Some("L898902C3"), &facts("L898902G3", Some(false)), None);
        let advice = f.advice.unwrap();
        assert!(advice.contains("may be misread"), "{advice}");
        assert!(
            advice.contains("check digit of the number you typed is 6"),
            "{advice}"
        );
    }

    #[test]
    fn missing_and_extra_characters() {
        let f = check_doc_number(Some("L89902C3"), &facts("L898902C3", Some(true)), None);
        assert!(f.message.contains("is missing"), "{}", f.message);
        let f = check_doc_number(Some("L8988902C3"), &facts("L898902C3", Some(true)), None);
        assert!(f.message.contains("extra 8 (digit)"), "{}", f.message);
    }

    #[test]
    fn china_resident_ids() {
        let dob = NaiveDate::from_ymd_opt(1949, 12, 31);
        // Valid, nothing read: skipped, saying the number is well formed.
        let f = check_doc_number(Some("11010519491231002X"), &DocFacts::default(), dob);
        assert_eq!(f.status, Status::Skipped);
        // Full-width and 〇 typed: the same number.
        let f = check_doc_number(
            Some("１１〇１〇５１９４９１２３１〇〇２Ｘ"),
            &facts("11010519491231002X", None),
            dob,
        );
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        // A typed number that cannot be valid.
        let f = check_doc_number(Some("110105194912310021"), &DocFacts::default(), dob);
        assert_eq!(f.code, Some(Code::E005));
        assert!(f.message.contains("should be X"), "{}", f.message);
        // Birth date inside differs from --dob.
        let f = check_doc_number(
            Some("11010519491231002X"),
            &DocFacts::default(),
            NaiveDate::from_ymd_opt(1949, 12, 13),
        );
        assert_eq!(f.code, Some(Code::E005));
        assert!(f.message.contains("1949-12-31"), "{}", f.message);
    }
}

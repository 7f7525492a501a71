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

/// At most this many spellings are generated for one part (a name with 10 letters that have
/// two ICAO spellings each would otherwise give 1024).
const MAX_SPELLINGS: usize = 512;

/// Name field widths of the MRZ formats (ICAO 9303 Parts 4–7): TD3 and MRV-A 39 characters,
/// TD2 and MRV-B 31, TD1 30 (line 3).
fn mrz_name_width(format: Option<&str>) -> usize {
    match format {
        Some("TD3") | Some("MRVA") => 39,
        Some("TD2") | Some("MRVB") => 31,
        // TD1, or unknown: the narrowest, so a name that may have been cut is treated so.
        _ => 30,
    }
}

/// Spellings of characters outside ICAO Table A that still fold to a base letter
/// (Romanian comma-below letters, the Nordic Ø's bare form, a few others).
fn extra_spellings(c: char) -> &'static [&'static str] {
    match c {
        'Ø' => &["O"],
        'Ș' => &["S"],
        'Ț' => &["T"],
        'Ǧ' => &["G"],
        'Ǩ' => &["K"],
        'Ǎ' => &["A"],
        'Ǐ' => &["I"],
        'Ǒ' => &["O"],
        'Ǔ' => &["U"],
        'Ẽ' => &["E"],
        'Ỳ' => &["Y"],
        _ => &[],
    }
}

/// Splits a name into its parts, upper-cased: spaces, hyphens, `<`, commas, slashes separate;
/// apostrophes and dots are dropped (ICAO 9303 Part 3 §4.6).
pub fn parts(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '<' | ',' | '/'))
        .map(|p| {
            p.chars()
                .filter(|c| !matches!(c, '\'' | '’' | '‘' | '`' | '´' | 'ʼ' | '.'))
                .flat_map(char::to_uppercase)
                .collect::<String>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Every ASCII spelling of one printed or typed part under ICAO 9303 transliteration and
/// diacritic folding. Characters with no known spelling are kept as they are.
pub fn spellings(part: &str) -> BTreeSet<String> {
    let upper: String = translit::nfc(part)
        .chars()
        .flat_map(char::to_uppercase)
        .collect();
    let mut out: BTreeSet<String> = BTreeSet::new();
    if upper.chars().count() > MAX_PART_CHARS {
        out.insert(translit::to_mrz(&upper, translit::Style::Expanded));
        return out;
    }
    if upper.chars().any(is_cyrillic) {
        use CyrillicLanguage::*;
        for lang in [
            Russian, Belarusian, Bulgarian, Serbian, Ukrainian, Macedonian,
        ] {
            out.insert(mrz::transliterate_cyrillic(&upper, lang));
        }
        return out;
    }
    let mut acc: Vec<String> = vec![String::new()];
    for c in upper.chars() {
        let mut options: Vec<&str> = translit::spellings_of(c).to_vec();
        for extra in extra_spellings(c) {
            if !options.contains(extra) {
                options.push(extra);
            }
        }
        if options.is_empty() {
            let mut buf = [0u8; 4];
            let s: &str = c.encode_utf8(&mut buf);
            acc.iter_mut().for_each(|a| a.push_str(s));
            continue;
        }
        if acc.len() * options.len() > MAX_SPELLINGS {
            // Too many combinations: keep expanding with the first spelling only.
            options.truncate(1);
        }
        acc = acc
            .iter()
            .flat_map(|a| options.iter().map(move |o| format!("{a}{o}")))
            .collect();
    }
    out.extend(acc);
    out
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Spellings of an MRZ part: itself and, when `loose`, every way of reading its `OE`, `AE`,
/// `UE`, `AA`, `UXX`, `NXX` as the one national letter they may stand for, spelt bare
/// (`ERIKSSOEN` → also `ERIKSSON`).
fn mrz_spellings(part: &str, loose: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let upper = part.to_uppercase();
    if !loose {
        out.insert(upper);
        return out;
    }
    if upper.chars().count() > MAX_PART_CHARS {
        out.insert(upper);
        return out;
    }
    // Work list of (rest to read, spelling so far).
    let mut work: Vec<(&str, String)> = vec![(upper.as_str(), String::new())];
    while let Some((rest, prefix)) = work.pop() {
        if out.len() >= MAX_SPELLINGS {
            break;
        }
        let Some(c) = rest.chars().next() else {
            out.insert(prefix);
            continue;
        };
        for (digraph, bare) in [
            ("UXX", "U"),
            ("NXX", "N"),
            ("OE", "O"),
            ("AE", "A"),
            ("UE", "U"),
            ("AA", "A"),
        ] {
            if let Some(after) = rest.strip_prefix(digraph) {
                work.push((after, format!("{prefix}{bare}")));
            }
        }
        work.push((&rest[c.len_utf8()..], format!("{prefix}{c}")));
    }
    out
}

/// Whether a name part is a given name or (part of) the surname.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Given,
    Surname,
}

/// One part of the document's name.
#[derive(Debug, Clone)]
struct DocPart {
    shown: String,
    spellings: BTreeSet<String>,
    role: Role,
}

/// One part of the typed name.
#[derive(Debug, Clone)]
struct TypedPart {
    shown: String,
    spellings: BTreeSet<String>,
}

/// The document's name from one source (visual zone or MRZ).
#[derive(Debug, Clone)]
struct DocName {
    /// `visual zone` or `MRZ`.
    source: &'static str,
    surname: String,
    given: String,
    parts: Vec<DocPart>,
    /// The MRZ name fills its field, so it may have been cut.
    truncated: bool,
    /// Some spellings come only from reading MRZ digraphs as national letters.
    loose: bool,
    /// Written in Chinese characters: surname first, no spaces, is the natural order.
    han: bool,
}

impl DocName {
    fn printed(surname: &str, given: &str) -> DocName {
        let mk = |s: &str, role| {
            parts(s)
                .into_iter()
                .map(|p| DocPart {
                    spellings: spellings(&p),
                    shown: p,
                    role,
                })
                .collect::<Vec<_>>()
        };
        let han = surname.chars().chain(given.chars()).any(hanzi::is_han);
        let mut all = if han {
            mk(surname, Role::Surname)
        } else {
            mk(given, Role::Given)
        };
        all.extend(if han {
            mk(given, Role::Given)
        } else {
            mk(surname, Role::Surname)
        });
        DocName {
            source: "the document",
            surname: surname.trim().to_uppercase(),
            given: given.trim().to_uppercase(),
            parts: all,
            truncated: false,
            loose: false,
            han,
        }
    }

    fn mrz(surname: &str, given: &str, format: Option<&str>, loose: bool) -> DocName {
        let mk = |s: &str, role| {
            parts(s)
                .into_iter()
                .map(|p| DocPart {
                    spellings: mrz_spellings(&p, loose),
                    shown: p,
                    role,
                })
                .collect::<Vec<_>>()
        };
        let encoded_len =
            mrz::encode_name_component(surname).len() + 2 + mrz::encode_name_component(given).len();
        let mut all = mk(given, Role::Given);
        all.extend(mk(surname, Role::Surname));
        DocName {
            source: "the MRZ",
            surname: surname.trim().to_uppercase(),
            given: given.trim().to_uppercase(),
            parts: all,
            truncated: encoded_len >= mrz_name_width(format),
            loose,
            han: false,
        }
    }

    /// The name as a person would type it: given names, then surname; in Chinese characters
    /// surname first, with no space.
    fn typed_form(&self) -> String {
        if self.han {
            return format!("{}{}", self.surname, self.given).replace(' ', "");
        }
        [self.given.as_str(), self.surname.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The parts in the other order (surname first for Latin names, given names first for
    /// Chinese ones).
    fn other_order(&self) -> Vec<DocPart> {
        let first = if self.han { Role::Given } else { Role::Surname };
        let mut out: Vec<DocPart> = self
            .parts
            .iter()
            .filter(|p| p.role == first)
            .cloned()
            .collect();
        out.extend(self.parts.iter().filter(|p| p.role != first).cloned());
        out
    }
}

/// How one typed name compares with one document name.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Equal {
        note: Option<String>,
    },
    /// Warn: the same parts in another order.
    Order,
    /// Warn: these given names (not the first) were left out; `reordered` if also reordered.
    MissingMiddle {
        missing: Vec<String>,
        reordered: bool,
    },
    /// Fail: what differs, one phrase per difference.
    Differ {
        differences: Vec<String>,
    },
}

impl Outcome {
    fn rank(&self) -> (u8, usize) {
        match self {
            Outcome::Equal { note: None } => (0, 0),
            Outcome::Equal { .. } => (1, 0),
            Outcome::Order => (2, 0),
            Outcome::MissingMiddle { missing, .. } => (3, missing.len()),
            Outcome::Differ { differences } => (4, differences.len()),
        }
    }
}

/// One step of an alignment of typed parts with document parts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Same(usize, usize),
    Changed(usize, usize),
    Missing(usize),
    Extra(usize),
}

fn part_matches(t: &TypedPart, d: &DocPart, truncated: bool) -> bool {
    if !t.spellings.is_disjoint(&d.spellings) {
        return true;
    }
    truncated
        && t.spellings
            .iter()
            .any(|ts| d.spellings.iter().any(|ds| ts.starts_with(ds.as_str())))
}

/// More parts than this is not a name (the longest names in ICAO 9303's examples have 6–8);
/// it bounds the alignment's work on pasted garbage.
const MAX_NAME_PARTS: usize = 16;

/// Parts longer than this are not compared letter by letter (no name part is; it bounds the
/// work on pasted garbage).
const MAX_PART_CHARS: usize = 64;

/// How unlike two parts are, 0..1 (closest pair of spellings).
fn unlikeness(t: &TypedPart, d: &DocPart) -> f64 {
    let mut best = 1.0f64;
    if t.shown.chars().count() > MAX_PART_CHARS || d.shown.chars().count() > MAX_PART_CHARS {
        return best;
    }
    for ts in t.spellings.iter().take(16) {
        for ds in d.spellings.iter().take(16) {
            let len = ts.chars().count().max(ds.chars().count()).max(1);
            best = best.min(strsim::levenshtein(ts, ds) as f64 / len as f64);
        }
    }
    best
}

/// Minimum-cost alignment: a changed part costs 0.5–1 (less when similar, so a typo pairs
/// with the part it garbles), a missing or extra part 1; an extra typed part is free past a
/// truncated MRZ name (the MRZ dropped it).
fn align(typed: &[TypedPart], doc: &[DocPart], truncated: bool) -> (f64, Vec<Step>) {
    let (n, m) = (typed.len(), doc.len());
    let extra_cost = if truncated { 0.0 } else { 1.0 };
    let mut cost = vec![vec![0.0f64; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i as f64 * extra_cost;
    }
    for (j, c) in cost[0].iter_mut().enumerate() {
        *c = j as f64;
    }
    for i in 1..=n {
        for j in 1..=m {
            let pair = if part_matches(&typed[i - 1], &doc[j - 1], truncated) {
                0.0
            } else {
                0.5 + 0.5 * unlikeness(&typed[i - 1], &doc[j - 1])
            };
            cost[i][j] = (cost[i - 1][j - 1] + pair)
                .min(cost[i - 1][j] + extra_cost)
                .min(cost[i][j - 1] + 1.0);
        }
    }
    // Walk back.
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let same = part_matches(&typed[i - 1], &doc[j - 1], truncated);
            let pair = if same {
                0.0
            } else {
                0.5 + 0.5 * unlikeness(&typed[i - 1], &doc[j - 1])
            };
            if (cost[i][j] - (cost[i - 1][j - 1] + pair)).abs() < 1e-9 {
                steps.push(if same {
                    Step::Same(i - 1, j - 1)
                } else {
                    Step::Changed(i - 1, j - 1)
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && (j == 0 || (cost[i][j] - (cost[i - 1][j] + extra_cost)).abs() < 1e-9) {
            steps.push(Step::Extra(i - 1));
            i -= 1;
        } else {
            steps.push(Step::Missing(j - 1));
            j -= 1;
        }
    }
    steps.reverse();
    (cost[n][m], steps)
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Given => "given names",
        Role::Surname => "surname",
    }
}

/// Reads an alignment: equal, missing middle names only, or the differences.
fn read_alignment(steps: &[Step], typed: &[TypedPart], doc: &[DocPart]) -> Outcome {
    let first_given = doc.iter().position(|p| p.role == Role::Given);
    let mut missing_middle = Vec::new();
    let mut differences = Vec::new();
    for step in steps {
        match *step {
            Step::Same(..) => {}
            Step::Missing(j) if doc[j].role == Role::Given && Some(j) != first_given => {
                missing_middle.push(doc[j].shown.clone())
            }
            Step::Missing(j) => differences.push(format!(
                "{}: {} is missing",
                role_name(doc[j].role),
                doc[j].shown
            )),
            Step::Extra(i) => {
                differences.push(format!("typed {} is not on the document", typed[i].shown))
            }
            // A middle name typed as its initial (`ANNA M ERIKSSON`): left out in effect.
            Step::Changed(i, j)
                if doc[j].role == Role::Given
                    && Some(j) != first_given
                    && is_initial_of(&typed[i], &doc[j]) =>
            {
                missing_middle.push(format!("{} (typed as {})", doc[j].shown, typed[i].shown))
            }
            Step::Changed(i, j) => differences.push(format!(
                "{}: typed {}, document {}",
                role_name(doc[j].role),
                typed[i].shown,
                doc[j].shown
            )),
        }
    }
    if !differences.is_empty() {
        // A left-out middle name is a difference too once something else differs.
        differences.extend(
            missing_middle
                .into_iter()
                .map(|m| format!("given names: {m} is missing")),
        );
        Outcome::Differ { differences }
    } else if !missing_middle.is_empty() {
        Outcome::MissingMiddle {
            missing: missing_middle,
            reordered: false,
        }
    } else {
        Outcome::Equal { note: None }
    }
}

/// Whether a typed part is a single letter that begins the document's part.
fn is_initial_of(t: &TypedPart, d: &DocPart) -> bool {
    t.spellings.iter().any(|ts| {
        ts.chars().count() == 1
            && d.spellings
                .iter()
                .any(|ds| ds.chars().count() > 1 && ds.starts_with(ts.as_str()))
    })
}

/// Whether the typed parts are the document's parts in some order (each used once).
fn same_parts_any_order(typed: &[TypedPart], doc: &[DocPart]) -> bool {
    if typed.len() != doc.len() {
        return false;
    }
    let mut used = vec![false; doc.len()];
    typed.iter().all(|t| {
        match (0..doc.len()).find(|&j| !used[j] && part_matches(t, &doc[j], false)) {
            Some(j) => {
                used[j] = true;
                true
            }
            None => false,
        }
    })
}

/// Whether the typed name and the document parts spell the same letters once spacing is
/// ignored (`DASILVA` for `DA SILVA`, `BERANGERDUVAL` for `BÉRANGER-DUVAL`).
fn same_without_spacing(typed: &[TypedPart], doc: &[DocPart]) -> bool {
    let joined_t = join_spellings(typed.iter().map(|p| &p.spellings));
    let joined_d = join_spellings(doc.iter().map(|p| &p.spellings));
    !joined_t.is_disjoint(&joined_d)
}

fn join_spellings<'a>(sets: impl Iterator<Item = &'a BTreeSet<String>>) -> BTreeSet<String> {
    let mut acc: BTreeSet<String> = [String::new()].into_iter().collect();
    for set in sets {
        let mut next = BTreeSet::new();
        'outer: for a in &acc {
            for s in set {
                next.insert(format!("{a}{s}"));
                if next.len() >= MAX_SPELLINGS {
                    break 'outer;
                }
            }
        }
        acc = next;
    }
    acc
}

fn compare_one(typed: &[TypedPart], doc: &DocName) -> Outcome {
    let (cost, steps) = align(typed, &doc.parts, doc.truncated);
    let natural = read_alignment(&steps, typed, &doc.parts);
    if cost == 0.0 || matches!(natural, Outcome::Equal { .. }) {
        let note = doc.truncated.then(|| {
            format!(
                "{} name fills its field and may be cut; the typed name extends it",
                doc.source
            )
        });
        return Outcome::Equal { note };
    }
    if same_without_spacing(typed, &doc.parts) {
        // Chinese names are written without spaces: nothing to note.
        let note =
            (!doc.han).then(|| "only the spacing or hyphens differ from the document".to_string());
        return Outcome::Equal { note };
    }
    let reversed_parts = doc.other_order();
    let (_, rsteps) = align(typed, &reversed_parts, doc.truncated);
    let reversed = read_alignment(&rsteps, typed, &reversed_parts);
    match reversed {
        Outcome::Equal { .. } => return Outcome::Order,
        Outcome::MissingMiddle { missing, .. }
            if !matches!(natural, Outcome::MissingMiddle { .. }) =>
        {
            return Outcome::MissingMiddle {
                missing,
                reordered: true,
            }
        }
        _ => {}
    }
    if same_parts_any_order(typed, &doc.parts) || same_without_spacing(typed, &reversed_parts) {
        return Outcome::Order;
    }
    natural
}

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

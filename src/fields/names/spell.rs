//! Spelling the parts of a name: splitting, ICAO 9303 transliterations, MRZ digraphs read as
//! national letters (step 1 of [`super`]).

use super::*;

/// At most this many spellings are generated for one part (a name with 10 letters that have
/// two ICAO spellings each would otherwise give 1024).
pub(super) const MAX_SPELLINGS: usize = 512;

/// Name field widths of the MRZ formats (ICAO 9303 Parts 4–7): TD3 and MRV-A 39 characters,
/// TD2 and MRV-B 31, TD1 30 (line 3).
pub(super) fn mrz_name_width(format: Option<&str>) -> usize {
    match format {
        Some("TD3") | Some("MRVA") => 39,
        Some("TD2") | Some("MRVB") => 31,
        // TD1, or unknown: the narrowest, so a name that may have been cut is treated so.
        _ => 30,
    }
}

/// Spellings of characters outside ICAO Table A that still fold to a base letter
/// (Romanian comma-below letters, the Nordic Ø's bare form, a few others).
pub(super) fn extra_spellings(c: char) -> &'static [&'static str] {
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

pub(super) fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Spellings of an MRZ part: itself and, when `loose`, every way of reading its `OE`, `AE`,
/// `UE`, `AA`, `UXX`, `NXX` as the one national letter they may stand for, spelt bare
/// (`ERIKSSOEN` → also `ERIKSSON`).
pub(super) fn mrz_spellings(part: &str, loose: bool) -> BTreeSet<String> {
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

//! Which spelling of the name to advise: the one the document prints (`ANNA MARIA ÅSTRÖM`),
//! with the MRZ's (`ANNA MARIA AASTROEM`) as the alternative a form without accents wants.
//!
//! Only values that were read and vouched for are advised: the printed name as the reading
//! stage kept it (it keeps a printed name only when it agrees with a verified MRZ, or when there
//! is no MRZ and the comparison stands), and the MRZ's. When the printed text was not read, the
//! printed spelling is not guessed from the document: it is recovered only where the typed name
//! shows a national letter exactly where the MRZ carries that letter's ICAO spelling (`Å` typed
//! where the MRZ has `AA`, `Ö` where it has `OE`), so the result still transliterates to the MRZ
//! letter for letter (`restore`).

use crate::translit;

/// The spellings to advise for a name, given names first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSpellings {
    /// As the document prints it (or, when `recovered`, as the MRZ spells it with the national
    /// letters the typed name shows where the MRZ spells them).
    pub printed: String,
    /// As the MRZ spells it, when it differs from `printed` and was not cut short.
    pub mrz: Option<String>,
    /// `printed` was recovered from the MRZ and the typed name, not read from the print.
    pub recovered: bool,
}

/// The spellings to advise. `shown` is the document's name as the comparison shows it (the
/// printed text's where it was read, else the MRZ's); `mrz` the MRZ's when it was read and not
/// truncated.
pub fn name_spellings(typed: &str, shown: &str, mrz: Option<&str>) -> NameSpellings {
    let mut printed = shown.to_string();
    let mut recovered = false;
    if let Some(m) = mrz.filter(|m| *m == shown) {
        if let Some(r) = restore(typed, m).filter(|r| r != m) {
            printed = r;
            recovered = true;
        }
    }
    NameSpellings {
        mrz: mrz.filter(|m| *m != printed).map(str::to_string),
        printed,
        recovered,
    }
}

/// The advice line: the printed spelling to type, then the MRZ's as the alternative.
pub fn advice(lead: &str, s: &NameSpellings) -> String {
    let mut out = format!("{lead}: {}", s.printed);
    if let Some(m) = &s.mrz {
        if s.recovered {
            let mut letters: Vec<char> = s.printed.chars().filter(|c| !c.is_ascii()).collect();
            letters.dedup();
            let mrz_has: Vec<&str> = letters
                .iter()
                .filter_map(|c| {
                    translit::spellings_of(*c)
                        .iter()
                        .find(|sp| sp.len() >= 2 && m.contains(**sp))
                        .copied()
                })
                .collect();
            let letters: Vec<String> = letters.iter().map(char::to_string).collect();
            out.push_str(&format!(
                " ({} as you typed {}, where the MRZ has {})",
                letters.join(", "),
                if letters.len() == 1 { "it" } else { "them" },
                mrz_has.join(", ")
            ));
        }
        out.push_str(&format!(
            "; if the form takes no accents: {m} (the MRZ spelling)"
        ));
    }
    out
}

/// The MRZ spelling `mrz` (upper-case ASCII and spaces) with each national letter the typed name
/// shows at the aligned place written back where the MRZ holds that letter's multi-letter ICAO
/// spelling (`AA` → `Å`). `None` when the typed name is too far from the MRZ to align (more
/// than a quarter of the letters differ). The result transliterates back to `mrz`.
pub fn restore(typed: &str, mrz: &str) -> Option<String> {
    let t: Vec<char> = translit::nfc(typed)
        .to_uppercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let m: Vec<char> = mrz.chars().collect();
    let (n, k) = (t.len(), m.len());
    if n == 0 || k == 0 || n * k > 10_000 {
        return None;
    }
    // cost[i][j]: edits to align t[i..] with m[j..]; step[i][j]: the move taken.
    #[derive(Clone, Copy)]
    enum Step {
        Restore(usize), // t[i] written for m[j..j+len]
        Keep,           // m[j] kept for t[i] (equal, or substituted)
        SkipTyped,
        SkipMrz,
        End,
    }
    let mut cost = vec![vec![usize::MAX; k + 1]; n + 1];
    let mut step = vec![vec![Step::End; k + 1]; n + 1];
    cost[n][k] = 0;
    for i in (0..=n).rev() {
        for j in (0..=k).rev() {
            if i == n && j == k {
                continue;
            }
            let mut best = (usize::MAX, Step::End);
            let mut consider = |c: usize, s: Step| {
                if c < best.0 {
                    best = (c, s);
                }
            };
            if i < n && j < k {
                for sp in translit::spellings_of(t[i]) {
                    let len = sp.chars().count();
                    if len >= 2 && j + len <= k && m[j..j + len].iter().copied().eq(sp.chars()) {
                        consider(cost[i + 1][j + len], Step::Restore(len));
                    }
                }
                let same = t[i] == m[j]
                    || translit::spellings_of(t[i])
                        .iter()
                        .any(|sp| sp.chars().eq([m[j]]));
                consider(
                    cost[i + 1][j + 1].saturating_add(usize::from(!same)),
                    Step::Keep,
                );
            }
            if i < n {
                consider(cost[i + 1][j].saturating_add(1), Step::SkipTyped);
            }
            if j < k {
                consider(cost[i][j + 1].saturating_add(1), Step::SkipMrz);
            }
            cost[i][j] = best.0;
            step[i][j] = best.1;
        }
    }
    if cost[0][0] * 4 > k {
        return None;
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < n || j < k {
        match step[i][j] {
            Step::Restore(len) => {
                out.push(t[i]);
                i += 1;
                j += len;
            }
            Step::Keep => {
                out.push(m[j]);
                i += 1;
                j += 1;
            }
            Step::SkipTyped => i += 1,
            Step::SkipMrz => {
                out.push(m[j]);
                j += 1;
            }
            Step::End => break,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translit::{to_mrz, Style};

    #[test]
    fn national_letters_typed_where_the_mrz_spells_them_are_restored() {
        let r = restore("ANNA MARIA ÅSURÖM", "ANNA MARIA AASTROEM").unwrap();
        assert_eq!(r, "ANNA MARIA ÅSTRÖM");
        assert_eq!(to_mrz(&r, Style::Expanded), "ANNA MARIA AASTROEM");
        // decomposed input, lower case
        let r = restore("anna maria a\u{30A}stro\u{308}m", "ANNA MARIA AASTROEM").unwrap();
        assert_eq!(r, "ANNA MARIA ÅSTRÖM");
    }

    #[test]
    fn nothing_is_invented() {
        // typed without accents: the MRZ spelling stands
        assert_eq!(
            restore("ANNA MARIA ASTROM", "ANNA MARIA AASTROEM").as_deref(),
            Some("ANNA MARIA AASTROEM")
        );
        // a single-letter spelling (É → E) cannot be told from a plain E: not restored
        assert_eq!(restore("CLÉMENT", "CLEMENT").as_deref(), Some("CLEMENT"));
        // too far to align
        assert_eq!(restore("JOHN SMITH", "ANNA MARIA AASTROEM"), None);
    }

    #[test]
    fn advice_gives_the_printed_spelling_and_the_mrz_alternative() {
        let s = name_spellings(
            "Anna Maria Åström",
            "ANNA MARIA ÅSTRÖM",
            Some("ANNA MARIA AASTROEM"),
        );
        assert!(!s.recovered);
        let a = advice("Type the name", &s);
        assert_eq!(
            a,
            "Type the name: ANNA MARIA ÅSTRÖM; if the form takes no accents: ANNA MARIA \
             AASTROEM (the MRZ spelling)"
        );
        // printed not read: recovered from the typed letters
        let s = name_spellings(
            "ANNA MARIA ÅSURÖM",
            "ANNA MARIA AASTROEM",
            Some("ANNA MARIA AASTROEM"),
        );
        assert!(s.recovered);
        assert_eq!(s.printed, "ANNA MARIA ÅSTRÖM");
        assert_eq!(s.mrz.as_deref(), Some("ANNA MARIA AASTROEM"));
        assert_eq!(
            advice("Type", &s),
            "Type: ANNA MARIA ÅSTRÖM (Å, Ö as you typed them, where the MRZ has AA, OE); if \
             the form takes no accents: ANNA MARIA AASTROEM (the MRZ spelling)"
        );
        // no MRZ: the printed name alone
        let s = name_spellings("GRACE OKPNJO", "GRACE OKONJO", None);
        assert_eq!(advice("Type", &s), "Type: GRACE OKONJO");
    }
}

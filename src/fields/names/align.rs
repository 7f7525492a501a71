//! Comparing a typed name with one document name: the parts' roles, a minimum-cost alignment
//! and how it reads (steps 2 and 3 of [`super`]).

use super::*;

/// Whether a name part is a given name or (part of) the surname.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Given,
    Surname,
}

/// One part of the document's name.
#[derive(Debug, Clone)]
pub(super) struct DocPart {
    pub(super) shown: String,
    pub(super) spellings: BTreeSet<String>,
    pub(super) role: Role,
}

/// One part of the typed name.
#[derive(Debug, Clone)]
pub(super) struct TypedPart {
    pub(super) shown: String,
    pub(super) spellings: BTreeSet<String>,
}

/// The document's name from one source (visual zone or MRZ).
#[derive(Debug, Clone)]
pub(super) struct DocName {
    /// `visual zone` or `MRZ`.
    pub(super) source: &'static str,
    pub(super) surname: String,
    pub(super) given: String,
    pub(super) parts: Vec<DocPart>,
    /// The MRZ name fills its field, so it may have been cut.
    pub(super) truncated: bool,
    /// Some spellings come only from reading MRZ digraphs as national letters.
    pub(super) loose: bool,
    /// Written in Chinese characters: surname first, no spaces, is the natural order.
    pub(super) han: bool,
}

impl DocName {
    pub(super) fn printed(surname: &str, given: &str) -> DocName {
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

    pub(super) fn mrz(surname: &str, given: &str, format: Option<&str>, loose: bool) -> DocName {
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
    pub(super) fn typed_form(&self) -> String {
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
    pub(super) fn other_order(&self) -> Vec<DocPart> {
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
pub(super) enum Outcome {
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
    pub(super) fn rank(&self) -> (u8, usize) {
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
pub(super) enum Step {
    Same(usize, usize),
    Changed(usize, usize),
    Missing(usize),
    Extra(usize),
}

pub(super) fn part_matches(t: &TypedPart, d: &DocPart, truncated: bool) -> bool {
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
pub(super) const MAX_NAME_PARTS: usize = 16;

/// Parts longer than this are not compared letter by letter (no name part is; it bounds the
/// work on pasted garbage).
pub(super) const MAX_PART_CHARS: usize = 64;

/// How unlike two parts are, 0..1 (closest pair of spellings).
pub(super) fn unlikeness(t: &TypedPart, d: &DocPart) -> f64 {
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
pub(super) fn align(typed: &[TypedPart], doc: &[DocPart], truncated: bool) -> (f64, Vec<Step>) {
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

pub(super) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Given => "given names",
        Role::Surname => "surname",
    }
}

/// Reads an alignment: equal, missing middle names only, or the differences.
pub(super) fn read_alignment(steps: &[Step], typed: &[TypedPart], doc: &[DocPart]) -> Outcome {
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
pub(super) fn is_initial_of(t: &TypedPart, d: &DocPart) -> bool {
    t.spellings.iter().any(|ts| {
        ts.chars().count() == 1
            && d.spellings
                .iter()
                .any(|ds| ds.chars().count() > 1 && ds.starts_with(ts.as_str()))
    })
}

/// Whether the typed parts are the document's parts in some order (each used once).
pub(super) fn same_parts_any_order(typed: &[TypedPart], doc: &[DocPart]) -> bool {
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
pub(super) fn same_without_spacing(typed: &[TypedPart], doc: &[DocPart]) -> bool {
    let joined_t = join_spellings(typed.iter().map(|p| &p.spellings));
    let joined_d = join_spellings(doc.iter().map(|p| &p.spellings));
    !joined_t.is_disjoint(&joined_d)
}

pub(super) fn join_spellings<'a>(
    sets: impl Iterator<Item = &'a BTreeSet<String>>,
) -> BTreeSet<String> {
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

pub(super) fn compare_one(typed: &[TypedPart], doc: &DocName) -> Outcome {
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

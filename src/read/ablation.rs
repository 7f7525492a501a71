//! Rules of the read stage that a measurement can switch off, to count what each one fixes and
//! what it makes wrong (issue 13: every repair or normalisation rule justifies itself on the
//! held-out part). Only `examples/read_eval.rs --without RULE` switches a rule off
//! (`scripts/read-ablation.sh` runs it once per rule); the tool never does, and with nothing
//! switched off each rule costs one relaxed atomic load.

use std::sync::atomic::{AtomicU32, Ordering};

/// A rule of the read stage, by the function that applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `decode`: confident OCR symbols beyond the ink chain's ends extend a line.
    ExtendLine,
    /// `decode::aligned_variants`: lines whose ends disagree are also read realigned. Off, only
    /// the geometry as found is read (until stop 28 "off" dropped that one instead and kept the
    /// realigned ones, which measured nothing: the rule fixes 4 tuning and 5 held-out readings).
    Realign,
    /// `cells::second_opinion`: letters and digits the filler template fits become fillers.
    FillerTemplates,
    /// `grid::normalise`: letters in digit-only cells become digits and the reverse, filler runs.
    Normalise,
    /// `cells::normalise`: a name's digit made a letter goes back unless its template agrees.
    NameDigitTemplates,
    /// `cells::unchecked_by_templates`: unchecked cells the templates read otherwise.
    UncheckedTemplates,
    /// `cells::templates_for_unsure`: Tesseract's unsure cells from the templates instead.
    UnsureTemplates,
    /// `cells::templates_read`: the templates' reading of the checked cells, unrepaired.
    TemplatesRead,
    /// `cells::template_swaps`: the templates' characters in checked fields where they differ.
    TemplateSwaps,
    /// `repair::repair_checked`: the repair check digits prove, refused when ambiguous.
    ProvenRepair,
    /// The `mrz` crate's own repair, refused when it changes a confident read.
    CrateRepair,
    /// `cells::repaired_cells_fit`: a repaired check digit the templates contradict is undone.
    RepairContradicted,
    /// `mrz::Reader::second_opinion`: the MRZ model reads a band no pass verified.
    MrzModel,
    /// `pool::LETTER_MARGIN`: a letter of the first model stays unless clearly outfit.
    LetterMargin,
    /// The MRZ model's reading alone, when the pooled one does not verify.
    MrzModelAlone,
    /// `mrz::flattened_ways`: the best band read once more with its uneven light divided out.
    FlattenLight,
}

impl Rule {
    pub const ALL: [Rule; 16] = [
        Rule::ExtendLine,
        Rule::Realign,
        Rule::FillerTemplates,
        Rule::Normalise,
        Rule::NameDigitTemplates,
        Rule::UncheckedTemplates,
        Rule::UnsureTemplates,
        Rule::TemplatesRead,
        Rule::TemplateSwaps,
        Rule::ProvenRepair,
        Rule::CrateRepair,
        Rule::RepairContradicted,
        Rule::MrzModel,
        Rule::LetterMargin,
        Rule::MrzModelAlone,
        Rule::FlattenLight,
    ];

    /// The rule's name on the command line: its variant in kebab case.
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }
}

static OFF: AtomicU32 = AtomicU32::new(0);

/// Switches `rule` off for the rest of the process (measurement only).
pub fn switch_off(rule: Rule) {
    OFF.fetch_or(1 << rule as u32, Ordering::Relaxed);
}

/// Whether `rule` applies (always, unless a measurement switched it off).
pub fn on(rule: Rule) -> bool {
    OFF.load(Ordering::Relaxed) & (1 << rule as u32) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_differ() {
        let names: Vec<String> = Rule::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(names[0], "extend-line");
        for (r, n) in Rule::ALL.iter().zip(&names) {
            assert_eq!(Rule::from_name(n), Some(*r));
        }
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), Rule::ALL.len());
    }
}

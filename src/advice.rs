//! The advice printed under one predicted code: one primary action first, then the rest.
//!
//! 1. The specific fixes the failing findings give, in check order (the first is the primary
//!    action: what to do about this photo). A fix another finding already gives in substance is
//!    left out (see [`SUBSUMED`]).
//! 2. The code table's general fixes, each only where its [`FixScope`] says it adds something:
//!    a general fix on the topic a specific fix just covered says the same thing less precisely
//!    (E018 printed "This document has expired: use another valid document …" and then "Use
//!    another valid document …, or renew this one first."), and a fix for another cause (E005's
//!    date format under a name typo) does not apply.

use crate::codes::{Code, FixScope};
use crate::finding::Finding;

/// `(later, earlier)`: the advice of check `later` is left out when check `earlier` failed with
/// advice under the same code, because the earlier advice already says it.
/// - `margin` after `corners`: both say "step back until there is background on every side";
///   the corner's names the corner.
/// - `portrait` after `glare` / `occlusion`: the glare or finger advice names the portrait as
///   what it covers; "retake so that the portrait is clear: no glare, no finger" repeats it.
pub const SUBSUMED: &[(&str, &str)] = &[
    ("margin", "corners"),
    ("portrait", "glare"),
    ("portrait", "occlusion"),
];

/// The advice lines for `code`, given the findings that fail with it (in check order).
pub fn compose(code: Code, failing: &[&Finding]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let advised: Vec<&str> = failing
        .iter()
        .filter(|f| f.advice.is_some())
        .map(|f| f.check)
        .collect();
    for f in failing {
        let Some(a) = &f.advice else { continue };
        let subsumed = SUBSUMED
            .iter()
            .any(|(later, earlier)| *later == f.check && advised.contains(earlier));
        if !subsumed && !out.contains(a) {
            out.push(a.clone());
        }
    }
    let info = code.info();
    for (fix, scope) in info.fixes.iter().zip(info.fix_scope) {
        let wanted = match scope {
            FixScope::General(covered) => !covered.iter().any(|c| advised.contains(c)),
            FixScope::Only(checks) => failing
                .iter()
                .any(|f| checks.contains(&f.check) && f.advice.is_none()),
        };
        if wanted && !out.iter().any(|a| a == fix) {
            out.push(fix.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(check: &'static str, code: Code, advice: Option<&str>) -> Finding {
        let f = Finding::fail(check, code, "x");
        match advice {
            Some(a) => f.with_advice(a),
            None => f,
        }
    }

    #[test]
    fn the_specific_fix_comes_first_and_its_general_twin_is_left_out() {
        let f = fail(
            "expiry",
            Code::E018,
            Some("This document has expired: renew it."),
        );
        assert_eq!(
            compose(Code::E018, &[&f]),
            ["This document has expired: renew it."]
        );
        // without a specific fix, the general one stands
        let bare = fail("expiry", Code::E018, None);
        assert_eq!(compose(Code::E018, &[&bare]), Code::E018.info().fixes);
    }

    #[test]
    fn a_fix_for_another_cause_is_not_given() {
        let name = fail("name", Code::E005, Some("Type the name as ANNA."));
        let lines = compose(Code::E005, &[&name]);
        assert_eq!(lines, ["Type the name as ANNA."]);
        // a date check with no advice of its own gets the date fix
        let dob = fail("dob", Code::E005, None);
        assert!(compose(Code::E005, &[&dob])
            .iter()
            .any(|l| l.contains("YYYY-MM-DD")));
    }

    #[test]
    fn general_fixes_on_other_topics_follow() {
        let blur = fail("blur", Code::E001, Some("Hold still."));
        let lines = compose(Code::E001, &[&blur]);
        assert_eq!(lines[0], "Hold still.");
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(!lines.iter().any(|l| l.starts_with("Tap to focus")));
    }

    #[test]
    fn subsumed_advice_is_left_out() {
        let corner = fail(
            "corners",
            Code::E001,
            Some("The top-left corner is cut off."),
        );
        let margin = fail("margin", Code::E001, Some("Step back a little."));
        let lines = compose(Code::E001, &[&corner, &margin]);
        assert_eq!(lines[0], "The top-left corner is cut off.");
        assert!(!lines.iter().any(|l| l == "Step back a little."));
        // alone, the margin's advice is given
        assert_eq!(compose(Code::E001, &[&margin])[0], "Step back a little.");
    }
}

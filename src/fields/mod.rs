//! Compare: what the user will type into the exchange's form against what the document says
//! (SPEC §4 "compare"), plus the checks that need only dates (expiry, age).
//!
//! [`compare`] returns one finding per check id, always in the order `name`, `dob`,
//! `doc_number`, `nationality`, `expiry`, `age`, `doc_type`. A check with nothing to compare is
//! `skipped` with the reason. With empty [`DocFacts`] (no OCR) `expiry` and `age` still run
//! from the form's values.

pub mod dates;
pub mod validity;

use crate::facts::DocFacts;
use crate::finding::Finding;
use crate::form::Form;
use chrono::NaiveDate;

/// The check ids [`compare`] returns, in its order.
pub const CHECKS: [&str; 7] = [
    "name",
    "dob",
    "doc_number",
    "nationality",
    "expiry",
    "age",
    "doc_type",
];

/// Compares the form with the document's facts on `today`.
pub fn compare(form: &Form, facts: &DocFacts, today: NaiveDate) -> Vec<Finding> {
    vec![
        Finding::skipped("name", "name comparison not built yet"),
        dates::check_dob(form.dob, facts.dob, "the document"),
        Finding::skipped("doc_number", "number comparison not built yet"),
        Finding::skipped("nationality", "nationality comparison not built yet"),
        validity::check_expiry(form, facts, today),
        validity::check_age(form, facts.dob, today),
        Finding::skipped("doc_type", "type comparison not built yet"),
    ]
}

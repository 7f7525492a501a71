//! Validity of the document (`expiry`, E018) and age of the holder (`age`, E020), judged on a
//! given day. Both run from the form's values alone when nothing could be read from the photo.

use crate::codes::Code;
use crate::facts::DocFacts;
use crate::finding::Finding;
use crate::form::Form;
use crate::words;
use chrono::{Datelike, NaiveDate};

/// Fewer days of validity left than this is a rejection (E018). SPEC §3: "less than 30 days
/// left"; Sumsub publishes "≥ 1 month of validity left" (REFERENCE.md). Fixtures p14/p16
/// (18 and 27 days left) are labelled fail, p15 (59 days) warn only.
pub const EXPIRY_FAIL_DAYS: i64 = 30;

/// Fewer days left than this is a warning: SPEC §3 "some reviews reject under 3 months".
pub const EXPIRY_WARN_DAYS: i64 = 90;

/// Exchanges do not verify minors (SPEC §3, E020).
pub const ADULT_AGE: u32 = 18;

/// An 18th birthday fewer than this many days ago is a warning ("review may be stricter",
/// SPEC §3). Fixture p11 turned 18 seventeen days before its `today` and is labelled warn.
pub const JUST_ADULT_DAYS: i64 = 30;

/// The day someone born on `dob` reaches `years` years of age.
///
/// Convention for a 29 February birthday in a non-leap year: the birthday is **1 March**
/// (the common-law and most registries' rule, e.g. UK Family Law Reform Act / NZ Age of
/// Majority Act usage): born 2008-02-29 → 18 on 2026-03-01, still 17 on 2026-02-28.
pub fn anniversary(dob: NaiveDate, years: u32) -> NaiveDate {
    let year = dob.year() + years as i32;
    NaiveDate::from_ymd_opt(year, dob.month(), dob.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .expect("1 March exists in every year")
}

/// Completed years of age on `today` (0 for a date of birth in the future).
pub fn age_on(dob: NaiveDate, today: NaiveDate) -> u32 {
    if today < dob {
        return 0;
    }
    let mut years = (today.year() - dob.year()).max(0) as u32;
    while years > 0 && anniversary(dob, years) > today {
        years -= 1;
    }
    years
}

/// The `expiry` check: expired or fewer than [`EXPIRY_FAIL_DAYS`] left fails (E018); fewer than
/// [`EXPIRY_WARN_DAYS`] warns. The typed date is judged when it is the only one; when both the
/// typed and the document's date exist and differ, the document's is the truth and the typed
/// one is a mismatch (E005), unless the document itself is expired or expiring (E018).
pub fn check_expiry(form: &Form, facts: &DocFacts, today: NaiveDate) -> Finding {
    const CHECK: &str = "expiry";
    let (date, source) = match (form.expiry, facts.expiry) {
        (_, Some(doc)) => (doc, "the document's expiry date"),
        (Some(typed), None) => (typed, "the expiry date you entered"),
        (None, None) => {
            return Finding::skipped(
                CHECK,
                "no --expiry given and the expiry date could not be read from the document",
            )
        }
    };
    let mismatch = match (form.expiry, facts.expiry) {
        (Some(typed), Some(doc)) if typed != doc => Some((typed, doc)),
        _ => None,
    };
    let days_left = (date - today).num_days();
    let value = days_left as f64;
    let mismatch_note = mismatch
        .map(|(typed, doc)| format!("; you entered {typed}, but the document says {doc}"))
        .unwrap_or_default();

    if days_left < 0 {
        return Finding::fail(
            CHECK,
            Code::E018,
            format!(
                "{source} {date} is {} days before {today}: the document has expired{mismatch_note}",
                -days_left
            ),
        )
        .with_value(value, EXPIRY_FAIL_DAYS as f64)
        .with_advice(format!(
            "This document expired on {}: use another valid document (a passport instead of an ID card, or the reverse), or renew it first.",
            words::dated(date, today)
        ));
    }
    if days_left < EXPIRY_FAIL_DAYS {
        return Finding::fail(
            CHECK,
            Code::E018,
            format!(
                "{source} {date} leaves {days_left} days of validity on {today}, fewer than the {EXPIRY_FAIL_DAYS} required{mismatch_note}"
            ),
        )
        .with_value(value, EXPIRY_FAIL_DAYS as f64)
        .with_advice(format!(
            "The document expires on {}: exchanges want at least {EXPIRY_FAIL_DAYS} days left. Use another valid document, or renew this one first.",
            words::dated(date, today)
        ));
    }
    if let Some((typed, doc)) = mismatch {
        let mut message =
            format!("the expiry date you entered, {typed}, differs from the document's, {doc}");
        if let Some(swap) = super::dates::swapped_day_month(typed) {
            if swap == doc {
                message.push_str(" (day and month swapped)");
            }
        }
        if days_left < EXPIRY_WARN_DAYS {
            message.push_str(&format!(
                "; the document also has only {days_left} days left (some reviews want {EXPIRY_WARN_DAYS})"
            ));
        }
        return Finding::fail(CHECK, Code::E005, message)
            .with_value(value, EXPIRY_FAIL_DAYS as f64)
            .with_advice(format!("Type the expiry date as {doc}, not {typed}."));
    }
    if days_left < EXPIRY_WARN_DAYS {
        return Finding::warn(
            CHECK,
            format!(
                "{source} {date} leaves {days_left} days of validity on {today}: accepted by most exchanges, but some reviews want {EXPIRY_WARN_DAYS} days (3 months)"
            ),
        )
        .with_value(value, EXPIRY_WARN_DAYS as f64)
        .with_advice(format!(
            "The document expires on {}: if a review asks for 3 months of validity, use another document or renew this one.",
            words::dated(date, today)
        ));
    }
    Finding::pass(
        CHECK,
        format!("{source} {date} leaves {days_left} days of validity on {today}"),
    )
    .with_value(value, EXPIRY_FAIL_DAYS as f64)
}

/// The `age` check: under [`ADULT_AGE`] on `today` fails (E020); an 18th birthday within the
/// last [`JUST_ADULT_DAYS`] warns. The document's date of birth is authoritative; the typed one
/// is used only when none could be read.
pub fn check_age(form: &Form, doc_dob: Option<NaiveDate>, today: NaiveDate) -> Finding {
    const CHECK: &str = "age";
    let (dob, source) = match (doc_dob, form.dob) {
        (Some(doc), _) => (doc, "the document's date of birth"),
        (None, Some(typed)) => (typed, "the date of birth you entered"),
        (None, None) => {
            return Finding::skipped(
                CHECK,
                "no --dob given and the date of birth could not be read from the document",
            )
        }
    };
    if dob > today {
        return Finding::fail(
            CHECK,
            Code::E005,
            format!("{source} {dob} is after {today}: the year is probably mistyped"),
        )
        .with_advice(format!(
            "Check the year of birth: {dob} has not happened yet. Type the date as YYYY-MM-DD."
        ));
    }
    let adult_on = anniversary(dob, ADULT_AGE);
    let age = age_on(dob, today);
    if today < adult_on {
        return Finding::fail(
            CHECK,
            Code::E020,
            format!(
                "{source} {dob} makes the holder {age} on {today}; they turn {ADULT_AGE} on {adult_on}"
            ),
        )
        .with_value(age as f64, ADULT_AGE as f64)
        .with_advice(format!(
            "Exchanges do not verify anyone under {ADULT_AGE}: wait until {}.",
            words::dated(adult_on, today)
        ));
    }
    let days_adult = (today - adult_on).num_days();
    if days_adult < JUST_ADULT_DAYS {
        return Finding::warn(
            CHECK,
            format!(
                "{source} {dob}: the holder turned {ADULT_AGE} on {adult_on}, {days_adult} days ago; review may be stricter"
            ),
        )
        .with_value(age as f64, ADULT_AGE as f64)
        .with_advice(
            "You turned 18 only recently: the review may be stricter, so make sure every value matches the document exactly.",
        );
    }
    Finding::pass(
        CHECK,
        format!("{source} {dob} makes the holder {age} on {today}"),
    )
    .with_value(age as f64, ADULT_AGE as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn form_expiry(s: &str) -> Form {
        Form {
            expiry: Some(d(s)),
            ..Form::default()
        }
    }

    #[test]
    fn leap_day_birthday_is_first_of_march() {
        let dob = d("2008-02-29");
        assert_eq!(anniversary(dob, 18), d("2026-03-01"));
        assert_eq!(age_on(dob, d("2026-02-28")), 17);
        assert_eq!(age_on(dob, d("2026-03-01")), 18);
        assert_eq!(anniversary(dob, 16), d("2024-02-29"));
        let form = Form {
            dob: Some(dob),
            ..Form::default()
        };
        let f = check_age(&form, None, d("2026-02-28"));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.code, Some(Code::E020));
        assert_eq!(check_age(&form, None, d("2026-03-01")).status, Status::Warn);
        assert_eq!(check_age(&form, None, d("2026-04-01")).status, Status::Pass);
    }

    #[test]
    fn age_boundaries() {
        let today = d("2026-11-22");
        let form = |s: &str| Form {
            dob: Some(d(s)),
            ..Form::default()
        };
        // 18th birthday tomorrow: under 18.
        assert_eq!(
            check_age(&form("2008-11-23"), None, today).status,
            Status::Fail
        );
        // 18th birthday today: adult, just.
        assert_eq!(
            check_age(&form("2008-11-22"), None, today).status,
            Status::Warn
        );
        // 29 days ago: warn; 30 days ago: pass.
        assert_eq!(
            check_age(&form("2008-10-24"), None, today).status,
            Status::Warn
        );
        assert_eq!(
            check_age(&form("2008-10-23"), None, today).status,
            Status::Pass
        );
        assert_eq!(
            check_age(&Form::default(), None, today).status,
            Status::Skipped
        );
        // The document's date wins over the typed one.
        let f = check_age(&form("1980-01-01"), Some(d("2010-03-14")), today);
        assert_eq!(f.status, Status::Fail);
    }

    #[test]
    fn expiry_boundaries() {
        let today = d("2026-11-22");
        let none = DocFacts::default();
        let status = |s: &str| check_expiry(&form_expiry(s), &none, today);
        assert_eq!(status("2026-11-21").code, Some(Code::E018));
        assert_eq!(status("2026-11-22").status, Status::Fail); // 0 days left
        assert_eq!(status("2026-12-21").status, Status::Fail); // 29 days
        assert_eq!(status("2026-12-22").status, Status::Warn); // 30 days
        assert_eq!(status("2027-02-19").status, Status::Warn); // 89 days
        assert_eq!(status("2027-02-20").status, Status::Pass); // 90 days
        assert_eq!(
            check_expiry(&Form::default(), &none, today).status,
            Status::Skipped
        );
    }

    #[test]
    fn expiry_typed_differs_from_document() {
        let today = d("2026-11-22");
        let facts = DocFacts {
            expiry: Some(d("2031-04-15")),
            ..DocFacts::default()
        };
        let f = check_expiry(&form_expiry("2031-04-16"), &facts, today);
        assert_eq!(f.code, Some(Code::E005));
        assert!(f.advice.unwrap().contains("2031-04-15"));
        // The document itself expired: E018, mismatch mentioned.
        let expired = DocFacts {
            expiry: Some(d("2026-09-30")),
            ..DocFacts::default()
        };
        let f = check_expiry(&form_expiry("2029-09-30"), &expired, today);
        assert_eq!(f.code, Some(Code::E018));
        assert!(f.message.contains("you entered 2029-09-30"));
        // Only the document's date: judged alone.
        let f = check_expiry(&Form::default(), &expired, today);
        assert_eq!(f.code, Some(Code::E018));
    }
}

//! A decoded zone as the rest of the program sees it: the JSON report of `document.mrz`, the
//! facts the comparing stage needs (with each value's source), and the document type.

use super::decode::valid;
use super::grid::{self, Cell};
use super::MrzReport;
use crate::facts::DocFacts;
use crate::form::DocType;
use chrono::{Datelike, NaiveDate};

/// `TD1`, `TD2`, `TD3`, `MRVA`, `MRVB`.
pub fn format_name(format: ::mrz::Format) -> &'static str {
    use ::mrz::Format;
    match format {
        Format::Td1 => "TD1",
        Format::Td2 => "TD2",
        Format::Td3 => "TD3",
        Format::MrvA => "MRVA",
        Format::MrvB => "MRVB",
        _ => "unknown",
    }
}

pub(super) fn report(data: &::mrz::MrzData, rows: &[Vec<Cell>]) -> MrzReport {
    let mut lines: Vec<String> = data.mrz_lines.lines().map(str::to_string).collect();
    if lines.len() != rows.len() {
        lines = rows.iter().map(|r| grid::text(r)).collect();
    }
    let fields = super::MrzFields {
        dob: data.date_of_birth.to_string(),
        document_code: data.document_type.clone(),
        document_number: data.full_document_number().to_string(),
        expiry: data.date_of_expiry.to_string(),
        given_names: data.given_names.clone(),
        issuing_state: data.issuing_country.clone(),
        nationality: data.nationality.clone(),
        optional_data: data.optional_data_1.clone(),
        optional_data_2: data.optional_data_2.clone(),
        sex: data.sex.to_string(),
        surname: data.surname.clone(),
    };
    MrzReport {
        format: format_name(data.format).to_string(),
        lines,
        valid: valid(data),
        fields,
        checks: super::MrzChecks::of(&data.checks),
    }
}

pub(super) fn to_naive(d: &::mrz::MrzDate) -> Option<NaiveDate> {
    let c = d.calendar()?;
    NaiveDate::from_ymd_opt(c.year, c.month, c.day)
}

/// Fills `facts` from a parsed MRZ. Birth dates the two-digit year puts in the future go back a
/// century.
pub fn fill_facts(data: &::mrz::MrzData, facts: &mut DocFacts, today: NaiveDate) {
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    facts.has_mrz = true;
    facts.mrz_format = Some(format_name(data.format).to_string());
    facts.mrz_doc_code = nonempty(&data.document_type);
    facts.mrz_surname = nonempty(&data.surname);
    facts.mrz_given_names = nonempty(&data.given_names);
    facts.surname = facts.mrz_surname.clone();
    facts.given_names = facts.mrz_given_names.clone();
    // ICAO 9303 dates carry no century: it is resolved here by the kind of date, not by the
    // `mrz` crate's fixed pivot (which read a visa that expired in 1996 as expiring in 2096).
    let resolve = |d: &::mrz::MrzDate, kind: crate::fields::dates::DateKind| {
        let d = to_naive(d)?;
        let yymmdd = format!("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day());
        crate::fields::dates::mrz_date(&yymmdd, kind, today)
    };
    facts.dob = resolve(&data.date_of_birth, crate::fields::dates::DateKind::Birth);
    facts.expiry = resolve(&data.date_of_expiry, crate::fields::dates::DateKind::Expiry);
    facts.doc_number = nonempty(data.full_document_number());
    facts.doc_number_check_ok = data.checks.document_number;
    facts.nationality = nonempty(&data.nationality);
    let c = &data.checks;
    let has = |v: bool, check: Option<bool>| v.then(|| crate::facts::mrz_source(check));
    facts.sources = crate::facts::Sources {
        name: has(
            facts.mrz_surname.is_some() || facts.mrz_given_names.is_some(),
            None,
        ),
        dob: has(facts.dob.is_some(), c.date_of_birth),
        doc_number: has(facts.doc_number.is_some(), c.document_number),
        expiry: has(facts.expiry.is_some(), c.date_of_expiry),
        nationality: has(facts.nationality.is_some(), None),
    };
    facts.sex = match data.sex {
        ::mrz::Sex::Male => Some('M'),
        ::mrz::Sex::Female => Some('F'),
        _ => None,
    };
}

/// The document type: the MRZ document code first (ICAO 9303: `P` passport; `I`, `A`, `C` cards
/// — `IR`/`AR`/`CR` style residence permits; `V` visa, which no form type accepts), then the
/// shape the document finder measured.
pub fn doc_type(facts: &DocFacts) -> Option<DocType> {
    if let Some(code) = &facts.mrz_doc_code {
        let mut chars = code.chars();
        let first = chars.next();
        let second = chars.next();
        return match (first, second) {
            (Some('P'), _) => Some(DocType::Passport),
            (Some('I' | 'A' | 'C'), Some('R')) => Some(DocType::ResidencePermit),
            (Some('I' | 'A' | 'C'), _) => Some(DocType::IdCard),
            _ => None,
        };
    }
    match facts.shape {
        Some(crate::facts::Shape::Id3) => Some(DocType::Passport),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ICAO specimen visa (MRV-A) expired on 1996-12-10: the century comes from the
    /// expiry window, not the `mrz` crate's pivot (regression: "25574 days of validity").
    #[test]
    fn an_expired_visa_keeps_its_century() {
        let data = ::mrz::parse_mrv_a(
            "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
        )
        .unwrap();
        let mut facts = DocFacts::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        fill_facts(&data, &mut facts, today);
        assert_eq!(facts.expiry, NaiveDate::from_ymd_opt(1996, 12, 10));
        assert_eq!(facts.dob, NaiveDate::from_ymd_opt(1940, 9, 7));
        assert_eq!(
            facts.sources.expiry,
            Some(crate::facts::ValueSource::MrzVerified)
        );
    }
}

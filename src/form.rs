//! What the user will type into the exchange's form, validated (dates parsed, type known).

use chrono::NaiveDate;
use serde::Serialize;

/// The document type selected in the form (`--doc-type`), or detected on the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocType {
    Passport,
    IdCard,
    DrivingLicence,
    ResidencePermit,
}

impl DocType {
    /// The id used on the command line and in JSON: `passport`, `id-card`, …
    pub fn id(self) -> &'static str {
        match self {
            DocType::Passport => "passport",
            DocType::IdCard => "id-card",
            DocType::DrivingLicence => "driving-licence",
            DocType::ResidencePermit => "residence-permit",
        }
    }

    /// Parses the command-line / CSV spelling.
    pub fn parse(s: &str) -> Option<DocType> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "passport" => Some(DocType::Passport),
            "id-card" | "id" | "idcard" => Some(DocType::IdCard),
            "driving-licence" | "driving-license" | "drivers-license" => {
                Some(DocType::DrivingLicence)
            }
            "residence-permit" => Some(DocType::ResidencePermit),
            _ => None,
        }
    }
}

/// Form values for one input. `None` means the user did not give that value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub doc_type: Option<DocType>,
    pub name: Option<String>,
    pub dob: Option<NaiveDate>,
    pub doc_number: Option<String>,
    pub expiry: Option<NaiveDate>,
    pub nationality: Option<String>,
}

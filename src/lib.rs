//! kyc-check: predicts the KYC rejection an exchange would give a photo of an ID document.

pub mod codes;
pub mod facts;
pub mod finding;
pub mod form;
pub mod load;
pub mod ocr;
pub mod read;

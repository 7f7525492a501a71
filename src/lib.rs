//! kyc-check: predicts the KYC rejection an exchange would give a photo of an ID document.

pub mod annotate;
pub mod codes;
pub mod document;
pub mod facts;
pub mod finding;
pub mod form;
pub mod load;
pub mod quality;

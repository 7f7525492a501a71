//! kyc-check: predicts the KYC rejection an exchange would give a photo of an ID document,
//! offline.
//!
//! The pipeline (SPEC §4): [`load`] → document and image-quality checks → reading → comparing
//! with the [`form`] → [`rules`] → [`report`]. [`pipeline::check`] runs it on one photo.

pub mod app;
pub mod batch;
pub mod cli;
pub mod codes;
pub mod config;
pub mod facts;
pub mod fields;
pub mod finding;
pub mod form;
pub mod load;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod version;

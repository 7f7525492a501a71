//! kyc-check: predicts the KYC rejection an exchange would give a photo of an ID document,
//! offline.
//!
//! The pipeline (SPEC §4): [`load`] → [`document`] and [`quality`] checks → [`read`] →
//! comparing with the [`form`] in [`fields`] → [`rules`] → [`report`]. [`pipeline::check`] runs
//! it on one photo.

pub mod advice;
pub mod annotate;
pub mod app;
pub mod barcode;
mod batch;
pub mod cli;
pub mod codes;
pub mod config;
pub mod document;
mod evidence;
pub mod face;
pub mod facts;
pub mod fields;
pub mod finding;
pub mod form;
mod kind;
pub mod load;
pub mod ocr;
mod par;
pub mod pipeline;
pub mod quality;
pub mod read;
pub mod report;
pub mod rules;
mod translit;
mod version;
mod words;

//! Image-quality checks (work in progress).

//! End-to-end tests in headless Chromium: see `tests/browser.rs`.

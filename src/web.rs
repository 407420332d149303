//! The wasm boundary (placeholder; implemented in its own change).

//! Queries over a validated dataset (placeholder; implemented in its own change).

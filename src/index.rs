//! A sorted index of codes: finds the position of a country code in a list
//! (the world's shapes and places, a selection's countries) in log time
//! instead of a scan. It sorts `(key, position)` pairs through the crate's
//! one sort ([`crate::sort`]), since every other sort instantiation costs
//! kilobytes of wasm.

/// Sorts `(key, index)` pairs (a total order: through the crate's one sort,
/// [`crate::sort::sort_ord`]).
pub(crate) fn sort_keyed(pairs: &mut [(u64, usize)]) {
    crate::sort::sort_ord(pairs);
}

/// A code's first eight bytes, big-endian: orders like the codes themselves,
/// up to codes that share those bytes (which [`CodeIndex::find`] tells apart).
fn code_key(code: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (b, c) in bytes.iter_mut().zip(code.bytes()) {
        *b = c;
    }
    u64::from_be_bytes(bytes)
}

/// The positions of a list's codes, sorted by code (the first position
/// first among equal codes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct CodeIndex(Vec<(u64, usize)>);

impl CodeIndex {
    /// Indexes `codes` (a position with no code is left out).
    pub(crate) fn new<'a>(codes: impl IntoIterator<Item = Option<&'a str>>) -> CodeIndex {
        let mut pairs: Vec<(u64, usize)> = codes
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (code_key(c), i)))
            .collect();
        sort_keyed(&mut pairs);
        CodeIndex(pairs)
    }

    /// The first position whose code is `code`: `code_at(position)` gives
    /// the list's code at a position.
    pub(crate) fn find<'a>(
        &self,
        code: &str,
        code_at: impl Fn(usize) -> Option<&'a str>,
    ) -> Option<usize> {
        let key = code_key(code);
        let from = self.0.partition_point(|&(k, _)| k < key);
        self.0
            .get(from..)?
            .iter()
            .take_while(|&&(k, _)| k == key)
            .map(|&(_, i)| i)
            .find(|&i| code_at(i) == Some(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_position_of_each_code_as_a_scan_would() {
        let codes = [
            Some("PL"),
            None,
            Some("KW"),
            Some("PL"),
            Some("LONGCODE-A"),
            Some("LONGCODE-B"),
            Some(""),
            Some("Q"),
        ];
        let index = CodeIndex::new(codes);
        let at = |i: usize| codes.get(i).copied().flatten();
        for probe in [
            "PL",
            "KW",
            "LONGCODE-A",
            "LONGCODE-B",
            "LONGCODE",
            "",
            "Q",
            "QA",
            "XX",
        ] {
            let scan = codes.iter().position(|c| *c == Some(probe));
            assert_eq!(index.find(probe, at), scan, "{probe:?}");
        }
        assert_eq!(CodeIndex::new([]).find("PL", at), None);
    }
}

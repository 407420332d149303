//! Untyped JSON arriving from outside Rust, read safely.
//!
//! In the browser the dataset is parsed by `JSON.parse` (so no JSON parser is
//! shipped in the wasm) and handed over as a JS value. Two things then need
//! care, and both are pure logic kept here so they are tested natively:
//!
//! - **Where is the syntax error?** Browsers' `JSON.parse` messages differ and
//!   often give no position at all (Chromium: `Unexpected token 'x', "…" is not
//!   valid JSON`). [`syntax_error`] scans the text and finds the first error
//!   itself, with the same grammar (RFC 8259), without building anything.
//! - **Bounded nesting.** Turning a JS value into a [`serde_json::Value`]
//!   recurses once per level; a cyclic JS object would recurse forever and
//!   overflow the wasm stack (a trap that kills every widget on the page).
//!   [`BoundedValue`] reads a value from any serde deserializer and fails
//!   cleanly past [`MAX_DEPTH`] levels.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Deepest nesting of arrays and objects accepted (serde_json's own limit).
pub const MAX_DEPTH: usize = 128;

/// The first syntax error in a JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the text where the error is (the text's length when it ends too soon).
    pub offset: usize,
    /// What is wrong there, in plain words.
    pub message: &'static str,
    /// True when the text ended before the JSON value was complete.
    pub at_end: bool,
}

impl SyntaxError {
    /// The offset in UTF-16 code units, as JavaScript counts string positions.
    pub fn utf16_offset(&self, text: &str) -> usize {
        text.char_indices()
            .take_while(|(i, _)| *i < self.offset)
            .map(|(_, c)| c.len_utf16())
            .sum()
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at_end {
            write!(f, "unexpected end of the text: {}", self.message)
        } else {
            f.write_str(self.message)
        }
    }
}

/// What the scanner expects next.
#[derive(Clone, Copy)]
enum State {
    /// Any value.
    Value,
    /// Just after `[`: a value or `]`.
    ArrayFirst,
    /// Just after `{`: a key or `}`.
    ObjectFirst,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After a complete value: `,`, a closing bracket, or the end.
    After,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Scans JSON text and returns its first syntax error, or `None` if it is valid JSON.
pub fn syntax_error(text: &str) -> Option<SyntaxError> {
    let bytes = text.as_bytes();
    let fail = |offset: usize, message: &'static str| {
        Some(SyntaxError {
            offset,
            message,
            at_end: offset >= bytes.len(),
        })
    };
    // Open containers, innermost last: b'[' or b'{'. Explicit, so nesting depth costs no stack.
    let mut open: Vec<u8> = Vec::new();
    let mut state = State::Value;
    let mut i = 0;
    loop {
        while bytes.get(i).is_some_and(|&b| is_ws(b)) {
            i += 1;
        }
        let byte = bytes.get(i).copied();
        match state {
            State::Value | State::ArrayFirst => match byte {
                Some(b']') if matches!(state, State::ArrayFirst) => {
                    open.pop();
                    i += 1;
                    state = State::After;
                }
                Some(b'[') => {
                    open.push(b'[');
                    i += 1;
                    state = State::ArrayFirst;
                }
                Some(b'{') => {
                    open.push(b'{');
                    i += 1;
                    state = State::ObjectFirst;
                }
                Some(b'"') => {
                    i = match scan_string(bytes, i) {
                        Ok(end) => end,
                        Err((at, message)) => return fail(at, message),
                    };
                    state = State::After;
                }
                Some(b'-' | b'0'..=b'9') => {
                    i = match scan_number(bytes, i) {
                        Ok(end) => end,
                        Err(at) => return fail(at, "expected a digit in the number"),
                    };
                    state = State::After;
                }
                Some(b't') => {
                    i = match scan_literal(bytes, i, b"true") {
                        Ok(end) => end,
                        Err(at) => return fail(at, "expected `true`"),
                    };
                    state = State::After;
                }
                Some(b'f') => {
                    i = match scan_literal(bytes, i, b"false") {
                        Ok(end) => end,
                        Err(at) => return fail(at, "expected `false`"),
                    };
                    state = State::After;
                }
                Some(b'n') => {
                    i = match scan_literal(bytes, i, b"null") {
                        Ok(end) => end,
                        Err(at) => return fail(at, "expected `null`"),
                    };
                    state = State::After;
                }
                _ if matches!(state, State::ArrayFirst) => {
                    return fail(i, "expected a value or `]`");
                }
                _ => {
                    return fail(
                        i,
                        "expected a value (an object, array, string in double quotes, number, true, false or null)",
                    )
                }
            },
            State::ObjectFirst | State::Key => match byte {
                Some(b'}') if matches!(state, State::ObjectFirst) => {
                    open.pop();
                    i += 1;
                    state = State::After;
                }
                Some(b'"') => {
                    i = match scan_string(bytes, i) {
                        Ok(end) => end,
                        Err((at, message)) => return fail(at, message),
                    };
                    state = State::Colon;
                }
                _ if matches!(state, State::ObjectFirst) => {
                    return fail(i, "expected a property name in double quotes or `}`");
                }
                _ => return fail(i, "expected a property name in double quotes"),
            },
            State::Colon => match byte {
                Some(b':') => {
                    i += 1;
                    state = State::Value;
                }
                _ => return fail(i, "expected `:` after the property name"),
            },
            State::After => match (open.last(), byte) {
                (None, None) => return None,
                (None, Some(_)) => return fail(i, "unexpected text after the JSON value"),
                (Some(b'['), Some(b',')) => {
                    i += 1;
                    state = State::Value;
                }
                (Some(b'{'), Some(b',')) => {
                    i += 1;
                    state = State::Key;
                }
                (Some(b'['), Some(b']')) | (Some(b'{'), Some(b'}')) => {
                    open.pop();
                    i += 1;
                }
                (Some(b'['), _) => return fail(i, "expected `,` or `]` after an array element"),
                (Some(_), _) => return fail(i, "expected `,` or `}` after a property value"),
            },
        }
    }
}

/// Scans a string starting at its opening quote; returns the offset just past it.
fn scan_string(bytes: &[u8], start: usize) -> Result<usize, (usize, &'static str)> {
    let mut i = start + 1;
    loop {
        match bytes.get(i) {
            None => return Err((i, "unterminated string")),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => match bytes.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => {
                    for k in 2..6 {
                        if !bytes.get(i + k).is_some_and(u8::is_ascii_hexdigit) {
                            return Err((i + k, "bad \\u escape: expected 4 hexadecimal digits"));
                        }
                    }
                    i += 6;
                }
                None => return Err((i + 1, "unterminated string")),
                Some(_) => return Err((i + 1, "bad escape in a string")),
            },
            Some(&b) if b < 0x20 => return Err((
                i,
                "control character in a string (a line break inside a string must be written \\n)",
            )),
            Some(_) => i += 1,
        }
    }
}

/// Scans a number; returns the offset just past it, or the offset where a digit was missing.
fn scan_number(bytes: &[u8], start: usize) -> Result<usize, usize> {
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = start;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while digit(i) {
                i += 1;
            }
        }
        _ => return Err(i),
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !digit(i) {
            return Err(i);
        }
        while digit(i) {
            i += 1;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digit(i) {
            return Err(i);
        }
        while digit(i) {
            i += 1;
        }
    }
    Ok(i)
}

/// Matches `word` at `start`; returns the offset past it, or that of the first byte that differs.
fn scan_literal(bytes: &[u8], start: usize, word: &[u8]) -> Result<usize, usize> {
    for (k, expected) in word.iter().enumerate() {
        if bytes.get(start + k) != Some(expected) {
            return Err(start + k);
        }
    }
    Ok(start + word.len())
}

/// Reads a [`serde_json::Value`] from any deserializer, failing past `depth`
/// levels of nesting instead of recursing without end.
///
/// `BoundedValue(MAX_DEPTH).deserialize(deserializer)`.
#[derive(Debug, Clone, Copy)]
pub struct BoundedValue(pub usize);

impl<'de> DeserializeSeed<'de> for BoundedValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl BoundedValue {
    fn inner<E: de::Error>(self) -> Result<BoundedValue, E> {
        match self.0.checked_sub(1) {
            Some(depth) => Ok(BoundedValue(depth)),
            None => Err(E::custom(format_args!(
                "nested more than {MAX_DEPTH} levels deep (or refers to itself)"
            ))),
        }
    }
}

impl<'de> Visitor<'de> for BoundedValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value (object, array, string, number, boolean or null)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // NaN and infinities are not JSON; JSON.stringify writes them as null too.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(text: &str) -> SyntaxError {
        syntax_error(text).unwrap_or_else(|| panic!("{text:?} should be rejected"))
    }

    #[test]
    fn valid_json_has_no_error() {
        for text in [
            "{}",
            "[]",
            " 0 ",
            "-0.5e+10",
            "1E3",
            "\"a\\u00e9\\n\\\"\"",
            "true",
            "null",
            "{\"a\": [1, {\"b\": false}, \"ü\"], \"c\": {}}\n",
            "[[[[[[[[[[]]]]]]]]]]",
        ] {
            assert_eq!(syntax_error(text), None, "{text:?}");
            assert!(serde_json::from_str::<Value>(text).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn finds_the_offset_of_the_first_error() {
        // (text, offset, at_end) for cases Chromium reports without a position.
        let cases = [
            ("abc", 0, false),
            ("{\"a\": tru}", 9, false),
            ("{\"a\": 'x'}", 6, false),
            ("{\"a\": nul, \"b\": 1}", 9, false),
            ("[1,]", 3, false),
            ("{\"a\":1,}", 7, false),
            ("{a:1}", 1, false),
            ("{\"a\" 1}", 5, false),
            ("{\"a\":1}x", 7, false),
            ("[1 2]", 3, false),
            ("{\"a\":1 \"b\":2}", 7, false),
            ("01", 1, false),
            ("-x", 1, false),
            ("1.", 2, true),
            ("1e+", 3, true),
            ("\"a\\qb\"", 3, false),
            ("\"\\u12G4\"", 5, false),
            ("\"a\nb\"", 2, false),
            ("", 0, true),
            ("  ", 2, true),
            ("[1, 2", 5, true),
            ("{\"a\": \"open", 11, true),
            ("{\"a\":", 5, true),
        ];
        for (text, offset, at_end) in cases {
            let e = err(text);
            assert_eq!((e.offset, e.at_end), (offset, at_end), "{text:?}: {e}");
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn messages_say_what_was_expected() {
        assert_eq!(
            err("{\"a\":1 \"b\":2}").message,
            "expected `,` or `}` after a property value"
        );
        assert_eq!(
            err("[1 2]").message,
            "expected `,` or `]` after an array element"
        );
        assert_eq!(err("{\"a\": tru}").message, "expected `true`");
        assert_eq!(
            err("{a:1}").message,
            "expected a property name in double quotes or `}`"
        );
        assert_eq!(
            err("[1, 2").to_string(),
            "unexpected end of the text: expected `,` or `]` after an array element"
        );
    }

    #[test]
    fn deep_nesting_needs_no_stack() {
        let text = "[".repeat(100_000);
        let e = err(&text);
        assert_eq!((e.offset, e.at_end), (100_000, true));
    }

    #[test]
    fn utf16_offset_counts_like_javascript() {
        // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
        let text = "[\"é😀\", x]";
        let e = err(text);
        assert_eq!(e.offset, 11);
        assert_eq!(e.utf16_offset(text), 8);
    }

    #[test]
    fn bounded_value_reads_ordinary_values() {
        let value = json!({"a": [1, -2, 2.5, "x", null, true], "b": {"c": {}}});
        let read = BoundedValue(MAX_DEPTH).deserialize(value.clone()).unwrap();
        assert_eq!(read, value);
    }

    #[test]
    fn bounded_value_stops_past_the_limit() {
        let mut value = json!(1);
        for _ in 0..10 {
            value = json!([value]);
        }
        assert!(BoundedValue(10).deserialize(value.clone()).is_ok());
        let e = BoundedValue(9).deserialize(value).unwrap_err();
        assert!(e.to_string().contains("nested more than"), "{e}");
    }
}

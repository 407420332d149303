//! JSON text read into a light untyped tree, in one pass, for validation.
//!
//! The dataset arrives as text (in the browser too: `Tracker.fromObject`
//! turns its object into text with `JSON.stringify`, which crosses the wasm
//! boundary as one copy, where reading a JS object crosses it once per value).
//! serde_json parses it into a [`Node`] tree that borrows its strings from the
//! text where it can, keeps every object's members in source order (so a key
//! given twice is still there for validation to report) and is nested at most
//! [`MAX_DEPTH`] levels deep. [`crate::validate`] then walks the tree once and
//! builds the typed dataset from it.
//!
//! A syntax error becomes [`Error::Json`] with serde_json's line and column
//! (the column counted in characters) and a message in plain words.

use crate::error::Error;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::fmt;

/// Deepest nesting of arrays and objects accepted: serde_json's own recursion
/// limit (it reads 127 levels and stops cleanly at the 128th, never
/// overflowing the stack). The tests check the two agree.
pub const MAX_DEPTH: usize = 127;

/// One JSON value, borrowing its strings from the text where it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json read it (integers stay exact).
    Number(Number),
    /// A string; borrowed from the text unless it had escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object's members in source order, duplicates included.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// A tree borrowing from a [`serde_json::Value`] (tests and native tools
    /// that build data as values). `None` past [`MAX_DEPTH`] levels of nesting.
    pub fn from_value(value: &'a Value) -> Option<Node<'a>> {
        Node::from_value_within(value, MAX_DEPTH)
    }

    fn from_value_within(value: &'a Value, depth: usize) -> Option<Node<'a>> {
        Some(match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(Cow::Borrowed(s)),
            Value::Array(items) => {
                let depth = depth.checked_sub(1)?;
                Node::Array(
                    items
                        .iter()
                        .map(|v| Node::from_value_within(v, depth))
                        .collect::<Option<_>>()?,
                )
            }
            Value::Object(map) => {
                let depth = depth.checked_sub(1)?;
                Node::Object(
                    map.iter()
                        .map(|(k, v)| {
                            Some((
                                Cow::Borrowed(k.as_str()),
                                Node::from_value_within(v, depth)?,
                            ))
                        })
                        .collect::<Option<_>>()?,
                )
            }
        })
    }
}

/// Parses JSON text into a [`Node`] tree. A leading byte-order mark is
/// skipped (editors add it, and it is invisible).
pub fn parse(text: &str) -> Result<Node<'_>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut stacks = Stacks::default();
    NodeSeed(&mut stacks)
        .deserialize(&mut deserializer)
        .and_then(|node| deserializer.end().map(|()| node))
        .map_err(|e| json_error(text, &e))
}

/// The text with every lone half of a UTF-16 surrogate pair written as a
/// `\uD800`-`\uDFFF` escape inside a string replaced by `\ufffd`, or `None`
/// when it has none.
///
/// serde_json refuses such escapes, but `JSON.parse` reads them, and they are
/// common: `JSON.stringify` (and so `Tracker.fromObject`) and Python's
/// `json.dumps` write one for text cut in the middle of an emoji or another
/// character outside the Basic Multilingual Plane. Loading retries with this
/// text, so the character reads as U+FFFD, as it does when a JS string with
/// the same damage is copied into Rust; validation then warns where it is.
pub fn replace_lone_surrogates(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let unit_at = |at: usize| -> Option<u16> {
        let digits = text.get(at..at.checked_add(4)?)?;
        if digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            u16::from_str_radix(digits, 16).ok()
        } else {
            None
        }
    };
    let is_high = |u: u16| (0xD800..=0xDBFF).contains(&u);
    let is_low = |u: u16| (0xDC00..=0xDFFF).contains(&u);
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut in_string = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !in_string {
            in_string = b == b'"';
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = false;
                i += 1;
            }
            b'\\' if bytes.get(i + 1) == Some(&b'u') => match unit_at(i + 2) {
                Some(u) if is_high(u) => {
                    let pair = bytes.get(i + 6) == Some(&b'\\')
                        && bytes.get(i + 7) == Some(&b'u')
                        && unit_at(i + 8).is_some_and(is_low);
                    if pair {
                        i += 12;
                    } else {
                        replace_escape(text, &mut out, &mut copied, i);
                        i += 6;
                    }
                }
                Some(u) if is_low(u) => {
                    replace_escape(text, &mut out, &mut copied, i);
                    i += 6;
                }
                Some(_) => i += 6,
                None => i += 2,
            },
            // Any other escape is two bytes (`\\`, `\"`, `\n`, ...).
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    let mut out = out?;
    out.push_str(text.get(copied..).unwrap_or_default());
    Some(out)
}

/// Copies `text` up to the six-byte escape at `at` into `out`, then `\ufffd`.
fn replace_escape(text: &str, out: &mut Option<String>, copied: &mut usize, at: usize) {
    let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
    out.push_str(text.get(*copied..at).unwrap_or_default());
    out.push_str("\\ufffd");
    *copied = at + 6;
}

/// The items and members of the arrays and objects being read, innermost
/// last: each container's are moved out into a vector of exactly their
/// number when it closes (one allocation per container, none wasted).
#[derive(Default)]
struct Stacks<'de> {
    items: Vec<Node<'de>>,
    members: Vec<(Cow<'de, str>, Node<'de>)>,
}

/// Reads one value, using (and leaving as it found them) the shared stacks.
struct NodeSeed<'s, 'de>(&'s mut Stacks<'de>);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, 'de> {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, 'de> {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'de>, E> {
        // JSON text has no NaN or infinity (serde_json rejects numbers out of range).
        Ok(Number::from_f64(v).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let stacks = self.0;
        let start = stacks.items.len();
        while let Some(item) = seq.next_element_seed(NodeSeed(stacks))? {
            stacks.items.push(item);
        }
        Ok(Node::Array(stacks.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let stacks = self.0;
        let start = stacks.members.len();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(NodeSeed(stacks))?;
            stacks.members.push((key, value));
        }
        Ok(Node::Object(stacks.members.drain(start..).collect()))
    }
}

/// Reads an object's key, borrowed from the text when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// serde_json's messages for syntax errors, in plain words.
const MESSAGES: &[(&str, &str)] = &[
    (
        "EOF while parsing a list",
        "the text ends inside an array (a `]` is missing)",
    ),
    (
        "EOF while parsing an object",
        "the text ends inside an object (a `}` is missing)",
    ),
    (
        "EOF while parsing a string",
        "the text ends inside a string (a closing `\"` is missing)",
    ),
    (
        "EOF while parsing a value",
        "the text ends where a value was expected",
    ),
    ("expected `:`", "expected `:` after the property name"),
    (
        "expected `,` or `]`",
        "expected `,` or `]` after an array element",
    ),
    (
        "expected `,` or `}`",
        "expected `,` or `}` after a property value",
    ),
    ("expected ident", "expected `true`, `false` or `null`"),
    (
        "expected value",
        "expected a value (an object, array, string in double quotes, number, true, false or null)",
    ),
    ("invalid escape", "bad escape in a string"),
    ("invalid number", "not a valid number"),
    ("number out of range", "number too large"),
    ("invalid unicode code point", "bad \\u escape in a string"),
    (
        "unexpected end of hex escape",
        "bad \\u escape in a string: half of a surrogate pair (a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF escape)",
    ),
    (
        "lone leading surrogate in hex escape",
        "bad \\u escape in a string: half of a surrogate pair",
    ),
    (
        "control character (\\u0000-\\u001F) found while parsing a string",
        "control character in a string (a line break inside a string must be written \\n)",
    ),
    (
        "key must be a string",
        "expected a property name in double quotes",
    ),
    (
        "trailing comma",
        "a comma before the closing bracket (remove it)",
    ),
    (
        "trailing characters",
        "unexpected text after the JSON value",
    ),
    (
        "recursion limit exceeded",
        "nested more than 127 levels deep",
    ),
];

/// Turns serde_json's syntax error into [`Error::Json`]: the message in plain
/// words without the position repeated, the column counted in characters
/// (serde_json counts bytes). Both point at the last character serde_json
/// read; when that was a line break, at the line break (serde_json says
/// column 0 of the next line).
fn json_error(text: &str, e: &serde_json::Error) -> Error {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let raw = full.strip_suffix(&suffix).unwrap_or(&full);
    let message = MESSAGES
        .iter()
        .find(|(from, _)| *from == raw)
        .map_or(raw, |(_, to)| to)
        .to_owned();
    let (line, column) = match (e.line(), e.column()) {
        (line, 0) if line > 1 => {
            let previous = text.split('\n').nth(line - 2).unwrap_or("");
            (line - 1, previous.chars().count() + 1)
        }
        (line, byte_column) => {
            let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
            let column = line_text
                .char_indices()
                .take_while(|(i, _)| *i < byte_column)
                .count();
            (line, column)
        }
    };
    Error::Json {
        line: line.max(1),
        column: column.max(1),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(text: &str) -> (usize, usize, String) {
        match parse(text) {
            Err(Error::Json {
                line,
                column,
                message,
            }) => (line, column, message),
            other => panic!("{text:?} should be a JSON error, got {other:?}"),
        }
    }

    #[test]
    fn valid_json_is_read_in_source_order() {
        let node = parse("{\"b\": [1, -2, 2.5, \"x\", null, true], \"a\": {}, \"b\": \"\\u00e9\"}")
            .unwrap();
        let Node::Object(members) = &node else {
            panic!("{node:?}")
        };
        let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["b", "a", "b"], "order and duplicates kept");
        assert!(matches!(&members[2].1, Node::String(Cow::Owned(s)) if s == "é"));
        let Node::Array(items) = &members[0].1 else {
            panic!()
        };
        assert_eq!(items[0], Node::Number(1.into()));
        assert_eq!(items[1], Node::Number((-2).into()));
        assert_eq!(
            items[2].clone(),
            Node::Number(Number::from_f64(2.5).unwrap())
        );
        assert!(matches!(&items[3], Node::String(Cow::Borrowed("x"))));
        assert!(items[4].is_null());
        assert_eq!(items[5], Node::Bool(true));
        for text in [
            "{}",
            "[]",
            " 0 ",
            "-0.5e+10",
            "1E3",
            "\"a\\n\"",
            "true",
            "null",
            "\u{feff}[]",
        ] {
            assert!(parse(text).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn a_value_reads_as_the_same_tree() {
        let value = json!({"a": [1, -2, 2.5, "x", null, true], "b": {"c": {}}});
        let text = value.to_string();
        let from_text = parse(&text).unwrap();
        assert_eq!(Node::from_value(&value), Some(from_text));
        let mut deep = json!(1);
        for _ in 0..=MAX_DEPTH {
            deep = json!([deep]);
        }
        assert_eq!(Node::from_value(&deep), None);
    }

    #[test]
    fn lone_surrogate_escapes_are_replaced_and_nothing_else() {
        let fix = replace_lone_surrogates;
        assert_eq!(fix(r#"["\ud83d"]"#).as_deref(), Some(r#"["\ufffd"]"#));
        assert_eq!(fix(r#"["a\uDC00b"]"#).as_deref(), Some(r#"["a\ufffdb"]"#));
        assert_eq!(
            fix(r#"{"k\ud800": "\ud83d\u0041 \ud83d\ude00 \ude00"}"#).as_deref(),
            Some(r#"{"k\ufffd": "\ufffd\u0041 \ud83d\ude00 \ufffd"}"#)
        );
        // A whole pair, an escaped backslash before "ud83d", other escapes, no strings.
        for text in [
            r#"["\ud83d\ude00"]"#,
            r#"["\\ud83d"]"#,
            r#"["\"\\\n\u00e9", 1e5, true]"#,
            r#"[1, 2]"#,
            r#"["\ud83"]"#,
            "",
        ] {
            assert_eq!(fix(text), None, "{text}");
        }
        // Same length: a later syntax error keeps its position.
        assert_eq!(fix(r#"["\ud83d"#).as_deref(), Some(r#"["\ufffd"#));
        // What it gives back parses, with U+FFFD where the half was.
        let fixed = fix(r#"["x\ud83d"]"#).unwrap();
        let tree = parse(&fixed).unwrap();
        assert!(
            matches!(&tree, Node::Array(items) if matches!(items.first(), Some(Node::String(s)) if s == "x\u{FFFD}"))
        );
        // serde_json refuses the original, with a message in plain words.
        let error = parse(r#"["x\ud83d"]"#).unwrap_err().to_string();
        assert!(error.contains("surrogate"), "{error}");
    }

    #[test]
    fn syntax_errors_have_a_position_and_plain_words() {
        // (text, line, column, start of the message): the column of the last character read.
        let cases = [
            ("abc", 1, 1, "expected a value"),
            ("{\"a\": tru}", 1, 10, "expected `true`, `false` or `null`"),
            ("{\"a\": 'x'}", 1, 7, "expected a value"),
            ("[1,]", 1, 4, "a comma before"),
            ("{\"a\":1,}", 1, 8, "a comma before"),
            ("{a:1}", 1, 2, "expected a property name in double quotes"),
            ("{\"a\" 1}", 1, 6, "expected `:`"),
            ("{\"a\":1}x", 1, 8, "unexpected text after"),
            ("[1 2]", 1, 4, "expected `,` or `]` after an array element"),
            (
                "{\"a\":1 \"b\":2}",
                1,
                8,
                "expected `,` or `}` after a property value",
            ),
            ("01", 1, 2, "not a valid number"),
            ("-x", 1, 2, "not a valid number"),
            ("[1e999]", 1, 6, "number too large"),
            ("\"a\\qb\"", 1, 4, "bad escape"),
            ("\"\\u12G4\"", 1, 7, "bad escape"),
            ("[\"\\ud800\"]", 1, 9, "bad \\u escape"),
            ("\"a\nb\"", 1, 3, "control character in a string"),
            ("", 1, 1, "the text ends where a value was expected"),
            ("[1, 2", 1, 5, "the text ends inside an array"),
            ("{\"a\": 1", 1, 7, "the text ends inside an object"),
            ("{\"a\": \"open", 1, 11, "the text ends inside a string"),
            ("{\n  \"meta\": tru\n}", 2, 14, "expected `true`"),
            ("[\"é😀\",\n \"ü\" \"x\"]", 2, 6, "expected `,` or `]`"),
        ];
        for (text, line, column, start) in cases {
            let (l, c, message) = err(text);
            assert_eq!((l, c), (line, column), "{text:?}: {message}");
            assert!(message.starts_with(start), "{text:?}: {message}");
            assert!(!message.contains(" at line"), "{text:?}: {message}");
        }
    }

    #[test]
    fn every_message_serde_json_gives_here_is_translated() {
        for text in [
            "abc",
            "[1,]",
            "{a:1}",
            "01",
            "\"\\q\"",
            "[1",
            "{\"a\":1",
            "\"x",
            "1 2",
            "\"\\ud800\"",
        ] {
            let (_, _, message) = err(text);
            assert!(
                MESSAGES.iter().any(|(_, to)| *to == message),
                "{text:?}: {message}"
            );
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let limit = format!("nested more than {MAX_DEPTH} levels deep");
        assert_eq!(err(&deep).2, limit);
        let deeper = "[{\"a\":".repeat(100_000);
        assert_eq!(err(&deeper).2, limit);
    }
}

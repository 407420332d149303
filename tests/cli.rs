//! The native command `sanctions-tracker validate FILE`, run as a built binary.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sanctions-tracker");

/// A valid dataset: one country with one step and one figure, one without any.
const GOOD: &str = r#"{
  "schema_version": 1,
  "meta": {
    "title": "Workers abroad",
    "publisher": "Example News",
    "published": "2017-09-28",
    "source_url": "https://example.org/story"
  },
  "resolutions": [{"id": "2371", "adopted": "2017-08-05", "requires": "No new workers."}],
  "countries": [
    {"code": "PL", "name": "Poland", "region": "europe"},
    {"code": "SN", "name": "Senegal", "region": "africa"}
  ],
  "steps": [{
    "id": "pl-1", "country": "PL", "date": "2017-09-27", "date_kind": "announced",
    "measure": "work_permit_freeze", "description": "No new work permits.",
    "resolutions": ["2371"], "status": "announced",
    "sources": [{"publisher": "Example News", "url": "https://example.org/story"}]
  }],
  "figures": [{
    "id": "pl-visas", "country": "PL", "metric": "Work visas issued", "unit": "visas",
    "kind": "per_period", "values": [{"date": "2014", "value": 147}],
    "source": {"publisher": "Example News", "url": "https://example.org/story"}
  }]
}"#;

/// Writes `text` to a file of its own under the system's temporary directory.
fn temp_file(name: &str, text: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "sanctions-tracker-cli-{}-{name}",
        std::process::id()
    ));
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn validate(name: &str, text: &[u8]) -> (i32, String, String) {
    let path = temp_file(name, text);
    let out = run(&["validate", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_valid_file_prints_its_warnings_and_a_summary() {
    let (code, out, err) = validate("good.json", GOOD.as_bytes());
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "warning: countries[1]: country \"SN\" has no steps and no figures",
            "ok: 2 countries, 1 step, 1 figure, 1 warning",
        ]
    );
    assert!(err.is_empty(), "{err}");
}

#[test]
fn an_invalid_file_prints_every_problem_and_exits_1() {
    let bad = GOOD
        .replace("\"2017-09-27\"", "\"2017-13-01\"")
        .replace("\"europe\"", "\"Europa\"")
        .replace("\"value\": 147", "\"value\": -147")
        .replace(
            "\"title\": \"Workers abroad\"",
            "\"titel\": \"Workers abroad\"",
        );
    let (code, out, _) = validate("bad.json", bad.as_bytes());
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    for expected in [
        "error: meta.title: missing required field; expected text (a non-empty string)",
        "warning: meta.titel: unknown field, ignored; did you mean \"title\"?",
        "error: steps[0].date: \"2017-13-01\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD): there is no such month or day",
        "error: figures[0].values[0].value: -147 is negative; expected a count of zero or more",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in\n{out}");
    }
    assert!(lines
        .iter()
        .any(|l| l.starts_with("error: countries[0].region: \"Europa\" is not a region")));
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("error: ") || l.starts_with("warning: ")),
        "{out}"
    );
    assert!(!out.contains("ok:"));
}

#[test]
fn malformed_json_gives_line_and_column() {
    let (code, out, _) = validate("syntax.json", b"{\n  \"meta\": {,}\n}");
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "error: $: not valid JSON at line 2, column 12: expected a property name in double quotes\n"
    );
}

#[test]
fn text_that_is_not_utf8_is_an_error() {
    let (code, out, _) = validate("latin1.json", b"{\n\"title\": \"Pozna\xf1\"}");
    assert_eq!(code, 1);
    assert!(out.starts_with("error: $: not UTF-8 text (line 2"), "{out}");
}

#[test]
fn usage_errors_and_unreadable_files_exit_2() {
    for args in [
        &[][..],
        &["validate"],
        &["validate", "a", "b"],
        &["check", "x.json"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage: sanctions-tracker validate FILE")
        );
    }
    let missing = std::env::temp_dir().join("sanctions-tracker-no-such-file.json");
    let out = run(&["validate", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read") && err.contains("sanctions-tracker-no-such-file.json"),
        "{err}"
    );
}

#[test]
fn help_prints_usage_and_exits_0() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("usage: sanctions-tracker validate FILE") && text.contains("exit status")
        );
    }
}

#[test]
fn a_dash_reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(GOOD.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout)
        .ends_with("ok: 2 countries, 1 step, 1 figure, 1 warning\n"));
}

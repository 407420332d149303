//! Native command line: `sanctions-tracker validate FILE`.
//!
//! Lets a newsroom check a dataset before publishing it: every problem is
//! printed on its own line (`error: steps[3].date: …`), and the exit status
//! says whether the widget would accept the file (0 yes, 1 no, 2 the command
//! itself was wrong or the file could not be read).
//!
//! The crate is also built for wasm32, where a command line means nothing:
//! there `main` is empty.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use sanctions_tracker::{validate, Error, Severity};
    use std::io::Read;

    const USAGE: &str = "\
usage: sanctions-tracker validate FILE

Checks a sanctions-tracker dataset (JSON) and prints every problem, one per line:
  error: steps[3].date: \"2017-13-01\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)
  warning: countries[2]: country \"SN\" has no steps and no figures
With no errors it prints the warnings and a one-line summary.
FILE may be - for standard input.

exit status: 0 the dataset is valid, 1 it has errors, 2 usage error or unreadable file

options:
  -h, --help  print this help";

    /// Runs the command with its arguments (program name excluded) and returns the exit status.
    pub fn run(args: Vec<String>) -> i32 {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match args.as_slice() {
            [] => usage_error("no command given"),
            ["-h" | "--help" | "help", ..] | ["validate", "-h" | "--help"] => {
                println!("{USAGE}");
                0
            }
            ["validate", file] => validate_file(file),
            ["validate"] => usage_error("validate needs a FILE"),
            ["validate", ..] => usage_error("validate takes exactly one FILE"),
            [other, ..] => usage_error(&format!("unknown command {other:?}")),
        }
    }

    fn usage_error(message: &str) -> i32 {
        eprintln!("sanctions-tracker: {message}\n\n{USAGE}");
        2
    }

    fn read(file: &str) -> std::io::Result<Vec<u8>> {
        if file == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            Ok(bytes)
        } else {
            std::fs::read(file)
        }
    }

    fn validate_file(file: &str) -> i32 {
        let bytes = match read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("sanctions-tracker: cannot read {file}: {e}");
                return 2;
            }
        };
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = bytes
                    .get(..e.valid_up_to())
                    .map_or(0, |b| b.iter().filter(|&&b| b == b'\n').count())
                    + 1;
                println!(
                    "error: $: not UTF-8 text (line {line}, byte {}); save the file as UTF-8",
                    e.valid_up_to() + 1
                );
                return 1;
            }
        };
        match validate::load_str(text) {
            Ok(loaded) => {
                for warning in &loaded.warnings {
                    println!("warning: {warning}");
                }
                let ds = &loaded.dataset;
                println!(
                    "ok: {}, {}, {}, {}",
                    count(ds.countries.len(), "country", "countries"),
                    count(ds.steps.len(), "step", "steps"),
                    count(ds.figures.len(), "figure", "figures"),
                    count(loaded.warnings.len(), "warning", "warnings"),
                );
                0
            }
            Err(Error::Invalid(problems)) => {
                for p in &problems {
                    let label = match p.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    println!("{label}: {p}");
                }
                1
            }
            Err(other) => {
                for p in other.problems() {
                    println!("error: {p}");
                }
                1
            }
        }
    }

    fn count(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

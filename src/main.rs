//! Native command line: `sanctions-tracker validate FILE`.

fn main() {}

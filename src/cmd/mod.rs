//! One module per subcommand (usage text in its clap doc comments), plus what they share.

pub(crate) mod common;
pub(crate) mod demo;
pub(crate) mod explain;
pub(crate) mod extract;

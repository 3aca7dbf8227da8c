//! One module per subcommand (usage text in its clap doc comments), plus what they share.

pub(crate) mod args;
pub(crate) mod common;
pub(crate) mod demo;
pub(crate) mod dict;
pub(crate) mod explain;
pub(crate) mod extract;
pub(crate) mod merge;
pub(crate) mod render;
pub(crate) mod stats;
pub(crate) mod suggest;

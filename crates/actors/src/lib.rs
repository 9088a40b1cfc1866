//! The actor registry and the resolution of names, mentions and speaker labels to actors.
//!
//! An actor is whoever takes a position: a state (ISO 3166 alpha-3 id), an organisation
//! (`UN`, `EU`, `NATO`…) or `OTHER` (analysts, think tanks, private people). People are
//! kept apart from actors: a person holds roles, each for an actor over a period, so
//! "Sung Kim" speaks for `USA` in 2015 and "Gary Samore" for `OTHER` in 2019.
//!
//! [`Registry::builtin`] is the ISO list from the `keshvar` crate overlaid with the
//! embedded `registry/actors.toml`; users extend or override it with their own file in the
//! same format ([`Registry::load`] then [`Registry::merge`]). The file's header documents
//! the format.

pub mod context;
mod dates;
mod error;
mod file;
mod iso;
mod names;
pub use names::clean;
mod registry;
mod resolve;

pub use error::Error;
pub use registry::{Actor, ActorKind, EntityName, Person, Registry, Role, BUILTIN_TOML};
pub use resolve::{Resolved, SpeakerQuery};

/// The actor of whoever speaks for no state or organisation in the registry.
pub const OTHER: &str = "OTHER";

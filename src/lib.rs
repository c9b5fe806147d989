//! studysite turns a folder of Markdown study notes into a static study
//! site. The pipeline runs one way, one module per stage; see
//! `ARCHITECTURE.md` for the map.

#![forbid(unsafe_code)]

pub mod cards;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod diagrams;
mod escape;
pub mod exclude;
mod fingerprint;
pub mod frontmatter;
pub mod highlight;
pub mod html_repair;
pub mod i18n;
pub mod init;
pub mod link_index;
pub mod links;
pub mod markdown;
pub mod math;
pub mod naming;
pub mod outline;
pub mod output;
pub mod pipeline;
pub mod quiz;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
mod sitemap;
pub mod theme;

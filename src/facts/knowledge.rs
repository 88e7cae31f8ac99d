//! World knowledge for fact extraction: countries, demonyms, armed groups and
//! organizations, places. Loaded once from data files compiled into the binary.
//!
//! NOTE: placeholder table until the knowledge work lands (data files under
//! `config/`); the interface below is what the other facts modules use.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    Country,
    /// Armed group, militia, insurgency.
    Group,
    /// Ministry-less organization (UN, ICRC, NGO).
    Organization,
}

/// A party named in a text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyMention {
    /// Normalized name ("Armenia" for "Armenian", "Armenia's").
    pub party: String,
    pub kind: PartyKind,
    pub start: usize,
    pub end: usize,
    /// Named by its demonym ("Azerbaijani soldiers").
    pub demonym: bool,
}

/// A place named in a text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMention {
    pub name: String,
    pub country: Option<String>,
    pub start: usize,
    pub end: usize,
}

pub struct Knowledge {
    /// (surface form, party, kind, is demonym)
    parties: Vec<(String, String, PartyKind, bool)>,
}

impl Knowledge {
    /// The process-wide knowledge, parsed on first use.
    pub fn global() -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(Knowledge::load)
    }

    fn load() -> Knowledge {
        let rows = [
            ("Armenia", "Armenia", false),
            ("Armenian", "Armenia", true),
            ("Azerbaijan", "Azerbaijan", false),
            ("Azerbaijani", "Azerbaijan", true),
            ("Russia", "Russia", false),
            ("Russian", "Russia", true),
        ];
        Knowledge {
            parties: rows
                .iter()
                .map(|(s, p, d)| (s.to_string(), p.to_string(), PartyKind::Country, *d))
                .collect(),
        }
    }

    /// Parties named in `text`, in order of appearance, longest match first at
    /// each position, on word boundaries.
    pub fn parties_in(&self, text: &str) -> Vec<PartyMention> {
        let mut out: Vec<PartyMention> = Vec::new();
        for (surface, party, kind, demonym) in &self.parties {
            for (start, _) in text.match_indices(surface.as_str()) {
                let end = start + surface.len();
                let before_ok = text[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = text[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok && !out.iter().any(|m| m.start < end && start < m.end) {
                    out.push(PartyMention {
                        party: party.clone(),
                        kind: *kind,
                        start,
                        end,
                        demonym: *demonym,
                    });
                }
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// Places named in `text`, in order of appearance.
    pub fn places_in(&self, _text: &str) -> Vec<PlaceMention> {
        Vec::new()
    }
}

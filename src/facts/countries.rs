//! The country table: ISO 3166-1 data with demonyms and M49 subregions from the
//! `keshvar` crate, corrected and extended by `config/countries.toml` (display
//! names as the news writes them, aliases, forces and seats of power).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

const COUNTRIES_TOML: &str = include_str!("../../config/countries.toml");

/// One state.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-2 ("AM"), or a user-assigned code ("XK").
    pub code: String,
    /// Display name ("Armenia", "Democratic Republic of Congo").
    pub name: String,
    /// Other names that mean the state itself.
    pub aliases: Vec<String>,
    /// Adjectives / nationalities ("Armenian"), singular.
    pub demonyms: Vec<String>,
    /// Forces, agencies and seats of power that stand for the state.
    pub forces: Vec<String>,
    /// M49 subregion as keshvar names it ("WesternAsia"), or a region name from
    /// the taxonomy for states keshvar lacks.
    pub subregion: Option<String>,
    pub population: u64,
}

#[derive(Debug, Deserialize)]
struct CountriesFile {
    #[serde(default)]
    country: Vec<CountryPatch>,
    #[serde(default)]
    extra: Vec<CountryPatch>,
}

#[derive(Debug, Deserialize)]
struct CountryPatch {
    code: String,
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    forces: Vec<String>,
    #[serde(default)]
    ignore_aliases: Vec<String>,
    subregion: Option<String>,
}

pub struct Countries {
    list: Vec<Country>,
    by_name: rustc_hash::FxHashMap<String, usize>,
}

impl Countries {
    /// The process-wide table, built on first use.
    pub fn global() -> &'static Countries {
        static C: OnceLock<Countries> = OnceLock::new();
        C.get_or_init(|| match Countries::load(COUNTRIES_TOML) {
            Ok(c) => c,
            // The file is compiled in and checked by tests; a broken edit still
            // leaves the crate's own data usable.
            Err(_) => Countries::load("").unwrap_or_else(|_| Countries::empty()),
        })
    }

    fn empty() -> Countries {
        Countries {
            list: Vec::new(),
            by_name: Default::default(),
        }
    }

    /// Build the table from keshvar plus the patches in `toml_text`.
    pub fn load(toml_text: &str) -> Result<Countries, toml::de::Error> {
        let file: CountriesFile = toml::from_str(toml_text)?;
        let patches: HashMap<&str, &CountryPatch> =
            file.country.iter().map(|p| (p.code.as_str(), p)).collect();
        let mut list = Vec::new();
        for c in keshvar::CountryIterator::new() {
            // Antarctica and uninhabited territories have no nationality.
            let Some(nationality) = c.maybe_nationality() else {
                continue;
            };
            let code = c.alpha2().to_string();
            let patch = patches.get(code.as_str()).copied();
            let iso = c.iso_short_name();
            let name = patch
                .and_then(|p| p.name.clone())
                .unwrap_or_else(|| iso.to_string());
            let ignored = patch.map(|p| p.ignore_aliases.as_slice()).unwrap_or(&[]);
            let mut aliases: Vec<String> = std::iter::once(iso)
                .chain(c.unofficial_name_list().iter().copied())
                .filter(|a| usable_alias(a) && !ignored.iter().any(|i| i == a))
                .map(str::to_string)
                .collect();
            let mut demonyms = vec![nationality.to_string()];
            let mut forces = Vec::new();
            if let Some(p) = patch {
                aliases.extend(p.aliases.iter().cloned());
                demonyms.extend(p.demonyms.iter().cloned());
                forces.extend(p.forces.iter().cloned());
            }
            aliases.retain(|a| a != &name);
            aliases.sort();
            aliases.dedup();
            list.push(Country {
                code,
                name,
                aliases,
                demonyms,
                forces,
                subregion: c.maybe_subregion().map(|s| format!("{s:?}")),
                population: c.maybe_population().unwrap_or(0),
            });
        }
        for p in &file.extra {
            list.push(Country {
                code: p.code.clone(),
                name: p.name.clone().unwrap_or_else(|| p.code.clone()),
                aliases: p.aliases.clone(),
                demonyms: p.demonyms.clone(),
                forces: p.forces.clone(),
                subregion: p.subregion.clone(),
                population: 0,
            });
        }
        drop_shared_demonyms(&mut list);
        let mut by_name = rustc_hash::FxHashMap::default();
        for (i, c) in list.iter().enumerate() {
            by_name.entry(c.code.to_ascii_lowercase()).or_insert(i);
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                by_name.entry(n.to_lowercase()).or_insert(i);
            }
        }
        // Display names always win over another state's alias.
        for (i, c) in list.iter().enumerate() {
            by_name.insert(c.name.to_lowercase(), i);
        }
        Ok(Countries { list, by_name })
    }

    pub fn all(&self) -> &[Country] {
        &self.list
    }

    /// A state by display name, alias or ISO code, any case.
    pub fn get(&self, name: &str) -> Option<&Country> {
        let name = name.trim();
        // Keys are lower-case: an ASCII name without capitals is its own key.
        let found = if name.is_ascii() && !name.bytes().any(|b| b.is_ascii_uppercase()) {
            self.by_name.get(name)
        } else {
            self.by_name.get(&name.to_lowercase())
        };
        found.map(|&i| &self.list[i])
    }

    /// Display name of a state named any way ("Syrian Arab Republic" → "Syria").
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.get(name).map(|c| c.name.as_str())
    }
}

/// Keshvar's unofficial names mix languages and formats; keep the ones an
/// English text would use as a name.
fn usable_alias(a: &str) -> bool {
    a.len() >= 4
        && !a.contains(['(', ')', ',', '[', ']'])
        && a.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'))
        && a.chars().all(|c| (c as u32) < 0x250) // Latin scripts only
        && a.chars().next().is_some_and(char::is_uppercase)
}

/// A demonym claimed by several entries ("French" for France and Saint Martin)
/// stays with the most populous one.
fn drop_shared_demonyms(list: &mut [Country]) {
    let mut owner: HashMap<String, (u64, usize)> = HashMap::new();
    for (i, c) in list.iter().enumerate() {
        for d in &c.demonyms {
            let e = owner.entry(d.clone()).or_insert((c.population, i));
            if c.population > e.0 {
                *e = (c.population, i);
            }
        }
    }
    for (i, c) in list.iter_mut().enumerate() {
        c.demonyms
            .retain(|d| owner.get(d).is_some_and(|&(_, o)| o == i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_parses_and_names_are_news_names() {
        let c = Countries::load(COUNTRIES_TOML).unwrap();
        assert_eq!(c.canonical("Syrian Arab Republic"), Some("Syria"));
        assert_eq!(c.canonical("DRC"), Some("Democratic Republic of Congo"));
        assert_eq!(c.canonical("Russian Federation"), Some("Russia"));
        assert_eq!(c.canonical("Kosovo"), Some("Kosovo"));
        let fr = c.get("France").unwrap();
        assert!(fr.demonyms.contains(&"French".to_string()));
    }
}

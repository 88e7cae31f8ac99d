//! Region taxonomy: continents and UN M49 subregions holding every country, and
//! the conflict regions people follow ("South Caucasus", "Sahel", "Gaza Strip"),
//! nested so that a place belongs to every region above it. Data lives in
//! `config/regions.toml`; country membership in M49 subregions comes from the
//! ISO data of the keshvar crate (see `facts::countries`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;
use thiserror::Error;

use crate::facts::countries::Countries;

const REGIONS_TOML: &str = include_str!("../config/regions.toml");

#[derive(Debug, Error)]
pub enum RegionsError {
    #[error("regions file: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("region {region:?} names unknown parent {parent:?}")]
    UnknownParent { region: String, parent: String },
    #[error("region {region:?} names unknown country {country:?}")]
    UnknownCountry { region: String, country: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    Continent,
    Subregion,
    /// Cross-border area ("Sahel", "Middle East").
    Area,
    /// Inside one or two states ("Nagorno-Karabakh", "Kashmir").
    Territory,
}

#[derive(Debug, Deserialize)]
struct RegionsFile {
    region: Vec<RegionRow>,
}

#[derive(Debug, Deserialize)]
struct RegionRow {
    name: String,
    kind: RegionKind,
    #[serde(default)]
    parents: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    countries: Vec<String>,
    keshvar: Option<String>,
}

/// One region of the taxonomy.
#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub kind: RegionKind,
    pub aliases: Vec<String>,
    /// Regions directly above.
    pub parents: Vec<String>,
    /// Members (area, subregion) or the states a territory lies in.
    pub countries: Vec<String>,
}

pub struct Regions {
    regions: Vec<Region>,
    by_key: HashMap<String, usize>,
    /// Country display name → regions that list it directly.
    country_regions: HashMap<String, Vec<usize>>,
    /// Each region's parents, as indices (resolved once, not per lookup).
    parent_ids: Vec<Vec<usize>>,
    /// Country display name → every region it lies in, nearest first: what
    /// [`Regions::regions_of_country`] gives, worked out once (the fact
    /// reader asks it for every article).
    country_all: HashMap<String, Vec<usize>>,
}

impl Regions {
    /// The process-wide taxonomy, parsed on first use.
    pub fn global() -> &'static Regions {
        static R: OnceLock<Regions> = OnceLock::new();
        R.get_or_init(|| {
            Regions::load(REGIONS_TOML, Countries::global()).unwrap_or_else(|_| Regions {
                regions: Vec::new(),
                by_key: HashMap::new(),
                country_regions: HashMap::new(),
                parent_ids: Vec::new(),
                country_all: HashMap::new(),
            })
        })
    }

    /// Parse a taxonomy; every parent and country must be known.
    pub fn load(toml_text: &str, countries: &Countries) -> Result<Regions, RegionsError> {
        let file: RegionsFile = toml::from_str(toml_text)?;
        let mut regions = Vec::new();
        let mut by_key = HashMap::new();
        let mut keshvar_keys: HashMap<String, usize> = HashMap::new();
        for (i, row) in file.region.iter().enumerate() {
            by_key.insert(row.name.to_lowercase(), i);
            if let Some(k) = &row.keshvar {
                keshvar_keys.insert(k.clone(), i);
            }
            let mut members = Vec::new();
            for c in &row.countries {
                let name = countries
                    .canonical(c)
                    .ok_or_else(|| RegionsError::UnknownCountry {
                        region: row.name.clone(),
                        country: c.clone(),
                    })?;
                members.push(name.to_string());
            }
            regions.push(Region {
                name: row.name.clone(),
                kind: row.kind,
                aliases: row.aliases.clone(),
                parents: row.parents.clone(),
                countries: members,
            });
        }
        for (i, r) in regions.iter().enumerate() {
            for a in &r.aliases {
                by_key.entry(a.to_lowercase()).or_insert(i);
            }
            for p in &r.parents {
                if !by_key.contains_key(&p.to_lowercase()) {
                    return Err(RegionsError::UnknownParent {
                        region: r.name.clone(),
                        parent: p.clone(),
                    });
                }
            }
        }
        // Explicit `countries` of a subregion override keshvar's placement.
        let overridden: HashSet<&str> = regions
            .iter()
            .filter(|r| r.kind == RegionKind::Subregion)
            .flat_map(|r| r.countries.iter().map(String::as_str))
            .collect();
        let mut m49_members: Vec<(usize, String)> = Vec::new();
        for c in countries.all() {
            if overridden.contains(c.name.as_str()) {
                continue;
            }
            let Some(sub) = &c.subregion else { continue };
            let idx = keshvar_keys
                .get(sub)
                .copied()
                .or_else(|| by_key.get(&sub.to_lowercase()).copied());
            if let Some(i) = idx {
                m49_members.push((i, c.name.clone()));
            }
        }
        for (i, name) in m49_members {
            regions[i].countries.push(name);
        }
        let mut country_regions: HashMap<String, Vec<usize>> = HashMap::new();
        // A territory lies in its states; it does not hold them.
        for (i, r) in regions.iter().enumerate() {
            if r.kind == RegionKind::Territory {
                continue;
            }
            for c in &r.countries {
                country_regions.entry(c.clone()).or_default().push(i);
            }
        }
        // Every parent is known (checked above).
        let parent_ids = regions
            .iter()
            .map(|r| {
                r.parents
                    .iter()
                    .filter_map(|p| by_key.get(&p.to_lowercase()).copied())
                    .collect()
            })
            .collect();
        let mut taxonomy = Regions {
            regions,
            by_key,
            country_regions,
            parent_ids,
            country_all: HashMap::new(),
        };
        taxonomy.country_all = taxonomy
            .country_regions
            .iter()
            .map(|(c, direct)| (c.clone(), taxonomy.ancestor_ids(direct.clone())))
            .collect();
        Ok(taxonomy)
    }

    /// A region by name or alias, any case.
    pub fn get(&self, name_or_alias: &str) -> Option<&Region> {
        self.by_key
            .get(&name_or_alias.trim().to_lowercase())
            .map(|&i| &self.regions[i])
    }

    /// The canonical name of a region or country named any way.
    pub fn resolve(&self, name_or_alias: &str) -> Option<&str> {
        self.get(name_or_alias)
            .map(|r| r.name.as_str())
            .or_else(|| Countries::global().canonical(name_or_alias))
    }

    pub fn all(&self) -> &[Region] {
        &self.regions
    }

    /// Every region and country name, for autocomplete.
    pub fn all_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.regions.iter().map(|r| r.name.as_str()).collect();
        names.extend(Countries::global().all().iter().map(|c| c.name.as_str()));
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Every region a country lies in, nearest first (subregion and conflict
    /// areas, then what is above them). Unknown names give nothing.
    pub fn regions_of_country(&self, country: &str) -> Vec<&str> {
        let Some(name) = Countries::global().canonical(country) else {
            return Vec::new();
        };
        self.country_all
            .get(name)
            .map_or_else(Vec::new, |ids| self.names(ids))
    }

    /// Every region above a place: the region itself when it is one (a
    /// territory), its ancestors, and the regions of the states it lies in.
    /// `country` is the state of a place that is not a region.
    pub fn regions_of_place(&self, place: &str, country: Option<&str>) -> Vec<&str> {
        let mut start = Vec::new();
        let mut states: Vec<&str> = country.into_iter().collect();
        if let Some(&i) = self.by_key.get(&place.trim().to_lowercase()) {
            start.push(i);
            if self.regions[i].kind == RegionKind::Territory {
                states.extend(self.regions[i].countries.iter().map(String::as_str));
            }
        }
        let mut out = self.with_ancestors(start);
        for s in states {
            for r in self.regions_of_country(s) {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// Whether `region` holds `item` (a country, region or territory), at any
    /// depth. A region holds itself; a state holds the territories inside it.
    pub fn contains(&self, region: &str, item: &str) -> bool {
        let Some(target) = self.resolve(region) else {
            return false;
        };
        let Some(item_name) = self.resolve(item) else {
            return false;
        };
        if target == item_name {
            return true;
        }
        let above = if self.get(item).is_some() {
            self.regions_of_place(item, None)
        } else {
            self.regions_of_country(item)
        };
        if above.contains(&target) {
            return true;
        }
        // A state holds a territory that lies only in it.
        self.get(item).is_some_and(|r| {
            r.kind == RegionKind::Territory && r.countries.iter().any(|c| c == target)
        })
    }

    /// `start` and every region above them, breadth first, without repeats.
    fn with_ancestors(&self, start: Vec<usize>) -> Vec<&str> {
        self.names(&self.ancestor_ids(start))
    }

    /// `start` and the regions above them, breadth first, each once.
    fn ancestor_ids(&self, start: Vec<usize>) -> Vec<usize> {
        let mut seen: Vec<usize> = Vec::new();
        let mut queue = start;
        let mut i = 0;
        while i < queue.len() {
            let r = queue[i];
            i += 1;
            if seen.contains(&r) {
                continue;
            }
            seen.push(r);
            queue.extend(self.parent_ids.get(r).into_iter().flatten().copied());
        }
        seen
    }

    fn names(&self, ids: &[usize]) -> Vec<&str> {
        ids.iter().map(|&i| self.regions[i].name.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_countrys_regions_worked_out_once_are_those_worked_out_anew() {
        let r = Regions::load(REGIONS_TOML, Countries::global()).unwrap();
        for (country, direct) in &r.country_regions {
            assert_eq!(
                r.regions_of_country(country),
                r.with_ancestors(direct.clone()),
                "{country}"
            );
        }
        assert!(r.regions_of_country("Atlantis").is_empty());
    }

    #[test]
    fn every_country_has_a_subregion_and_continent() {
        let r = Regions::load(REGIONS_TOML, Countries::global()).unwrap();
        for c in Countries::global()
            .all()
            .iter()
            .filter(|c| c.subregion.is_some())
        {
            let above = r.regions_of_country(&c.name);
            let continent = above.iter().any(|n| {
                r.get(n)
                    .is_some_and(|reg| reg.kind == RegionKind::Continent)
            });
            assert!(continent, "{} has no continent: {above:?}", c.name);
        }
    }
}

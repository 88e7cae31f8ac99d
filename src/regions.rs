//! Region taxonomy. NOTE: placeholder in this branch; the knowledge work
//! supplies the real taxonomy from config/regions.toml.

use std::sync::OnceLock;

pub struct Regions {
    names: Vec<String>,
}

impl Regions {
    pub fn global() -> &'static Regions {
        static R: OnceLock<Regions> = OnceLock::new();
        R.get_or_init(|| Regions {
            names: ["South Caucasus", "Sahel", "Armenia", "Azerbaijan"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        })
    }

    /// The canonical name of a region, country or alias, case-insensitively.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(String::as_str)
    }

    /// Names starting with (or containing) `partial`, for autocomplete.
    pub fn suggest(&self, partial: &str, limit: usize) -> Vec<&str> {
        let p = partial.trim().to_lowercase();
        self.names
            .iter()
            .filter(|n| n.to_lowercase().contains(&p))
            .take(limit)
            .map(String::as_str)
            .collect()
    }

    /// Region names grouped for display: (group, names).
    pub fn listing(&self) -> Vec<(String, Vec<String>)> {
        vec![("Regions".to_string(), self.names.clone())]
    }
}

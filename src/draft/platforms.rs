//! The platforms of a draft, from the labels an export uses (matrix rows, `【平台】` names, a
//! platform column). Labels the embedded QBPC definition knows become its platforms (id,
//! names, group, aliases), so that `淘宝`, `Taobao` and `淘宝网` are one platform; other labels
//! become new platforms named after themselves.

use crate::definition::{Model, load_default};
use crate::text::match_key;

#[derive(Debug, Clone, PartialEq)]
pub struct DraftPlatform {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub group: Option<String>,
    pub aliases: Vec<String>,
}

/// A business-model group of known platforms: id, name, name_zh.
pub type DraftGroup = (String, String, Option<String>);

pub struct PlatformBook {
    known: Option<Model>,
    pub platforms: Vec<DraftPlatform>,
}

impl PlatformBook {
    pub fn new() -> Self {
        PlatformBook {
            known: load_default().ok().map(|(m, _)| m),
            platforms: Vec::new(),
        }
    }

    /// The draft platform a label already names.
    pub fn find(&self, label: &str) -> Option<usize> {
        let key = match_key(label);
        self.platforms.iter().position(|p| {
            std::iter::once(&p.id)
                .chain(std::iter::once(&p.name))
                .chain(&p.name_zh)
                .chain(&p.aliases)
                .any(|n| match_key(n) == key)
        })
    }

    /// Whether the label names a platform of the draft or of the embedded definition.
    pub fn is_platform(&self, label: &str) -> bool {
        self.find(label).is_some()
            || self
                .known
                .as_ref()
                .is_some_and(|m| m.platform_by_label(label).is_some())
    }

    /// The platform of a label: one already drafted, a known one, or a new one.
    pub fn resolve(&mut self, label: &str) -> usize {
        if let Some(p) = self.find(label) {
            return p;
        }
        let known = self.known.as_ref().and_then(|m| {
            m.platform_by_label(label)
                .and_then(|ix| Some((m, m.platforms.get(ix)?)))
        });
        let mut platform = match known {
            Some((m, p)) => DraftPlatform {
                id: p.id.clone(),
                name: p.name.clone(),
                name_zh: p.name_zh.clone(),
                group: p.group.and_then(|g| m.groups.get(g)).map(|g| g.id.clone()),
                aliases: p.aliases.clone(),
            },
            None => DraftPlatform {
                id: self.new_id(label),
                name: crate::text::trim(label).to_string(),
                name_zh: None,
                group: None,
                aliases: Vec::new(),
            },
        };
        if !platform
            .aliases
            .iter()
            .any(|a| match_key(a) == match_key(label))
            && match_key(&platform.name) != match_key(label)
        {
            platform.aliases.push(crate::text::trim(label).to_string());
        }
        self.platforms.push(platform);
        self.platforms.len() - 1
    }

    /// Add a spelling to a platform (when it names no other platform).
    pub fn add_alias(&mut self, p: usize, label: &str) {
        if self.find(label).is_none()
            && let Some(platform) = self.platforms.get_mut(p)
        {
            platform.aliases.push(crate::text::trim(label).to_string());
        }
    }

    /// The groups of the drafted known platforms, in the embedded definition's order.
    pub fn groups(&self) -> Vec<DraftGroup> {
        let Some(m) = &self.known else {
            return Vec::new();
        };
        m.groups
            .iter()
            .filter(|g| {
                self.platforms
                    .iter()
                    .any(|p| p.group.as_ref() == Some(&g.id))
            })
            .map(|g| (g.id.clone(), g.name.clone(), g.name_zh.clone()))
            .collect()
    }

    /// An id from the ASCII letters and digits of a label (`Foo Mall` -> `foo_mall`), else
    /// `platform_<n>`; never one already used.
    fn new_id(&self, label: &str) -> String {
        let base =
            ascii_id(label).unwrap_or_else(|| format!("platform_{}", self.platforms.len() + 1));
        let mut id = base.clone();
        let mut n = 2;
        while self.platforms.iter().any(|p| p.id == id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }
}

impl Default for PlatformBook {
    fn default() -> Self {
        Self::new()
    }
}

/// `Foo Mall (CN)` -> `foo_mall_cn`; accents are dropped from their letters (`Qualité` ->
/// `qualite`) and a minus before a digit is kept as `m` (Qualtrics `Q2_-1` -> `q2_m1`, not
/// `q2_1`, which is another column). None when the text has no ASCII letter.
pub fn ascii_id(text: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let chars: Vec<char> = text.nfkd().collect();
    let mut id = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit) && !id.is_empty() {
            if !id.ends_with('_') {
                id.push('_');
            }
            id.push('m');
        } else if unicode_normalization::char::is_combining_mark(c) {
            // the accent of a decomposed letter
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_').to_string();
    id.starts_with(|c: char| c.is_ascii_lowercase())
        .then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_negative_recodes_and_accented_letters() {
        // Regression (issue 10, class 3): `Q2_1` and `Q2_-1` both became `q2_1`.
        assert_eq!(ascii_id("Q2_-1").as_deref(), Some("q2_m1"));
        assert_eq!(ascii_id("Q2_1").as_deref(), Some("q2_1"));
        assert_eq!(
            ascii_id("Qualité du service").as_deref(),
            Some("qualite_du_service")
        );
        assert_eq!(ascii_id("淘宝"), None);
    }

    #[test]
    fn known_labels_become_the_embedded_platforms() {
        let mut book = PlatformBook::new();
        let a = book.resolve("天猫 Tmall");
        let b = book.resolve("天猫");
        assert_eq!(a, b);
        assert_eq!(book.platforms[a].id, "tmall");
        assert_eq!(book.platforms[a].group.as_deref(), Some("marketplace"));
        let temu = book.resolve("拼多多跨境/Temu");
        let pdd = book.resolve("拼多多");
        assert_ne!(temu, pdd);
        assert_eq!(book.groups().len(), 2);
    }

    #[test]
    fn new_labels_get_ids_from_their_ascii_part() {
        let mut book = PlatformBook::new();
        let a = book.resolve("Foo Mall (CN)");
        let b = book.resolve("某平台");
        let c = book.resolve("Foo-Mall CN");
        assert_eq!(book.platforms[a].id, "foo_mall_cn");
        assert_eq!(book.platforms[b].id, "platform_2");
        assert_eq!(book.platforms[c].id, "foo_mall_cn_2");
        assert_eq!(book.platforms[b].aliases, Vec::<String>::new());
    }
}

//! Names derived from file names and heading text: natural sort order,
//! titles from file names, and heading ids.

use std::cmp::Ordering;

/// Compares names the way people count: `2-x` before `10-x`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let mut a_chars = a.chars().peekable();
    let mut b_chars = b.chars().peekable();
    loop {
        match (a_chars.peek().copied(), b_chars.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let left = take_number(&mut a_chars);
                let right = take_number(&mut b_chars);
                let ordering = compare_digit_runs(&left, &right);
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            (Some(x), Some(y)) => {
                let ordering = x.to_lowercase().cmp(y.to_lowercase());
                if ordering != Ordering::Equal {
                    return ordering;
                }
                a_chars.next();
                b_chars.next();
            }
        }
    }
}

fn take_number(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut digits = String::new();
    while let Some(c) = chars.peek().copied().filter(char::is_ascii_digit) {
        digits.push(c);
        chars.next();
    }
    digits
}

/// Compares two runs of digits by value, without overflowing on long runs.
fn compare_digit_runs(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// A readable title from a file or folder name: the extension and a numeric
/// ordering prefix (`01-`, `2_`, `10.`) dropped, separators made spaces.
pub fn title_from_file_name(stem: &str) -> String {
    let without_prefix = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let without_prefix = if without_prefix.len() < stem.len() {
        without_prefix.trim_start_matches(['-', '_', '.', ' '])
    } else {
        stem
    };
    let title = if without_prefix.is_empty() {
        stem
    } else {
        without_prefix
    };
    title.replace(['-', '_'], " ").trim().to_string()
}

/// A heading id as GitHub makes it, so that links written for GitHub
/// work here: lower-cased; letters (Chinese too), digits, `-` and `_`
/// kept; every space a `-` (runs kept: `七、JUC - AQS` gives
/// `七juc---aqs`); all else dropped. A heading with nothing left gets
/// `section`.
/// The id among `ids` that a link's `fragment` means when it is not one
/// of them as written: the same in other letter case, or the heading's
/// text (`#SQL客户端`, `#MySQL-事务` for `## ⭐️MySQL 事务`). GitHub finds
/// those sections; a browser looks for the id as written.
pub fn id_meant<'a>(fragment: &str, ids: &[&'a str]) -> Option<&'a str> {
    let lower = fragment.to_lowercase();
    let slug = slugify(fragment);
    ids.iter()
        .find(|id| id.to_lowercase() == lower || **id == slug)
        .copied()
}

pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' {
            slug.push('-');
        } else if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.extend(c.to_lowercase());
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Hands out ids unique within one page: the second `x` becomes `x-1`.
#[derive(Debug, Default)]
pub struct IdRegistry {
    used: std::collections::HashSet<String>,
    /// For each base that was taken, the suffix to try next: a page of
    /// thousands of equal headings stays linear.
    next_suffix: std::collections::HashMap<String, usize>,
}

impl IdRegistry {
    /// Reserves an id given by the author (`{#id}`) as it is.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// Returns `base`, or `base-N` with the first free N.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let first = self.next_suffix.get(base).copied().unwrap_or(1);
        let (n, candidate) = (first..)
            .map(|n| (n, format!("{base}-{n}")))
            .find(|(_, candidate)| self.used.insert(candidate.clone()))
            .expect("an unbounded range always has a free number");
        self.next_suffix.insert(base.to_string(), n + 1);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_counts_numbers() {
        let mut names = vec!["10-x.md", "2-x.md", "1-a.md", "b.md", "A.md", "02-y.md"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            ["1-a.md", "2-x.md", "02-y.md", "10-x.md", "A.md", "b.md"]
        );
        assert_eq!(
            natural_cmp("ch2", "ch99999999999999999999999"),
            Ordering::Less
        );
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(
            title_from_file_name("01-getting-started"),
            "getting started"
        );
        assert_eq!(title_from_file_name("2_分词"), "分词");
        assert_eq!(title_from_file_name("ch01-00-intro"), "ch01 00 intro");
        assert_eq!(title_from_file_name("2024"), "2024");
    }

    #[test]
    fn slugs_keep_chinese() {
        assert_eq!(slugify("分词"), "分词");
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(
            slugify("1.1 注意力机制（Attention）"),
            "11-注意力机制attention"
        );
        assert_eq!(slugify("  C++ & Rust  "), "c--rust");
        assert_eq!(slugify("！？"), "section");
    }

    #[test]
    fn slugs_follow_githubs_rules() {
        // As github.com makes them for the same headings.
        assert_eq!(slugify("七、JUC - AQS"), "七juc---aqs");
        assert_eq!(slugify("Docker"), "docker");
        assert_eq!(slugify("What's new?"), "whats-new");
        assert_eq!(
            slugify("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(slugify("Ünïcode Straße"), "ünïcode-straße");
        assert_eq!(slugify("emoji 🚀 rocket"), "emoji--rocket");
        assert_eq!(slugify("a\tb"), "ab");
    }

    #[test]
    fn ids_are_unique_per_page() {
        let mut ids = IdRegistry::default();
        assert!(ids.reserve("x-1"));
        assert_eq!(ids.unique("x"), "x");
        assert_eq!(ids.unique("x"), "x-2");
        assert_eq!(ids.unique("y"), "y");
    }
}

//! Naming what exists when a name points nowhere, closest names first; shared by the loader
//! (unknown keywords) and lowering (dangling references).

/// How many names a message lists when there are more to choose from.
const SHOWN: usize = 3;

/// The end of a "does not exist" message: the names that do exist, closest to `wanted` first,
/// e.g. "defined schemas: `Ship`" or "closest defined parameters: `Cursor`, `Limit`, `Id`".
pub fn existing<'a>(kind: &str, wanted: &str, names: impl Iterator<Item = &'a String>) -> String {
    let mut ranked: Vec<(usize, &str)> = names
        .map(|n| {
            (
                distance(&wanted.to_lowercase(), &n.to_lowercase()),
                n.as_str(),
            )
        })
        .collect();
    if ranked.is_empty() {
        return format!("no {kind} are defined");
    }
    ranked.sort();
    let label = if ranked.len() > SHOWN {
        format!("closest defined {kind}")
    } else {
        format!("defined {kind}")
    };
    let shown: Vec<String> = ranked
        .iter()
        .take(SHOWN)
        .map(|(_, n)| format!("`{n}`"))
        .collect();
    format!("{label}: {}", shown.join(", "))
}

/// The name closest to `wanted` (ignoring case), if one is close enough to be a likely typo:
/// within a third of the longer name's length, and never more than three edits away.
pub fn closest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    names
        .map(|name| (distance(&wanted_lower, &name.to_lowercase()), name))
        .filter(|(d, name)| *d <= 3 && *d * 3 <= wanted.len().max(name.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Edit distance over characters, counting a swap of two neighbours as one edit (the optimal
/// string alignment distance), since swapped letters are the most common typo.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: the distance between the first i characters of a and the first j of b.
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_closest_name_must_look_like_a_typo() {
        let keywords = ["maxLength", "minLength", "format", "type"];
        assert_eq!(
            closest("maxLenght", keywords.into_iter()),
            Some("maxLength")
        );
        assert_eq!(closest("tpye", keywords.into_iter()), Some("type"));
        assert_eq!(closest("nullable", keywords.into_iter()), None);
        assert_eq!(closest("x", keywords.into_iter()), None);
    }

    #[test]
    fn lists_all_names_when_few() {
        let defined = names(&["Ship", "Berth"]);
        assert_eq!(
            existing("schemas", "Vessel", defined.iter()),
            "defined schemas: `Berth`, `Ship`"
        );
        assert_eq!(
            existing("schemas", "X", [].iter()),
            "no schemas are defined"
        );
    }

    #[test]
    fn lists_the_closest_when_many() {
        let defined = names(&["UserId", "StudyId", "User", "Users", "Study"]);
        assert_eq!(
            existing("schemas", "Usr", defined.iter()),
            "closest defined schemas: `User`, `Users`, `UserId`"
        );
    }

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
        assert_eq!(distance("tpye", "type"), 1, "a swap is one edit");
    }
}

//! Naming what exists when a reference points nowhere, closest names first.

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

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
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
    }
}

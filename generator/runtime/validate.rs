//! Checks of request values against the schema's constraints, run before anything is sent.
//!
//! Generated `validate` methods and newtype constructors call these; each failure names the field
//! (by its wire name) and the rule it breaks. Lengths count characters, as JSON Schema does.
#![allow(
    dead_code,
    reason = "a schema uses only some kinds of constraint; the others go unused"
)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::InvalidRequestError;

type Check = Result<(), InvalidRequestError>;

/// At least `min` characters.
pub(crate) fn min_length(name: &str, value: &str, min: u64) -> Check {
    let len = value.chars().count() as u64;
    if len < min {
        return Err(InvalidRequestError::new(
            name,
            format!("must be at least {min} characters long (got {len})"),
        ));
    }
    Ok(())
}

/// At most `max` characters.
pub(crate) fn max_length(name: &str, value: &str, max: u64) -> Check {
    let len = value.chars().count() as u64;
    if len > max {
        return Err(InvalidRequestError::new(
            name,
            format!("must be at most {max} characters long (got {len})"),
        ));
    }
    Ok(())
}

/// At least `min`.
pub(crate) fn minimum(name: &str, value: i64, min: i64) -> Check {
    if value < min {
        return Err(InvalidRequestError::new(
            name,
            format!("must be at least {min} (got {value})"),
        ));
    }
    Ok(())
}

/// At most `max`.
pub(crate) fn maximum(name: &str, value: i64, max: i64) -> Check {
    if value > max {
        return Err(InvalidRequestError::new(
            name,
            format!("must be at most {max} (got {value})"),
        ));
    }
    Ok(())
}

/// Greater than `bound`.
pub(crate) fn exclusive_minimum(name: &str, value: i64, bound: i64) -> Check {
    if value <= bound {
        return Err(InvalidRequestError::new(
            name,
            format!("must be greater than {bound} (got {value})"),
        ));
    }
    Ok(())
}

/// Less than `bound`.
pub(crate) fn exclusive_maximum(name: &str, value: i64, bound: i64) -> Check {
    if value >= bound {
        return Err(InvalidRequestError::new(
            name,
            format!("must be less than {bound} (got {value})"),
        ));
    }
    Ok(())
}

/// At least `min` entries or items.
pub(crate) fn min_entries(name: &str, len: usize, min: u64) -> Check {
    if (len as u64) < min {
        return Err(InvalidRequestError::new(
            name,
            format!("must have at least {min} entries (got {len})"),
        ));
    }
    Ok(())
}

/// At most `max` entries or items.
pub(crate) fn max_entries(name: &str, len: usize, max: u64) -> Check {
    if len as u64 > max {
        return Err(InvalidRequestError::new(
            name,
            format!("must have at most {max} entries (got {len})"),
        ));
    }
    Ok(())
}

/// A regular expression from the schema, compiled on first use.
pub(crate) struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    /// A pattern that will be compiled when first checked.
    pub(crate) const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Checks that `value` matches.
    pub(crate) fn check(&self, name: &str, value: &str) -> Check {
        // The generator only emits patterns it has compiled successfully, so `None` means a
        // regex dialect difference; the server remains the judge and nothing is rejected here.
        let Some(regex) = self
            .compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
        else {
            return Ok(());
        };
        if !regex.is_match(value) {
            return Err(InvalidRequestError::new(
                name,
                format!("must match the pattern `{}` (got {value:?})", self.source),
            ));
        }
        Ok(())
    }
}

/// Collections whose items can be checked one by one.
pub(crate) trait Items {
    /// The item type.
    type Item;
    /// The items (map values, array elements).
    fn items(&self) -> impl Iterator<Item = &Self::Item>;
}

impl<T> Items for Vec<T> {
    type Item = T;
    fn items(&self) -> impl Iterator<Item = &T> {
        self.iter()
    }
}

impl<K, V> Items for BTreeMap<K, V> {
    type Item = V;
    fn items(&self) -> impl Iterator<Item = &V> {
        self.values()
    }
}

/// The items of a collection.
pub(crate) fn items<C: Items>(collection: &C) -> impl Iterator<Item = &C::Item> {
    collection.items()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_bounds_reject_the_bound_itself() {
        assert!(exclusive_minimum("n", 1, 0).is_ok());
        assert!(exclusive_minimum("n", 0, 0).is_err());
        assert!(exclusive_maximum("n", 999, 1000).is_ok());
        assert!(exclusive_maximum("n", 1000, 1000).is_err());
    }
}

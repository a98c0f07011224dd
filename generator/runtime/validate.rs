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

/// The numbers a bound can apply to; a bound is written without a suffix and takes the type of
/// the value it is compared with.
pub(crate) trait Bounded: PartialOrd + std::fmt::Display + Copy {}

impl Bounded for i32 {}
impl Bounded for i64 {}
impl Bounded for f32 {}
impl Bounded for f64 {}

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
pub(crate) fn minimum<N: Bounded>(name: &str, value: N, min: N) -> Check {
    if value < min {
        return Err(InvalidRequestError::new(
            name,
            format!("must be at least {min} (got {value})"),
        ));
    }
    Ok(())
}

/// At most `max`.
pub(crate) fn maximum<N: Bounded>(name: &str, value: N, max: N) -> Check {
    if value > max {
        return Err(InvalidRequestError::new(
            name,
            format!("must be at most {max} (got {value})"),
        ));
    }
    Ok(())
}

/// Greater than `bound`.
pub(crate) fn exclusive_minimum<N: Bounded>(name: &str, value: N, bound: N) -> Check {
    if value <= bound {
        return Err(InvalidRequestError::new(
            name,
            format!("must be greater than {bound} (got {value})"),
        ));
    }
    Ok(())
}

/// Less than `bound`.
pub(crate) fn exclusive_maximum<N: Bounded>(name: &str, value: N, bound: N) -> Check {
    if value >= bound {
        return Err(InvalidRequestError::new(
            name,
            format!("must be less than {bound} (got {value})"),
        ));
    }
    Ok(())
}

/// At least `count` of the named fields are set (`set` pairs each wire name with whether the
/// request sets it).
pub(crate) fn at_least(fields: &[(&str, bool)], count: u64) -> Check {
    let set = fields.iter().filter(|(_, set)| *set).count() as u64;
    if set >= count {
        return Ok(());
    }
    let message = if count == 1 {
        "must be set (at least one of them)".to_owned()
    } else {
        format!("must have at least {count} of them set (got {set})")
    };
    Err(InvalidRequestError::new(field_list(fields), message))
}

/// Exactly one of the named fields is set.
pub(crate) fn exactly_one(fields: &[(&str, bool)]) -> Check {
    match fields.iter().filter(|(_, set)| *set).count() {
        1 => Ok(()),
        0 => Err(InvalidRequestError::new(
            field_list(fields),
            "must be set (exactly one of them)",
        )),
        _ => Err(InvalidRequestError::new(
            field_list(fields),
            "must not be set together: set exactly one of them",
        )),
    }
}

/// `a or b`, `a, b or c`: the fields a rule names.
fn field_list(fields: &[(&str, bool)]) -> String {
    match fields {
        [] => String::new(),
        [one] => one.0.to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(|(name, _)| *name).collect();
            format!("{} or {}", rest.join(", "), last.0)
        }
    }
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

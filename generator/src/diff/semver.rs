//! The version step a change report needs, by Cargo's reading of semver.
//!
//! Cargo treats two versions as compatible when their left-most non-zero component is the same
//! (`1.2.0` and `1.9.3`; `0.3.1` and `0.3.8`; but `0.0.4` only with itself). So:
//!
//! | Base version | Breaking change (either kind) | Compatible changes only | No change |
//! |---|---|---|---|
//! | `1.0.0` or above | major: `2.0.0` | minor: `1.3.0` | none |
//! | `0.y.z`, `y >= 1` | minor of 0.x: `0.(y+1).0` | patch: `0.y.(z+1)` | none |
//! | `0.0.z` | patch: `0.0.(z+1)`, which Cargo already treats as incompatible | patch | none |
//!
//! Breaking on the wire counts as breaking: `cargo update` would otherwise hand users a version
//! whose calls compile and then fail. The step is taken from the base's `MAJOR.MINOR.PATCH`;
//! a pre-release and build metadata are dropped (`0.2.0-beta.1` and a compatible change need
//! `0.2.1`). The head passes when its version is at least the step's minimum, by semver
//! precedence.

use std::cmp::Ordering;
use std::fmt;

use super::Change;

/// A semver version; build metadata is kept out of comparisons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// `MAJOR`.
    pub major: u64,
    /// `MINOR`.
    pub minor: u64,
    /// `PATCH`.
    pub patch: u64,
    /// The pre-release identifiers (`beta`, `1` in `-beta.1`); empty for a release.
    pub pre: Vec<String>,
}

/// A version step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// No change to the surface: the version may stay.
    None,
    /// `z` in `x.y.z`.
    Patch,
    /// `y` in `x.y.z`.
    Minor,
    /// `x` in `x.y.z`.
    Major,
}

/// The step a report needs, and the versions it is judged against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bump {
    /// The step.
    pub step: Step,
    /// The base's version.
    pub base: Version,
    /// The lowest version that takes the step.
    pub minimum: Version,
    /// The head's version.
    pub head: Version,
}

/// A crate version that is not semver (lowering checks this, so only a hand-built IR has one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a semver version")]
pub struct VersionError(pub String);

impl Bump {
    /// Whether the head's version takes the step.
    pub fn is_met(&self) -> bool {
        self.head >= self.minimum
    }
}

/// The step `changes` need from `base`, and whether `head` takes it.
pub(super) fn bump(base: &str, head: &str, changes: &[Change]) -> Result<Bump, VersionError> {
    let (base, head) = (Version::parse(base)?, Version::parse(head)?);
    let breaking = changes.iter().any(|c| c.impact().is_breaking());
    let step = match (changes.is_empty(), breaking, base.major, base.minor) {
        (true, _, _, _) => Step::None,
        (false, _, 0, 0) => Step::Patch,
        (false, true, 0, _) => Step::Minor,
        (false, false, 0, _) => Step::Patch,
        (false, true, _, _) => Step::Major,
        (false, false, _, _) => Step::Minor,
    };
    let minimum = base.step(step);
    Ok(Bump {
        step,
        base,
        minimum,
        head,
    })
}

impl Version {
    /// Parses `MAJOR.MINOR.PATCH[-pre][+build]`.
    pub fn parse(text: &str) -> Result<Version, VersionError> {
        let error = || VersionError(text.to_owned());
        let core_pre = text.split_once('+').map_or(text, |(rest, _)| rest);
        let (core, pre) = match core_pre.split_once('-') {
            Some((core, pre)) => (core, pre.split('.').map(str::to_owned).collect()),
            None => (core_pre, Vec::new()),
        };
        let numbers: Vec<u64> = core
            .split('.')
            .map(|n| n.parse().map_err(|_| error()))
            .collect::<Result<_, _>>()?;
        match numbers[..] {
            [major, minor, patch] => Ok(Version {
                major,
                minor,
                patch,
                pre,
            }),
            _ => Err(error()),
        }
    }

    /// The lowest version `step` above this one (a pre-release is dropped first).
    pub fn step(&self, step: Step) -> Version {
        let (major, minor, patch) = (self.major, self.minor, self.patch);
        let (major, minor, patch) = match step {
            Step::None => return self.clone(),
            Step::Patch => (major, minor, patch + 1),
            Step::Minor => (major, minor + 1, 0),
            Step::Major => (major + 1, 0, 0),
        };
        Version {
            major,
            minor,
            patch,
            pre: Vec::new(),
        }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let core = |v: &Version| (v.major, v.minor, v.patch);
        core(self).cmp(&core(other)).then_with(|| {
            // A release is above its pre-releases; pre-releases compare identifier by
            // identifier, numbers numerically and below words, a shorter prefix first.
            match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_pre(&self.pre, &other.pre),
            }
        })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn compare_pre(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre.join("."))?;
        }
        Ok(())
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::None => "none",
            Step::Patch => "patch",
            Step::Minor => "minor",
            Step::Major => "major",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Change, Place, Rule, What};
    use super::*;

    fn change(rule: Rule) -> Change {
        Change {
            place: Place::Type("T".to_owned()),
            what: What::Added,
            rule,
        }
    }

    fn minimum(base: &str, changes: &[Change]) -> String {
        bump(base, base, changes)
            .expect("versions parse")
            .minimum
            .to_string()
    }

    #[test]
    fn steps_follow_cargo_compatibility() {
        let breaking = [change(Rule::TypeRemoved)];
        let wire = [change(Rule::ConstraintTightened)];
        let compatible = [change(Rule::TypeAdded)];
        assert_eq!(minimum("0.1.0", &breaking), "0.2.0");
        assert_eq!(minimum("0.1.3", &wire), "0.2.0");
        assert_eq!(minimum("0.1.3", &compatible), "0.1.4");
        assert_eq!(minimum("0.0.3", &breaking), "0.0.4");
        assert_eq!(minimum("1.4.2", &breaking), "2.0.0");
        assert_eq!(minimum("1.4.2", &compatible), "1.5.0");
        assert_eq!(minimum("1.4.2", &[]), "1.4.2");
        assert_eq!(minimum("0.2.0-beta.1", &compatible), "0.2.1");
    }

    #[test]
    fn the_head_is_judged_by_precedence() {
        let compatible = [change(Rule::TypeAdded)];
        let met = |base: &str, head: &str| bump(base, head, &compatible).expect("parses").is_met();
        assert!(met("0.1.0", "0.1.1"));
        assert!(met("0.1.0", "0.2.0"));
        assert!(!met("0.1.0", "0.1.0"));
        assert!(!met("0.1.0", "0.1.1-rc.1"));
        let v = |s: &str| Version::parse(s).expect("parses");
        assert!(v("1.0.0-alpha") < v("1.0.0-alpha.1"));
        assert!(v("1.0.0-alpha.beta") < v("1.0.0-beta"));
        assert!(v("1.0.0-beta.2") < v("1.0.0-beta.11"));
        assert!(v("1.0.0-rc.1+build.5") < v("1.0.0"));
        assert!(Version::parse("1.0").is_err());
    }
}

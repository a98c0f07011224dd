//! Whether one list of constraints accepts more or fewer values than another.
//!
//! Constraints are compared by what they accept, not by how they are written: an integer's
//! `exclusiveMinimum: 0` is the same as `minimum: 1`, and of two lower bounds only the tighter
//! counts. Patterns cannot be ordered, so a new pattern tightens, a dropped one loosens, and a
//! replaced one does both.

use super::surface::changed;
use super::{Aspect, Change, Place, Rule};
use crate::ir::{Bound, Constraint};

/// How the head's constraints relate to the base's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// They accept the same values.
    Same,
    /// The head refuses some values the base accepted, and accepts nothing new.
    Tighter,
    /// The head accepts every value the base accepted, and more.
    Looser,
    /// Each accepts values the other refuses.
    Different,
}

/// Compares two lists of constraints.
pub(super) fn compare(base: &[Constraint], head: &[Constraint]) -> Verdict {
    let mut acc = Acc::default();
    acc.compare(&Slots::of(base), &Slots::of(head));
    match (acc.tighter, acc.looser) {
        (false, false) => Verdict::Same,
        (true, false) => Verdict::Tighter,
        (false, true) => Verdict::Looser,
        (true, true) => Verdict::Different,
    }
}

/// Records a change of the constraints at `place`, if they accept other values.
pub(super) fn record(
    place: impl FnOnce() -> Place,
    base: &[Constraint],
    head: &[Constraint],
    out: &mut Vec<Change>,
) {
    let rule = match compare(base, head) {
        Verdict::Same => return,
        Verdict::Tighter => Rule::ConstraintTightened,
        Verdict::Looser => Rule::ConstraintLoosened,
        Verdict::Different => Rule::ConstraintChanged,
    };
    out.push(changed(
        place(),
        Aspect::Constraints,
        text(base),
        text(head),
        rule,
    ));
}

/// The constraints as a report reads them; `none` for an empty list.
pub(super) fn text(list: &[Constraint]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    list.iter().map(one).collect::<Vec<_>>().join(", ")
}

fn one(c: &Constraint) -> String {
    match c {
        Constraint::MinLength(n) => format!("min length {n}"),
        Constraint::MaxLength(n) => format!("max length {n}"),
        Constraint::Pattern(p) => format!("pattern `{p}`"),
        Constraint::Minimum(b) => format!(">= {}", bound(*b)),
        Constraint::Maximum(b) => format!("<= {}", bound(*b)),
        Constraint::ExclusiveMinimum(b) => format!("> {}", bound(*b)),
        Constraint::ExclusiveMaximum(b) => format!("< {}", bound(*b)),
        Constraint::MaxEntries(n) => format!("at most {n} entries"),
        Constraint::MinEntries(n) => format!("at least {n} entries"),
        Constraint::Keys(list) => format!("keys ({})", text(list)),
        Constraint::Values(list) => format!("values ({})", text(list)),
        Constraint::UnlessNull(list) => format!("unless null ({})", text(list)),
    }
}

fn bound(b: Bound) -> String {
    match b {
        Bound::Int(n) => n.to_string(),
        Bound::Float(x) => x.to_string(),
    }
}

/// A numeric bound ready to compare: integers' exclusive bounds are made inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Limit {
    value: f64,
    exclusive: bool,
}

impl Limit {
    fn lower(b: Bound, exclusive: bool) -> Limit {
        match (b, exclusive) {
            (Bound::Int(n), true) => Limit::inclusive(n.saturating_add(1)),
            (Bound::Int(n), false) => Limit::inclusive(n),
            (Bound::Float(value), exclusive) => Limit { value, exclusive },
        }
    }

    fn upper(b: Bound, exclusive: bool) -> Limit {
        match (b, exclusive) {
            (Bound::Int(n), true) => Limit::inclusive(n.saturating_sub(1)),
            (Bound::Int(n), false) => Limit::inclusive(n),
            (Bound::Float(value), exclusive) => Limit { value, exclusive },
        }
    }

    // Integer bounds in schemas are small; the precision an `f64` drops above 2^53 does not
    // matter for ordering them.
    fn inclusive(n: i64) -> Limit {
        Limit {
            value: n as f64,
            exclusive: false,
        }
    }

    /// Whether this lower bound refuses more than `other` (for upper bounds, call with both
    /// values negated).
    fn above(self, other: Limit) -> bool {
        self.value > other.value
            || (self.value == other.value && self.exclusive && !other.exclusive)
    }

    fn negated(self) -> Limit {
        Limit {
            value: -self.value,
            exclusive: self.exclusive,
        }
    }
}

/// The constraints of a list, one slot per kind; of two of a kind, the tighter.
#[derive(Debug, Default)]
struct Slots<'a> {
    min_length: Option<u64>,
    max_length: Option<u64>,
    min_entries: Option<u64>,
    max_entries: Option<u64>,
    lower: Option<Limit>,
    upper: Option<Limit>,
    patterns: Vec<&'a str>,
    keys: Vec<Constraint>,
    values: Vec<Constraint>,
    unless_null: Vec<Constraint>,
}

impl<'a> Slots<'a> {
    fn of(list: &'a [Constraint]) -> Slots<'a> {
        let mut s = Slots::default();
        for c in list {
            match c {
                Constraint::MinLength(n) => s.min_length = s.min_length.max(Some(*n)),
                Constraint::MaxLength(n) => {
                    s.max_length = Some(s.max_length.map_or(*n, |m| m.min(*n)))
                }
                Constraint::MinEntries(n) => s.min_entries = s.min_entries.max(Some(*n)),
                Constraint::MaxEntries(n) => {
                    s.max_entries = Some(s.max_entries.map_or(*n, |m| m.min(*n)))
                }
                Constraint::Minimum(b) => s.raise(Limit::lower(*b, false)),
                Constraint::ExclusiveMinimum(b) => s.raise(Limit::lower(*b, true)),
                Constraint::Maximum(b) => s.cap(Limit::upper(*b, false)),
                Constraint::ExclusiveMaximum(b) => s.cap(Limit::upper(*b, true)),
                Constraint::Pattern(p) => s.patterns.push(p),
                Constraint::Keys(list) => s.keys.extend(list.iter().cloned()),
                Constraint::Values(list) => s.values.extend(list.iter().cloned()),
                Constraint::UnlessNull(list) => s.unless_null.extend(list.iter().cloned()),
            }
        }
        s
    }

    fn raise(&mut self, limit: Limit) {
        if self.lower.is_none_or(|l| limit.above(l)) {
            self.lower = Some(limit);
        }
    }

    fn cap(&mut self, limit: Limit) {
        if self
            .upper
            .is_none_or(|u| limit.negated().above(u.negated()))
        {
            self.upper = Some(limit);
        }
    }
}

/// Whether any slot got tighter, and whether any got looser.
#[derive(Debug, Default)]
struct Acc {
    tighter: bool,
    looser: bool,
}

impl Acc {
    fn compare(&mut self, base: &Slots<'_>, head: &Slots<'_>) {
        self.minimum(base.min_length, head.min_length);
        self.minimum(base.min_entries, head.min_entries);
        self.maximum(base.max_length, head.max_length);
        self.maximum(base.max_entries, head.max_entries);
        self.limit(base.lower, head.lower);
        self.limit(
            base.upper.map(Limit::negated),
            head.upper.map(Limit::negated),
        );
        self.tighter |= head.patterns.iter().any(|p| !base.patterns.contains(p));
        self.looser |= base.patterns.iter().any(|p| !head.patterns.contains(p));
        for (b, h) in [
            (&base.keys, &head.keys),
            (&base.values, &head.values),
            (&base.unless_null, &head.unless_null),
        ] {
            if !b.is_empty() || !h.is_empty() {
                self.compare(&Slots::of(b), &Slots::of(h));
            }
        }
    }

    /// A lower limit: none accepts most, a higher one accepts less.
    fn minimum(&mut self, base: Option<u64>, head: Option<u64>) {
        let (b, h) = (base.unwrap_or(0), head.unwrap_or(0));
        self.tighter |= h > b;
        self.looser |= h < b;
    }

    /// An upper limit: none accepts most, a lower one accepts less.
    fn maximum(&mut self, base: Option<u64>, head: Option<u64>) {
        let (b, h) = (base.unwrap_or(u64::MAX), head.unwrap_or(u64::MAX));
        self.tighter |= h < b;
        self.looser |= h > b;
    }

    /// A numeric lower bound (upper bounds arrive negated).
    fn limit(&mut self, base: Option<Limit>, head: Option<Limit>) {
        match (base, head) {
            (None, None) => {}
            (None, Some(_)) => self.tighter = true,
            (Some(_), None) => self.looser = true,
            (Some(b), Some(h)) => {
                self.tighter |= h.above(b);
                self.looser |= b.above(h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(base: &[Constraint], head: &[Constraint]) -> Verdict {
        compare(base, head)
    }

    #[test]
    fn lengths_and_entries_order_by_what_they_accept() {
        use Constraint::*;
        assert_eq!(
            verdict(&[MaxLength(100)], &[MaxLength(50)]),
            Verdict::Tighter
        );
        assert_eq!(
            verdict(&[MaxLength(50)], &[MaxLength(100)]),
            Verdict::Looser
        );
        assert_eq!(verdict(&[], &[MinLength(1)]), Verdict::Tighter);
        assert_eq!(verdict(&[MinEntries(1)], &[]), Verdict::Looser);
        assert_eq!(verdict(&[MaxEntries(5)], &[MaxEntries(5)]), Verdict::Same);
        assert_eq!(
            verdict(
                &[MinLength(1), MaxLength(10)],
                &[MinLength(2), MaxLength(20)]
            ),
            Verdict::Different
        );
    }

    #[test]
    fn integer_bounds_compare_inclusive() {
        use Constraint::*;
        let int = Bound::Int;
        assert_eq!(
            verdict(&[ExclusiveMinimum(int(0))], &[Minimum(int(1))]),
            Verdict::Same
        );
        assert_eq!(
            verdict(&[Maximum(int(100))], &[ExclusiveMaximum(int(100))]),
            Verdict::Tighter
        );
        assert_eq!(
            verdict(&[Minimum(int(1))], &[Minimum(int(0))]),
            Verdict::Looser
        );
        let float = Bound::Float;
        assert_eq!(
            verdict(&[Minimum(float(0.5))], &[ExclusiveMinimum(float(0.5))]),
            Verdict::Tighter
        );
        assert_eq!(verdict(&[Maximum(float(1.0))], &[]), Verdict::Looser);
    }

    #[test]
    fn patterns_and_nested_lists() {
        use Constraint::*;
        let p = |s: &str| Pattern(s.to_owned());
        assert_eq!(verdict(&[], &[p("^a$")]), Verdict::Tighter);
        assert_eq!(verdict(&[p("^a$")], &[p("^b$")]), Verdict::Different);
        assert_eq!(
            verdict(
                &[Values(vec![MaxLength(10)])],
                &[Values(vec![MaxLength(5)])]
            ),
            Verdict::Tighter
        );
        assert_eq!(verdict(&[Keys(vec![MaxLength(10)])], &[]), Verdict::Looser);
    }

    #[test]
    fn text_reads_like_the_schema() {
        use Constraint::*;
        assert_eq!(text(&[]), "none");
        assert_eq!(
            text(&[MinLength(1), Values(vec![MaxLength(5)])]),
            "min length 1, values (max length 5)"
        );
    }
}

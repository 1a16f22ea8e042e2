//! Krippendorff's alpha, in the coincidence-matrix formulation (Krippendorff, "Computing
//! Krippendorff's Alpha-Reliability", 2011), for any number of coders and missing values.
//!
//! A *unit* is one thing coded (a field of an article, a participant record): the values the
//! coders gave it, the missing ones left out. Only a unit with two values or more is *pairable*;
//! its `m` values add, for each ordered pair of values `(c, k)` of two different coders,
//! `1/(m-1)` to the coincidence `o_ck`. Then `n_c` is the number of pairable values `c`, `n` the
//! number of pairable values, and with a distance `δ(c, k)` (0 for equal values):
//!
//! - observed disagreement `D_o = Σ_c Σ_k o_ck δ(c,k) / n`,
//! - expected disagreement `D_e = Σ_c Σ_k n_c n_k δ(c,k) / (n (n-1))`,
//! - `alpha = 1 - D_o / D_e`.
//!
//! Alpha is **undefined** (never reported as 0 or 1) when no unit is pairable, when only one unit
//! is (its expected disagreement is then estimated from that unit alone, so that alpha is 0 by
//! construction whenever the coders disagree: NLTK reports that 0), and when every pairable value
//! is the same (`D_e = 0`: nothing to disagree about).

use std::collections::HashMap;

/// A coded value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Val {
    /// The coder said the article does not mention it.
    NotMentioned,
    Num(i64),
    Label(String),
    /// A set of choices, sorted, without repeats.
    Set(Vec<String>),
}

impl Val {
    /// A set of choices (sorted and made unique here).
    pub fn set<I: IntoIterator<Item = String>>(items: I) -> Val {
        let mut v: Vec<String> = items.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        Val::Set(v)
    }
}

/// The distance between values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// 0 for equal values, 1 otherwise.
    Nominal,
    /// `(a - b)²` between numbers. A value that is not a number ("not mentioned") is as far from
    /// every number as the two furthest pairable numbers are from each other (`(max - min)²`, at
    /// least 1); two different non-numbers are that far apart too.
    Interval,
    /// MASI (Passonneau 2006) between sets: `1 - J·M`, with `J` the Jaccard index
    /// `|A∩B| / |A∪B|` and `M` 1 for equal sets, 2/3 when one holds the other, 1/3 when they
    /// overlap otherwise, 0 when disjoint. Two empty sets are equal; "not mentioned" is the empty
    /// set.
    Masi,
}

impl Metric {
    pub fn name(self) -> &'static str {
        match self {
            Metric::Nominal => "nominal",
            Metric::Interval => "interval",
            Metric::Masi => "MASI",
        }
    }

    /// `δ(a, b)`; `far` is the interval distance of a non-number (see [`Metric::Interval`]).
    pub fn delta(self, a: &Val, b: &Val, far: f64) -> f64 {
        if a == b {
            return 0.0;
        }
        match (self, a, b) {
            (Metric::Interval, Val::Num(x), Val::Num(y)) => (*x as f64 - *y as f64).powi(2),
            (Metric::Interval, _, _) => far,
            (Metric::Masi, _, _) => match (as_set(a), as_set(b)) {
                (Some(x), Some(y)) => masi(x, y),
                _ => 1.0,
            },
            (Metric::Nominal, _, _) => 1.0,
        }
    }
}

fn as_set(v: &Val) -> Option<&[String]> {
    match v {
        Val::Set(s) => Some(s),
        Val::NotMentioned => Some(&[]),
        _ => None,
    }
}

/// The MASI distance between two sorted sets without repeats (0 for two empty sets).
pub fn masi(a: &[String], b: &[String]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        return 0.0;
    }
    let jaccard = common as f64 / union as f64;
    let monotonicity = if common == a.len() && common == b.len() {
        1.0
    } else if common == a.len() || common == b.len() {
        2.0 / 3.0
    } else if common > 0 {
        1.0 / 3.0
    } else {
        0.0
    };
    1.0 - jaccard * monotonicity
}

/// Why alpha is undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// No unit has two values.
    NoPairs,
    /// Only one unit has two values or more.
    OneUnit,
    /// Every pairable value is the same.
    NoVariation,
}

impl Undefined {
    pub fn reason(self) -> &'static str {
        match self {
            Undefined::NoPairs => "no unit coded twice",
            Undefined::OneUnit => "one unit",
            Undefined::NoVariation => "no variation",
        }
    }
}

/// Alpha and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alpha {
    /// Pairable units.
    pub units: u64,
    /// Pairable values.
    pub values: u64,
    /// `D_o` and `D_e`, when alpha is defined.
    pub observed: Option<f64>,
    pub expected: Option<f64>,
    pub value: Result<f64, Undefined>,
}

/// The coincidences of the units added so far, and exact agreement counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coincidences {
    /// `o_ck` for `c < k` (the matrix is symmetric; the diagonal, where `δ = 0`, is not kept).
    cells: HashMap<(Val, Val), f64>,
    /// `n_c`.
    margins: HashMap<Val, u64>,
    units: u64,
    values: u64,
    /// Ordered pairs of values of two coders within a unit, and of those the equal ones.
    pairs: u64,
    equal_pairs: u64,
}

impl Coincidences {
    /// Adds a unit's values (the missing ones left out); fewer than two add nothing.
    pub fn add_unit(&mut self, values: &[&Val]) {
        let m = values.len();
        if m < 2 {
            return;
        }
        let mut counts: Vec<(&Val, u64)> = Vec::with_capacity(m);
        for v in values {
            match counts.iter_mut().find(|(c, _)| c == v) {
                Some((_, n)) => *n += 1,
                None => counts.push((v, 1)),
            }
        }
        let w = 1.0 / (m - 1) as f64;
        for (i, &(c, nc)) in counts.iter().enumerate() {
            *self.margins.entry(c.clone()).or_default() += nc;
            self.equal_pairs += nc * (nc - 1);
            for &(k, nk) in &counts[i + 1..] {
                let key = if c < k {
                    (c.clone(), k.clone())
                } else {
                    (k.clone(), c.clone())
                };
                *self.cells.entry(key).or_default() += (nc * nk) as f64 * w;
            }
        }
        self.units += 1;
        self.values += m as u64;
        self.pairs += (m * (m - 1)) as u64;
    }

    pub fn merge(&mut self, other: Coincidences) {
        for (k, v) in other.cells {
            *self.cells.entry(k).or_default() += v;
        }
        for (k, v) in other.margins {
            *self.margins.entry(k).or_default() += v;
        }
        self.units += other.units;
        self.values += other.values;
        self.pairs += other.pairs;
        self.equal_pairs += other.equal_pairs;
    }

    pub fn units(&self) -> u64 {
        self.units
    }

    pub fn values(&self) -> u64 {
        self.values
    }

    /// Pairs of values of two coders within a unit: (all, equal), each pair counted once.
    pub fn pair_counts(&self) -> (u64, u64) {
        (self.pairs / 2, self.equal_pairs / 2)
    }

    /// The share of the pairs of values of two coders within a unit that are equal (for two
    /// coders: the share of units they agree on), or `None` with no pair.
    pub fn agreement(&self) -> Option<f64> {
        (self.pairs > 0).then(|| self.equal_pairs as f64 / self.pairs as f64)
    }

    /// Alpha with the given distance.
    pub fn alpha(&self, metric: Metric) -> Alpha {
        let undefined = |why| Alpha {
            units: self.units,
            values: self.values,
            observed: None,
            expected: None,
            value: Err(why),
        };
        match self.units {
            0 => return undefined(Undefined::NoPairs),
            1 => return undefined(Undefined::OneUnit),
            _ => {}
        }
        // Every metric here is 0 only between equal values: one value means D_e = 0.
        if self.margins.len() < 2 {
            return undefined(Undefined::NoVariation);
        }
        let far = far(&self.margins);
        let n = self.values as f64;
        let observed = self.cells.iter().fold(0.0, |sum, ((c, k), o)| {
            sum + 2.0 * o * metric.delta(c, k, far)
        }) / n;
        let expected = expected_sum(metric, &self.margins, far) / (n * (n - 1.0));
        if expected <= 0.0 {
            return undefined(Undefined::NoVariation);
        }
        Alpha {
            units: self.units,
            values: self.values,
            observed: Some(observed),
            expected: Some(expected),
            value: Ok(1.0 - observed / expected),
        }
    }
}

/// The interval distance of a non-number: `(max - min)²` of the numbers, at least 1.
fn far(margins: &HashMap<Val, u64>) -> f64 {
    let nums = margins.keys().filter_map(|v| match v {
        Val::Num(x) => Some(*x),
        _ => None,
    });
    let (lo, hi) = nums.fold((i64::MAX, i64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
    if lo > hi {
        return 1.0;
    }
    (hi as f64 - lo as f64).powi(2).max(1.0)
}

/// `Σ_c Σ_k n_c n_k δ(c,k)`: in linear time for the nominal and interval distances, by every
/// pair of distinct values for MASI.
fn expected_sum(metric: Metric, margins: &HashMap<Val, u64>, far: f64) -> f64 {
    let n: f64 = margins.values().map(|&c| c as f64).sum();
    let squares = |it: &mut dyn Iterator<Item = f64>| it.map(|c| c * c).sum::<f64>();
    match metric {
        Metric::Nominal => n * n - squares(&mut margins.values().map(|&c| c as f64)),
        Metric::Interval => {
            let nums: Vec<(f64, f64)> = margins
                .iter()
                .filter_map(|(v, &c)| match v {
                    Val::Num(x) => Some((*x as f64, c as f64)),
                    _ => None,
                })
                .collect();
            let nn: f64 = nums.iter().map(|&(_, c)| c).sum();
            let mean = nums.iter().map(|&(x, c)| x * c).sum::<f64>() / nn.max(1.0);
            // Σ_c Σ_k n_c n_k (c-k)² = 2 N Σ_c n_c (c - mean)².
            let numeric = 2.0
                * nn
                * nums
                    .iter()
                    .map(|&(x, c)| c * (x - mean).powi(2))
                    .sum::<f64>();
            let others = n - nn;
            let other_squares = squares(
                &mut margins
                    .iter()
                    .filter_map(|(v, &c)| (!matches!(v, Val::Num(_))).then_some(c as f64)),
            );
            numeric + far * (2.0 * others * nn + others * others - other_squares)
        }
        Metric::Masi => expected_sum_by_pairs(metric, margins, far),
    }
}

/// `Σ_c Σ_k n_c n_k δ(c,k)` over every pair of distinct values.
fn expected_sum_by_pairs(metric: Metric, margins: &HashMap<Val, u64>, far: f64) -> f64 {
    let vals: Vec<(&Val, f64)> = margins.iter().map(|(v, &c)| (v, c as f64)).collect();
    let mut sum = 0.0;
    for (i, (c, nc)) in vals.iter().enumerate() {
        for (k, nk) in &vals[i + 1..] {
            sum += 2.0 * nc * nk * metric.delta(c, k, far);
        }
    }
    sum
}

#[cfg(test)]
mod tests;

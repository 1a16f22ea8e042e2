//! The arithmetic of `vetter stats`: median, 90th percentile, rates and durations.

/// The median of `values` (the mean of the two middle ones for an even count), or `None` for
/// none. Reorders `values`.
pub fn median(values: &mut [u64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (_, &mut hi, _) = values.select_nth_unstable(n / 2);
    if n % 2 == 1 {
        return Some(hi as f64);
    }
    // The largest of the lower half is the other middle value.
    let lo = values[..n / 2].iter().copied().max().unwrap_or(hi);
    Some((lo as f64 + hi as f64) / 2.0)
}

/// The `p`-th percentile (0 < p <= 100) by nearest rank: the smallest value that at least `p`%
/// of `values` do not exceed (the `ceil(p/100 * n)`-th smallest), or `None` for none. Reorders
/// `values`.
pub fn percentile(values: &mut [u64], p: u32) -> Option<u64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let p = u64::from(p.clamp(1, 100));
    // ceil(p * n / 100), 1-based, in whole numbers so that 90% of 10 is exactly the 9th.
    let rank = (p * n as u64).div_ceil(100).max(1) as usize;
    let (_, &mut v, _) = values.select_nth_unstable(rank - 1);
    Some(v)
}

/// `part / whole`, or `None` when `whole` is 0.
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Articles per hour of active time, or `None` with no time spent.
pub fn per_hour(articles: u64, seconds: u64) -> Option<f64> {
    (seconds > 0).then(|| articles as f64 * 3600.0 / seconds as f64)
}

/// A duration for people: `45s`, `2m 05s`, `3h 07m` (rounded to the second; hours keep whole
/// minutes).
pub fn duration(seconds: f64) -> String {
    let s = if seconds.is_finite() && seconds > 0.0 {
        seconds.round() as u64
    } else {
        0
    };
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
    }
}

/// A share as a percentage with one decimal (`77.8%`), or `-` for none.
pub fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "-".into(), |r| format!("{:.1}%", r * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7.0));
        assert_eq!(median(&mut [30, 10, 20]), Some(20.0));
        // 10 20 | 40 100: (20 + 40) / 2.
        assert_eq!(median(&mut [100, 20, 40, 10]), Some(30.0));
        assert_eq!(median(&mut [5, 6]), Some(5.5));
        assert_eq!(median(&mut [3, 3, 3, 3]), Some(3.0));
    }

    #[test]
    fn p90_is_the_nearest_rank() {
        assert_eq!(percentile(&mut [], 90), None);
        assert_eq!(percentile(&mut [42], 90), Some(42));
        // Ten values 1..=10: the 9th smallest.
        let mut ten: Vec<u64> = (1..=10).rev().collect();
        assert_eq!(percentile(&mut ten, 90), Some(9));
        // Eleven values: ceil(9.9) = 10th smallest.
        let mut eleven: Vec<u64> = (1..=11).map(|v| v * 10).collect();
        assert_eq!(percentile(&mut eleven, 90), Some(100));
        // Two values: ceil(1.8) = the 2nd.
        assert_eq!(percentile(&mut [60, 5], 90), Some(60));
        assert_eq!(percentile(&mut [1, 2, 3, 4], 50), Some(2));
        assert_eq!(percentile(&mut [1, 2, 3, 4], 100), Some(4));
    }

    #[test]
    fn rates_and_articles_per_hour() {
        assert_eq!(rate(3, 4), Some(0.75));
        assert_eq!(rate(0, 0), None);
        assert_eq!(per_hour(6, 1800), Some(12.0));
        assert_eq!(per_hour(3, 0), None);
        assert_eq!(percent(Some(7.0 / 9.0)), "77.8%");
        assert_eq!(percent(None), "-");
    }

    #[test]
    fn durations_for_people() {
        assert_eq!(duration(0.0), "0s");
        assert_eq!(duration(44.5), "45s");
        assert_eq!(duration(125.0), "2m 05s");
        assert_eq!(duration(3600.0 * 3.0 + 7.0 * 60.0 + 59.0), "3h 07m");
        assert_eq!(duration(f64::NAN), "0s");
    }
}

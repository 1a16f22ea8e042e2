use super::*;

fn label(s: &str) -> Val {
    Val::Label(s.into())
}

fn set(items: &[&str]) -> Vec<String> {
    let Val::Set(s) = Val::set(items.iter().map(|s| s.to_string())) else {
        unreachable!()
    };
    s
}

/// Coincidences of units given as rows of optional values (`None` = missing).
fn tally(units: &[Vec<Option<Val>>]) -> Coincidences {
    let mut c = Coincidences::default();
    for u in units {
        let vals: Vec<&Val> = u.iter().flatten().collect();
        c.add_unit(&vals);
    }
    c
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn value(a: &Alpha) -> f64 {
    a.value.unwrap_or_else(|e| panic!("alpha undefined: {e:?}"))
}

#[test]
fn nominal_by_hand() {
    // Units (a,a), (a,b), (b,b): n = 6, n_a = n_b = 3, o_ab = o_ba = 1.
    // D_o = 2/6, D_e = 2*3*3/(6*5) = 0.6, alpha = 1 - (1/3)/0.6 = 4/9.
    let (a, b) = (label("a"), label("b"));
    let c = tally(&[
        vec![Some(a.clone()), Some(a.clone())],
        vec![Some(a.clone()), Some(b.clone())],
        vec![Some(b.clone()), Some(b)],
    ]);
    let r = c.alpha(Metric::Nominal);
    assert_eq!((r.units, r.values), (3, 6));
    assert!(close(r.observed.unwrap(), 1.0 / 3.0));
    assert!(close(r.expected.unwrap(), 0.6));
    assert!(close(value(&r), 4.0 / 9.0), "{r:?}");
    // Two of the three pairs agree.
    assert!(close(c.agreement().unwrap(), 2.0 / 3.0));
    assert_eq!(c.pair_counts(), (3, 2));
}

#[test]
fn interval_by_hand() {
    // Units (1,2), (3,3): o_12 = 1; D_o = 2*1*1/4 = 0.5; Σ n_c n_k δ = 2*(1*1*1 + 1*2*4 + 1*2*1)
    // = 22, D_e = 22/12; alpha = 1 - 0.5*12/22 = 8/11.
    let c = tally(&[
        vec![Some(Val::Num(1)), Some(Val::Num(2))],
        vec![Some(Val::Num(3)), Some(Val::Num(3))],
    ]);
    let r = c.alpha(Metric::Interval);
    assert!(close(r.observed.unwrap(), 0.5));
    assert!(close(r.expected.unwrap(), 22.0 / 12.0));
    assert!(close(value(&r), 8.0 / 11.0), "{r:?}");
    // Nominal on the same data: D_o = 2/4, D_e = (16 - 1 - 1 - 4)/12 = 10/12, alpha = 0.4.
    assert!(close(value(&c.alpha(Metric::Nominal)), 0.4));
}

#[test]
fn interval_not_mentioned_is_as_far_as_the_furthest_numbers() {
    // Units (1, NM), (1, 3): numbers 1, 1, 3, so NM is (3-1)² = 4 from every number.
    // D_o = 2*(1*4 + 1*4)/4 = 4; Σ n_c n_k δ = 2*(2*1*4 + 2*1*4 + 1*1*4) = 40, D_e = 40/12;
    // alpha = 1 - 4*12/40 = -0.2.
    let c = tally(&[
        vec![Some(Val::Num(1)), Some(Val::NotMentioned)],
        vec![Some(Val::Num(1)), Some(Val::Num(3))],
    ]);
    let r = c.alpha(Metric::Interval);
    assert!(close(r.observed.unwrap(), 4.0), "{r:?}");
    assert!(close(value(&r), -0.2), "{r:?}");
    // With equal numbers NM is 1 away, never 0: (5, NM), (5, 5).
    let c = tally(&[
        vec![Some(Val::Num(5)), Some(Val::NotMentioned)],
        vec![Some(Val::Num(5)), Some(Val::Num(5))],
    ]);
    assert!(c.alpha(Metric::Interval).observed.unwrap() > 0.0);
}

#[test]
fn masi_distances_by_hand() {
    assert!(close(masi(&set(&["a"]), &set(&["a"])), 0.0));
    assert!(close(masi(&[], &[]), 0.0));
    // J = 1/2, M = 2/3 (subset).
    assert!(close(
        masi(&set(&["a"]), &set(&["a", "b"])),
        1.0 - 1.0 / 3.0
    ));
    // J = 1/3, M = 1/3 (overlap).
    assert!(close(
        masi(&set(&["a", "b"]), &set(&["b", "c"])),
        1.0 - 1.0 / 9.0
    ));
    assert!(close(masi(&set(&["a"]), &set(&["b"])), 1.0));
    assert!(close(masi(&[], &set(&["b"])), 1.0));
    // "not mentioned" is the empty set.
    let m = Metric::Masi;
    assert!(close(
        m.delta(&Val::NotMentioned, &Val::Set(vec![]), 1.0),
        0.0
    ));
    assert!(close(
        m.delta(&Val::NotMentioned, &Val::set(["x".into()]), 1.0),
        1.0
    ));
}

#[test]
fn masi_alpha_by_hand() {
    // Units ({a}, {a,b}), ({c}, {c}): δ = 2/3 in the first. n = 4; D_o = 2*1*(2/3)/4 = 1/3.
    // Distinct values {a}, {a,b}, {c} with n = 1, 1, 2: Σ n_c n_k δ = 2*(1*1*2/3 + 1*2*1 + 1*2*1)
    // = 28/3, D_e = 28/36; alpha = 1 - (1/3)*(36/28) = 4/7.
    let s = |items: &[&str]| Val::Set(set(items));
    let c = tally(&[
        vec![Some(s(&["a"])), Some(s(&["a", "b"]))],
        vec![Some(s(&["c"])), Some(s(&["c"]))],
    ]);
    assert!(close(value(&c.alpha(Metric::Masi)), 4.0 / 7.0));
}

/// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. University of
/// Pennsylvania, https://repository.upenn.edu/asc_papers/43 — the worked example "C. Nominal
/// data, any number of observers, missing values": 4 observers x 12 units, values 1-5, `.`
/// missing. The paper gives alpha = 0.743 (nominal) and 0.849 (interval), with n = 40 pairable
/// values (unit 12, coded once, is not pairable).
///
/// ```text
/// unit        1 2 3 4 5 6 7 8 9 10 11 12
/// observer A  1 2 3 3 2 1 4 1 2  .  .  .
/// observer B  1 2 3 3 2 2 4 1 2  5  .  3
/// observer C  . 3 3 3 2 3 4 2 2  5  1  .
/// observer D  1 2 3 3 2 4 4 1 2  5  1  .
/// ```
#[test]
fn krippendorff_2011_worked_example() {
    let rows = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    .map(|r| {
        r.split(' ')
            .map(|v| v.parse::<i64>().ok())
            .collect::<Vec<_>>()
    });
    let units: Vec<Vec<Option<Val>>> = (0..12)
        .map(|u| rows.iter().map(|r| r[u].map(Val::Num)).collect())
        .collect();
    let c = tally(&units);
    let nominal = c.alpha(Metric::Nominal);
    assert_eq!((nominal.units, nominal.values), (11, 40));
    assert_eq!(format!("{:.3}", value(&nominal)), "0.743");
    // The off-diagonal coincidences sum to 8, so D_o = 8/40; D_e = 0.7795.
    assert!(close(nominal.observed.unwrap(), 0.2));
    assert_eq!(format!("{:.3}", nominal.expected.unwrap()), "0.779");
    let interval = c.alpha(Metric::Interval);
    assert_eq!(format!("{:.3}", value(&interval)), "0.849");
}

#[test]
fn a_single_unit_with_one_disagreement_is_undefined_not_zero() {
    // NLTK reports 0 here; the formula gives 0 for any one unit with a disagreement, because its
    // expected disagreement comes from that unit alone.
    let c = tally(&[vec![Some(label("a")), Some(label("b"))]]);
    let r = c.alpha(Metric::Nominal);
    assert_eq!(r.value, Err(Undefined::OneUnit));
    assert_eq!((r.units, r.values), (1, 2));
    assert_eq!(r.observed, None);
    // Observed agreement is still defined: no pair agrees.
    assert_eq!(c.agreement(), Some(0.0));
}

#[test]
fn no_variation_is_undefined_not_one() {
    let c = tally(&[
        vec![Some(label("a")), Some(label("a"))],
        vec![Some(label("a")), Some(label("a")), Some(label("a"))],
    ]);
    for m in [Metric::Nominal, Metric::Interval, Metric::Masi] {
        let r = c.alpha(m);
        assert_eq!(r.value, Err(Undefined::NoVariation));
        assert_eq!((r.units, r.values), (2, 5));
    }
    assert_eq!(c.agreement(), Some(1.0));
}

#[test]
fn perfect_agreement_is_alpha_one_with_no_observed_disagreement() {
    let c = tally(&[
        vec![Some(Val::Num(1)), Some(Val::Num(1))],
        vec![Some(Val::Num(4)), Some(Val::Num(4))],
    ]);
    let r = c.alpha(Metric::Interval);
    assert_eq!(r.value, Ok(1.0));
    // Exactly 0, not -0.0 (an empty f64 sum), so that the JSON says 0.0.
    assert!(r.observed.unwrap().is_sign_positive());
}

#[test]
fn units_coded_once_are_not_pairable() {
    let c = tally(&[vec![Some(label("a")), None], vec![None, Some(label("b"))]]);
    let r = c.alpha(Metric::Nominal);
    assert_eq!(r.value, Err(Undefined::NoPairs));
    assert_eq!((r.units, r.values), (0, 0));
    assert_eq!(c.agreement(), None);
    assert_eq!(
        Coincidences::default().alpha(Metric::Interval).value,
        Err(Undefined::NoPairs)
    );
}

#[test]
fn fast_expected_sums_equal_the_sum_over_pairs() {
    let mut margins = HashMap::new();
    for (v, n) in [
        (Val::Num(-3), 2),
        (Val::Num(0), 5),
        (Val::Num(7), 1),
        (Val::NotMentioned, 3),
        (label("x"), 2),
    ] {
        margins.insert(v, n);
    }
    let f = far(&margins);
    assert!(close(f, 100.0));
    for m in [Metric::Nominal, Metric::Interval] {
        let fast = expected_sum(m, &margins, f);
        let slow = expected_sum_by_pairs(m, &margins, f);
        assert!(close(fast, slow), "{m:?}: {fast} != {slow}");
    }
}

#[test]
fn merging_equals_adding_every_unit_to_one() {
    let units = [
        vec![Some(Val::Num(1)), Some(Val::Num(2)), None],
        vec![Some(Val::Num(3)), Some(Val::Num(3)), Some(Val::Num(1))],
        vec![
            Some(Val::NotMentioned),
            Some(Val::Num(2)),
            Some(Val::Num(2)),
        ],
    ];
    let whole = tally(&units);
    let mut parts = tally(&units[..1]);
    parts.merge(tally(&units[1..]));
    for m in [Metric::Nominal, Metric::Interval] {
        assert!(close(value(&whole.alpha(m)), value(&parts.alpha(m))));
    }
    assert_eq!(whole.pair_counts(), parts.pair_counts());
}

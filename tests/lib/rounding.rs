//! Publication rounding against values worked out by hand (and checked with Python's `decimal`
//! module, `Decimal(s).quantize(q, ROUND_HALF_UP)` on the decimal literal): the rule of the
//! README ("round half away from zero to `decimals` after adding 1e-9 away from zero") applied
//! to the decimal a person reads, not to the binary double nearest it. The half-even result is
//! listed next to each half case, so the table also shows where banker's rounding would differ.

use qbpc_index::rank::{competition_ranks, display, publish_round};

/// (value, decimals, published text, what half-even rounding would publish).
const HALVES: &[(f64, u32, &str, &str)] = &[
    // Binary 2.67499999999999982236...: below the half, but within the 1e-9 nudge.
    (2.675, 2, "2.68", "2.68"),
    // Binary 2.66500000000000003552...: half-up 2.67, half-even 2.66.
    (2.665, 2, "2.67", "2.66"),
    // Exact in binary.
    (0.125, 2, "0.13", "0.12"),
    (0.135, 2, "0.14", "0.14"),
    // Binary 1.00499999999999989341...
    (1.005, 2, "1.01", "1.00"),
    // Binary 0.04499999999999999833...
    (0.045, 2, "0.05", "0.04"),
    (8.345, 2, "8.35", "8.34"),
    (0.5, 0, "1", "0"),
    (1.5, 0, "2", "2"),
    (2.5, 0, "3", "2"),
    // Binary 82.4500000000000028421...
    (82.45, 1, "82.5", "82.4"),
    // Binary 70.0499999999999971578...
    (70.05, 1, "70.1", "70.0"),
    // Binary 4.3499999999999996447...
    (4.35, 1, "4.4", "4.4"),
    (99.95, 1, "100.0", "100.0"),
    (99.5, 0, "100", "100"),
    (0.0005, 3, "0.001", "0.000"),
    // Negative halves round away from zero.
    (-2.5, 0, "-3", "-2"),
    (-0.125, 2, "-0.13", "-0.12"),
    (-0.25, 1, "-0.3", "-0.2"),
    (-0.05, 1, "-0.1", "-0.0"),
    (-4.35, 1, "-4.4", "-4.4"),
    (-2.675, 2, "-2.68", "-2.68"),
];

/// (value, decimals, published text): not halves, and noise around halves.
const OTHERS: &[(f64, u32, &str)] = &[
    (1.0049999, 2, "1.00"),
    (82.44, 1, "82.4"),
    (82.46, 1, "82.5"),
    (70.0, 0, "70"),
    (70.0, 2, "70.00"),
    (0.0, 1, "0.0"),
    (100.0, 1, "100.0"),
    (7.0, 3, "7.000"),
    (0.001, 1, "0.0"),
    (12.3456785, 7, "12.3456785"),
    // Below the half by less than the 1e-9 nudge: rounds up.
    (82.45 - 4e-10, 1, "82.5"),
    (82.4499999999, 1, "82.5"),
    (0.125 - 5e-10, 2, "0.13"),
    (-0.125 + 5e-10, 2, "-0.13"),
    // Below the half by more than the nudge: rounds down (82.449999997 + 1e-9 < 82.45).
    (82.45 - 3e-9, 1, "82.4"),
    (0.125 - 2e-9, 2, "0.12"),
    (-0.125 + 2e-9, 2, "-0.12"),
    // Above the half by noise.
    (82.45 + 1e-12, 1, "82.5"),
    // Small negatives publish as zero, never "-0.0".
    (-0.04, 1, "0.0"),
    (-0.0, 2, "0.00"),
    (-1e-9, 0, "0"),
    (-0.4999, 0, "0"),
];

#[test]
fn halves_round_away_from_zero_not_to_even() {
    let mut differs_from_even = 0;
    for &(x, d, want, even) in HALVES {
        assert_eq!(display(x, d), want, "{x} at {d} decimals");
        differs_from_even += usize::from(want != even);
    }
    // The table tells the two rules apart: a switch to half-even rounding fails it.
    assert!(differs_from_even >= 10, "{differs_from_even}");
}

#[test]
fn noise_and_ordinary_values() {
    for &(x, d, want) in OTHERS {
        assert_eq!(display(x, d), want, "{x} at {d} decimals");
    }
}

/// `publish_round` is the double nearest the published decimal (parsed from the hand-written
/// text, not from `display`).
#[test]
fn publish_round_is_the_published_decimal() {
    for &(x, d, want) in HALVES
        .iter()
        .map(|&(x, d, w, _)| (x, d, w))
        .chain(OTHERS.iter().copied())
        .collect::<Vec<_>>()
        .iter()
    {
        let want: f64 = want.parse().unwrap();
        let got = publish_round(x, d);
        assert_eq!(got, want, "{x} at {d} decimals");
        // Zero is +0 (no "-0" anywhere downstream).
        if want == 0.0 {
            assert!(got.is_sign_positive(), "{x} at {d} decimals gives -0");
        }
    }
}

/// Ranks by hand: competition ranking ("1224") of the published values, so noise below the
/// publication precision never splits a tie, and a difference that publishes does.
#[test]
fn ranks_follow_the_published_values() {
    // At 1 decimal: 70.05 -> 70.1, 70.0499999999 -> 70.1 (nudge), 70.04 -> 70.0, 70.1 -> 70.1,
    // 70.0499 -> 70.0, None unranked. Three tie at 70.1 (rank 1), two at 70.0 (rank 4).
    let v = [
        Some(70.05),
        Some(70.049_999_999_9),
        Some(70.04),
        Some(70.1),
        None,
        Some(70.0499),
    ];
    assert_eq!(
        competition_ranks(&v, 1),
        vec![Some(1), Some(1), Some(4), Some(1), None, Some(4)]
    );
    // At 2 decimals: 70.05, 70.05, 70.04, 70.10, -, 70.05: 70.10 first, three tie second.
    assert_eq!(
        competition_ranks(&v, 2),
        vec![Some(2), Some(2), Some(5), Some(1), None, Some(2)]
    );
    // At 0 decimals: all publish as 70.
    assert_eq!(
        competition_ranks(&v, 0),
        vec![Some(1), Some(1), Some(1), Some(1), None, Some(1)]
    );
    // Negative values (z-scores): -0.25 -> -0.3, -0.24 -> -0.2, -0.04 -> 0.0, 0.04 -> 0.0.
    let z = [Some(-0.25), Some(-0.24), Some(-0.04), Some(0.04)];
    assert_eq!(
        competition_ranks(&z, 1),
        vec![Some(4), Some(3), Some(1), Some(1)]
    );
}

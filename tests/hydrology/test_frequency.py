"""L-moments and GEV/Gumbel quantiles against hand-computed values and known formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import genextreme

from hydrology.frequency import (
    METHOD_GEV,
    METHOD_GUMBEL,
    METHOD_NONE,
    fit_annual_maxima,
    gev_parameters,
    gev_quantile,
    sample_lmoments,
)


def test_sample_lmoments_by_hand():
    # x = 10, 20, 30, 40: l1 = 25; l2 = half the mean absolute pair difference = (100/6)/2;
    # b2 = (2·1/6·30 + 3·2/6·40)/4 = 12.5, l3 = 6·12.5 − 6·(50/3) + 25 = 0.
    lm = sample_lmoments(np.array([[40.0, 10.0, 30.0, 20.0]]))
    assert lm.l1[0] == pytest.approx(25.0)
    assert lm.l2[0] == pytest.approx(100.0 / 12.0)
    assert lm.t3[0] == pytest.approx(0.0, abs=1e-12)
    assert lm.n[0] == 4


def test_sample_lmoments_rows_of_different_length_match_one_by_one():
    a = [5.0, 9.0, 1.0, 7.0, 3.0, 11.0]
    b = [2.0, 8.0, 4.0]
    both = sample_lmoments(np.array([a, b + [np.nan] * 3]))
    alone = sample_lmoments(np.array([b]))
    assert both.l2[1] == pytest.approx(alone.l2[0])
    assert both.t3[1] == pytest.approx(alone.t3[0])
    # Skewed sample by hand: 1, 2, 3, 4, 10 → b0 = 4, b1 = (¼·2 + ½·3 + ¾·4 + 10)/5 = 3,
    # b2 = (2/12·3 + 6/12·4 + 12/12·10)/5 = 2.5 → l2 = 2, l3 = 15 − 18 + 4 = 1, t3 = 0.5.
    skewed = sample_lmoments(np.array([[1.0, 2.0, 3.0, 4.0, 10.0]]))
    assert skewed.l2[0] == pytest.approx(2.0)
    assert skewed.t3[0] == pytest.approx(0.5)


@pytest.mark.parametrize("k", [-0.2, -0.1, 0.05, 0.15, 0.3])
def test_gev_parameters_recovered_from_theoretical_lmoments(k):
    xi, alpha = 800.0, 200.0
    g = math.gamma(1 + k)
    l1 = xi + alpha * (1 - g) / k
    l2 = alpha * (1 - 2**-k) * g / k
    t3 = 2 * (1 - 3**-k) / (1 - 2**-k) - 3
    fxi, falpha, fk = gev_parameters(np.array([l1]), np.array([l2]), np.array([t3]))
    # Hosking's polynomial for k is accurate to about 1e-3 in this range.
    assert fk[0] == pytest.approx(k, abs=2e-3)
    assert falpha[0] == pytest.approx(alpha, rel=5e-3)
    assert fxi[0] == pytest.approx(xi, rel=5e-3)


def test_gev_quantile_matches_scipy_genextreme():
    # scipy's shape c uses Hosking's sign convention (c > 0: bounded upper tail).
    for k in (-0.15, 0.0, 0.2):
        for period in (2, 10, 100):
            ours = gev_quantile(np.array([500.0]), np.array([150.0]), np.array([k]), period)[0]
            theirs = genextreme.ppf(1 - 1 / period, k, loc=500.0, scale=150.0)
            assert ours == pytest.approx(theirs, rel=1e-9)


def test_gumbel_used_for_short_series_with_hand_computed_quantiles():
    maxima = np.array([[10.0, 20.0, 30.0, 40.0, 10.0, 20.0, 30.0, 40.0, 10.0, 20.0, 30.0, 40.0]])
    fit = fit_annual_maxima(maxima, return_periods=(2, 100))
    assert fit.method == [METHOD_GUMBEL]
    assert fit.note == ["Gumbel använd: 12 år är för kort serie för GEV (minst 30 år)."]
    lm = sample_lmoments(maxima)
    alpha = lm.l2[0] / math.log(2)
    xi = 25.0 - 0.5772156649015329 * alpha
    assert fit.quantiles[0, 0] == pytest.approx(xi - alpha * math.log(-math.log(0.5)))
    assert fit.quantiles[0, 1] == pytest.approx(xi - alpha * math.log(-math.log(0.99)))


def test_gev_for_long_series_and_quantiles_increase():
    rng = np.random.default_rng(7)
    maxima = rng.gumbel(1000, 250, size=(3, 80))
    fit = fit_annual_maxima(maxima)
    assert fit.method == [METHOD_GEV] * 3
    assert np.all(np.diff(fit.quantiles, axis=1) > 0)


def test_constant_maxima_give_no_quantiles_and_say_why():
    fit = fit_annual_maxima(np.full((1, 40), 500.0))
    assert fit.method == [METHOD_NONE]
    assert fit.note == ["Årsmaxima saknar spridning (samma värde varje år); ingen frekvensanalys möjlig."]
    assert np.isnan(fit.quantiles).all()


def test_too_few_years_give_no_quantiles():
    fit = fit_annual_maxima(np.array([[1.0, 2.0, 3.0, 4.0, 5.0] + [np.nan] * 5]))
    assert fit.method == [METHOD_NONE]
    assert fit.note == ["Endast 5 fullständiga år; minst 10 behövs för återkomsttider."]

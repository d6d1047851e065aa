"""Rate settings are read strictly, with a French message naming the variable."""

from __future__ import annotations

import pytest

from maillage.env import ConfigurationError
from maillage.ratelimit import Rate, parse_rate


@pytest.mark.parametrize(("text", "rate"), [("120/m", Rate(120, 60)), ("5/s", Rate(5, 1)), ("2 / hour", Rate(2, 3600))])
def test_rate_reads_count_and_unit(text: str, rate: Rate) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["120", "0/m", "ten/m", "5/week", "-1/m", ""])
def test_bad_rate_is_refused_in_french(text: str) -> None:
    with pytest.raises(ConfigurationError, match=r"API_RATE_LIMIT=.* limite attendue sous la forme N/s"):
        parse_rate(text, "API_RATE_LIMIT")

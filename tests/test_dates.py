import datetime as dt

import pytest

from portal.contract.dates import PartialDate, parse_time


def test_long_vietnamese_date_with_weekday():
    assert PartialDate.parse("2020-02-12").long_vi() == "Thứ Tư, ngày 12 tháng 2 năm 2020"
    assert PartialDate.parse("2020-02-16").long_vi() == "Chủ Nhật, ngày 16 tháng 2 năm 2020"


def test_partial_dates_keep_their_precision():
    year = PartialDate.parse(2018)
    assert (year.precision, year.iso, year.long_vi(), year.short_vi()) == ("year", "2018", "Năm 2018", "2018")
    month = PartialDate.parse("2020-02")
    assert (month.precision, month.long_vi(), month.short_vi()) == ("month", "Tháng 2 năm 2020", "02/2020")
    assert PartialDate.parse("2020-02-12").short_vi() == "12/02/2020"


def test_period_ends():
    assert PartialDate.parse("2020").end == dt.date(2020, 12, 31)
    assert PartialDate.parse("2020-02").end == dt.date(2020, 2, 29)
    assert PartialDate.parse("2021-02").end == dt.date(2021, 2, 28)
    assert PartialDate.parse("2020-02").start == dt.date(2020, 2, 1)


@pytest.mark.parametrize("bad", ["2020-02-30", "2020-13", "12/2/2020", "20", "2020-2-1", "", "năm 2020"])
def test_bad_dates_raise(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


@pytest.mark.parametrize("good,bad", [("14:00", "14h00"), ("07:30", "7:30"), ("23:59", "24:00")])
def test_times(good, bad):
    assert parse_time(good) == good
    with pytest.raises(ValueError):
        parse_time(bad)

"""The charts say every value: on its segment, or beside the bar where it is too narrow."""

from vigil.reports.charts import chart_svg
from vigil.reports.model import Chart


def test_a_segment_too_narrow_for_its_share_has_it_listed_beside_the_bar():
    chart = Chart(
        key="ages",
        kind="ages",
        title="Ages",
        alt="Ages",
        labels=("Runaways",),
        categories=("0–11", "12–13", "14–17", "18+", "Age unknown"),
        values=((50, 45, 3, 2, 0),),
        axis_label="share (%)",
        locale="en_GB",
    )
    svg = chart_svg(chart)
    assert ">50<" in svg and ">45<" in svg  # wide enough: inside
    assert "14–17 3" in svg and "18+ 2" in svg  # too narrow: beside
    assert "Age unknown 0" not in svg  # none: nothing to list

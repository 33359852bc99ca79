from datetime import date

import pytest

from vigil.errors import InputError, NotFound
from vigil.figures.manual import list_figures, manual_figures, set_figure, unset_figure

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_setting_a_figure_again_replaces_its_value_and_labels(session):
    set_figure(session, year=2023, key="videos", value=3, label="Videos", labels={"nl": "Video's"})
    set_figure(session, year=2023, key="videos", value=4, label="Prevention videos")
    assert manual_figures(session, 2023) == [
        {"key": "videos", "value": 4, "label": "Prevention videos", "labels": {}}
    ]


def test_unsetting_a_figure_removes_it_and_an_unknown_key_names_the_recorded_ones(session):
    set_figure(session, year=2023, key="videos", value=3, label="Videos")
    set_figure(session, year=2023, key="trainings", value=12, label="Trainings")
    unset_figure(session, year=2023, key="videos")
    assert [f.key for f in list_figures(session, 2023)] == ["trainings"]
    with pytest.raises(
        NotFound, match=r"no figure 'podcast' is recorded for 2023 \(recorded: trainings\)"
    ):
        unset_figure(session, year=2023, key="podcast")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year": 2025}, "2025 has not begun"),
        ({"key": "Calls Received"}, "key 'Calls Received' is not usable"),
        ({"value": -1}, "value -1 must be from 0"),
        ({"label": "  "}, "a label is needed"),
        ({"labels": {"dutch": "x"}}, "'dutch' is not a two-letter language code"),
    ],
)
def test_it_refuses_a_figure_it_could_not_report_truthfully(session, overrides, message):
    values = {"year": 2023, "key": "calls", "value": 1, "label": "Calls"} | overrides
    with pytest.raises(InputError, match=message):
        set_figure(session, **values)


def test_figures_may_be_recorded_for_the_year_under_way(session):
    assert set_figure(session, year=date(2024, 1, 1).year, key="calls", value=1, label="Calls").id

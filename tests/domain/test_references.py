import pytest

from vigil.domain.case_types import CaseType
from vigil.domain.references import check_reference, format_reference


def test_references_read_like_run_2021_00123():
    assert format_reference(CaseType.RUNAWAY, 2021, 123) == "RUN-2021-00123"
    assert format_reference(CaseType.UNACCOMPANIED_MINOR, 2019, 7) == "UAM-2019-00007"


@pytest.mark.parametrize("bad", ["", "  ", "a b", "-x", "x" * 65, "RUN;DROP"])
def test_a_reference_that_cannot_be_read_out_is_refused(bad):
    with pytest.raises(ValueError, match="reference"):
        check_reference(bad)

"""Issue 17, item 6: parental abductions: the country (ISO 3166) and its Hague / Brussels IIb
status, the central authority's reference, the outcomes that fit, the regions of the report."""

import pytest

from tests.builders import CLI, make_case
from tests.cases.test_importing import GOOD, write_csv
from vigil.cases import service
from vigil.cases.exporting import export_cases
from vigil.cases.importing import import_cases
from vigil.domain import countries
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.countries import Abroad, Direction, Framework, Region
from vigil.domain.outcomes import Outcome
from vigil.errors import CaseRuleError, ImportFileError, InputError
from vigil.figures.abductions import abduction_regions

pytestmark = pytest.mark.usefixtures("frozen_today")
PAR = CaseType.PARENTAL_ABDUCTION


def test_countries_are_read_by_iso_code_or_name_and_refused_otherwise():
    assert [countries.parse_country(x) for x in ("ma", "MAR", "Morocco", " tr ")] == [
        "MA",
        "MA",
        "MA",
        "TR",
    ]
    with pytest.raises(InputError, match="'Atlantis' is not a country"):
        countries.parse_country("Atlantis")
    assert countries.country_name("MA", "nl") == "Marokko"


def test_the_status_of_a_country_says_what_governs_a_return():
    assert countries.framework("FR") is Framework.BRUSSELS_IIB
    assert countries.framework("DK") is Framework.HAGUE_1980  # not bound by Brussels IIb
    assert countries.framework("MA") is Framework.HAGUE_1980
    assert countries.framework("HK") is Framework.HAGUE_1980
    assert countries.framework("CN") is Framework.NONE  # a party for HK and MO only
    assert countries.framework("DZ") is Framework.NONE


def test_every_country_but_antarctica_has_a_region():
    unplaced = [c for c in countries.all_countries() if countries.region(c) is Region.UNKNOWN]
    assert unplaced == ["AQ", "BV"]
    assert countries.region("MA") is Region.NORTH_AFRICA
    assert countries.region(None) is Region.UNKNOWN


def abduction(session, effective=True, **abroad):
    return make_case(
        session,
        PAR,
        scope=Scope.INTERNATIONAL,
        effective=effective,
        abroad=Abroad(**abroad),
    )


def test_an_international_abduction_records_its_country_and_reference(session):
    case = abduction(session, country="MA", authority_reference="CA/2021/117")
    assert (case.country, case.direction, case.authority_reference) == (
        "MA",
        Direction.OUTGOING,
        "CA/2021/117",
    )


@pytest.mark.parametrize(("case_type", "scope"), [(PAR, Scope.NATIONAL), (CaseType.RUNAWAY, None)])
def test_a_country_is_refused_on_any_other_file(session, case_type, scope):
    intake = service.Intake(
        type=case_type,
        scope=scope,
        effective=True if scope else None,
        abroad=Abroad(country="MA"),
    )
    with pytest.raises(CaseRuleError, match="belong to an international") as caught:
        service.open_case(session, intake, by=CLI)
    assert caught.value.field == "country"


def test_a_threatened_abduction_is_never_found_and_only_it_is_prevented(session):
    threatened = abduction(session, effective=False)
    with pytest.raises(CaseRuleError, match="does not fit a threatened abduction"):
        service.close_case(session, threatened.reference, outcome=Outcome.FOUND, by=CLI)
    service.close_case(session, threatened.reference, outcome=Outcome.ABDUCTION_PREVENTED, by=CLI)
    taken = abduction(session, effective=True)
    with pytest.raises(CaseRuleError, match="does not fit"):
        service.close_case(session, taken.reference, outcome=Outcome.ABDUCTION_PREVENTED, by=CLI)
    service.close_case(session, taken.reference, outcome=Outcome.RETURNED_BY_ORDER, by=CLI)


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"effective": "false", "outcome": "found"}, "outcome", "threatened abduction"),
        ({"effective": "true", "outcome": "abduction_prevented"}, "outcome", "does not fit"),
        ({"country": "Atlantis"}, "country", "not a country"),
        ({"scope": "national", "country": "MA"}, "country", "belong to an international"),
        ({"direction": "sideways"}, "direction", "unknown direction"),
    ],
)
def test_the_import_applies_the_same_rules(session, tmp_path, change, column, message):
    row = {**GOOD, "type": "parental_abduction", "scope": "international", "effective": "true"}
    row |= {"outcome": "returned_voluntarily", **change}
    with pytest.raises(ImportFileError, match=message) as caught:
        import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", [row]))
    assert (caught.value.line, caught.value.column) == (2, column)


def test_the_import_and_export_carry_the_country_and_reference(session, tmp_path):
    row = {**GOOD, "type": "parental_abduction", "scope": "international", "effective": "true"}
    row |= {"outcome": "non_return_decided", "country": "tr", "direction": "incoming"}
    row |= {"authority_reference": "FOD-2021-88"}
    import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", [row]))
    export_cases(session, tmp_path / "out.jsonl", by=CLI)
    text = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert '"country": "TR"' in text and '"direction": "incoming"' in text
    assert '"authority_reference": "FOD-2021-88"' in text


def test_the_report_counts_international_abductions_by_region(session):
    for country in ("MA", "DZ", "FR", None):
        abduction(session, country=country)
    make_case(session, PAR, scope=Scope.NATIONAL, effective=True)
    regions = abduction_regions(session, 2021)
    assert regions["north_africa"] == {"new": 2, "handled": 2}
    assert regions["eu"]["new"] == 1 and regions["unknown"]["new"] == 1
    assert sum(r["handled"] for r in regions.values()) == 4  # the national one is not there
    assert abduction_regions(session, 2019)["north_africa"] == {"new": 0, "handled": 0}

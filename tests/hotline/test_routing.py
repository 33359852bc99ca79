"""The routing rule, for any contacts and any hosting: home country → host's abuse desk and
police; abroad → that country's partner hotline; a missing contact → a supervisor's task."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from vigil.domain.contacts import ContactKind
from vigil.hotline.routing import Gap, Send, SupervisorTask, route


@dataclass(frozen=True)
class Card:
    id: int
    kind: ContactKind
    country: str
    asn: int | None


COUNTRIES = st.sampled_from(["BE", "NL", "FR", "DE", "LU"])
ASNS = st.one_of(st.none(), st.sampled_from([64500, 64501, 64502]))


@st.composite
def contact_lists(draw: st.DrawFn) -> list[Card]:
    cards = draw(
        st.lists(st.tuples(st.sampled_from(list(ContactKind)), COUNTRIES, ASNS), max_size=10)
    )
    return [
        Card(i, kind, country, asn if kind == ContactKind.HOST_ABUSE else None)
        for i, (kind, country, asn) in enumerate(cards, start=1)
    ]


def sent(steps: list[Send[Card] | SupervisorTask]) -> list[Card]:
    return [s.contact for s in steps if isinstance(s, Send)]


@given(contacts=contact_lists(), asn=ASNS, home=COUNTRIES)
def test_an_unknown_country_is_always_a_supervisors_task(
    contacts: list[Card], asn: int | None, home: str
) -> None:
    steps = route(None, asn, contacts, home=home)
    assert len(steps) == 1
    assert isinstance(steps[0], SupervisorTask) and steps[0].gap is Gap.UNKNOWN_COUNTRY


@given(contacts=contact_lists(), asn=ASNS, home=COUNTRIES)
def test_hosted_at_home_the_host_and_the_police_each_get_one_step(
    contacts: list[Card], asn: int | None, home: str
) -> None:
    host_step, police_step = route(home, asn, contacts, home=home)
    hosts = [c for c in contacts if c.kind == ContactKind.HOST_ABUSE and asn and c.asn == asn]
    police = [c for c in contacts if c.kind == ContactKind.POLICE and c.country == home]
    if hosts:
        assert host_step == Send(min(hosts, key=lambda c: c.id))
    else:
        assert isinstance(host_step, SupervisorTask) and host_step.gap is Gap.NO_HOST_CONTACT
    if police:
        assert police_step == Send(min(police, key=lambda c: c.id))
    else:
        assert isinstance(police_step, SupervisorTask)
        assert police_step.gap is Gap.NO_POLICE_CONTACT


@given(contacts=contact_lists(), asn=ASNS, country=COUNTRIES, home=COUNTRIES)
def test_hosted_abroad_only_that_countrys_partner_hotline_is_written_to(
    contacts: list[Card], asn: int | None, country: str, home: str
) -> None:
    if country == home:
        return
    steps = route(country, asn, contacts, home=home)
    partners = [
        c for c in contacts if c.kind == ContactKind.PARTNER_HOTLINE and c.country == country
    ]
    assert len(steps) == 1
    if partners:
        assert steps == [Send(min(partners, key=lambda c: c.id))]
    else:
        assert isinstance(steps[0], SupervisorTask)
        assert (steps[0].gap, steps[0].country) == (Gap.NO_PARTNER_HOTLINE, country)


@given(
    contacts=contact_lists(),
    country=st.one_of(st.none(), COUNTRIES),
    asn=ASNS,
    home=COUNTRIES,
    data=st.data(),
)
def test_the_answer_depends_neither_on_the_contacts_order_nor_on_letter_case(
    contacts: list[Card], country: str | None, asn: int | None, home: str, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(contacts))
    expected = route(country, asn, contacts, home=home)
    assert route(country, asn, shuffled, home=home) == expected
    lower = country.lower() if country else None
    assert route(lower, asn, contacts, home=home.lower()) == expected


@given(contacts=contact_lists(), country=COUNTRIES, asn=ASNS, home=COUNTRIES)
def test_no_one_is_written_to_about_a_country_that_is_not_theirs(
    contacts: list[Card], country: str, asn: int | None, home: str
) -> None:
    for contact in sent(route(country, asn, contacts, home=home)):
        assert contact in contacts
        if contact.kind == ContactKind.HOST_ABUSE:
            assert country == home and contact.asn == asn
        elif contact.kind == ContactKind.POLICE:
            assert country == home and contact.country == home
        else:
            assert country != home and contact.country == country


def test_a_task_says_what_is_missing_and_how_to_add_it() -> None:
    [task] = route("NL", None, [], home="BE")
    assert isinstance(task, SupervisorTask)
    assert task.message.startswith("no partner hotline is known for NL")
    host, police = route("BE", 64500, [], home="BE")
    assert isinstance(host, SupervisorTask) and "AS64500" in host.message
    assert isinstance(police, SupervisorTask) and "--kind police" in police.message
    unknown_operator, _police = route("BE", None, [], home="BE")
    assert isinstance(unknown_operator, SupervisorTask)
    assert "operator (AS number) is unknown" in unknown_operator.message

"""Factories of the blocs app: blocs, memberships, and the people a bloc's pages are tried as."""

from __future__ import annotations

from types import SimpleNamespace

import factory

from blocs.models import Bloc, Leadership, Membership, default_symbol
from members.models import Agency, Organizer, User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    organizer = factory.SubFactory(OrganizerFactory)
    code = factory.Sequence(lambda n: f"K{n:02d}")
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")
    short_name = "KTĐ"
    kind = Bloc.Kind.BLOC
    # The short name when it reads as a symbol (the tests' "KTĐ", "CTĐ1"), else the one the name suggests.
    symbol = factory.LazyAttribute(lambda o: default_symbol(o.name, o.short_name, o.kind))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bloc = factory.SubFactory(BlocFactory)
    agency = factory.SubFactory(AgencyFactory, organizer=factory.SelfAttribute("..bloc.organizer"))
    from_year = 2017
    to_year = None


def bloc_with_members(count: int = 11, *, year: int = 2017, organizer: Organizer | None = None, **bloc_fields):
    """A bloc whose ``count`` agencies are members from ``year`` on; returns (bloc, [agencies])."""
    bloc = BlocFactory(organizer=organizer or OrganizerFactory(), **bloc_fields)
    agencies = [AgencyFactory(organizer=bloc.organizer) for _ in range(count)]
    Membership.objects.bulk_create(Membership(bloc=bloc, agency=a, from_year=year) for a in agencies)
    return bloc, agencies


def bloc_people(bloc: Bloc, agencies: list[Agency], *, years: tuple[int, ...] = (2017,)):
    """The users a page is tried as; ``agencies[0]`` chairs the bloc (its user is secretary) in ``years``.

    board: board staff of the bloc's province; other_board: board staff of another province; outsider:
    user of an agency of the province outside the bloc; member: user of a member agency (not a
    secretary); secretary: user of the chair agency.
    """
    for year in years:
        Leadership.objects.get_or_create(
            bloc=bloc, year=year, defaults={"chair": agencies[0], "vice_chair": agencies[1]}
        )
    organizer = bloc.organizer
    return SimpleNamespace(
        board=UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer),
        other_board=UserFactory(role=User.Role.BOARD_STAFF, organizer=OrganizerFactory()),
        outsider=UserFactory(organizer=organizer, agency=AgencyFactory(organizer=organizer)),
        member=UserFactory(organizer=organizer, agency=agencies[2]),
        secretary=UserFactory(organizer=organizer, agency=agencies[0]),
    )

"""Factories for tests. Records are built through the ORM; rules are exercised through the services."""

from __future__ import annotations

import datetime

import factory

from awards.models import AwardType, Proposal
from awards.services import award_types_ensure_defaults
from blocs.models import Bloc, Leadership, Membership
from meetings.models import Meeting
from members.models import Agency, Organizer, User

PASSWORD = "thidua2026"


class OrganizerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organizer
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T{n:02d}")
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân tỉnh Thử {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.replace("Ủy ban nhân dân", "UBND"))
    place_name = "Quảng Ngãi"
    board_name = "Ban Thi đua - Khen thưởng tỉnh"

    @factory.post_generation
    def award_types(obj, create, extracted, **kwargs):
        if create:
            award_types_ensure_defaults(organizer=obj)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    organizer = factory.SubFactory(OrganizerFactory)
    code = factory.Sequence(lambda n: f"DV{n:03d}")
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    organizer = factory.SubFactory(OrganizerFactory)
    code = factory.Sequence(lambda n: f"K{n:02d}")
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")
    short_name = "KTĐ"
    kind = Bloc.Kind.BLOC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bloc = factory.SubFactory(BlocFactory)
    agency = factory.SubFactory(AgencyFactory, organizer=factory.SelfAttribute("..bloc.organizer"))
    from_year = 2017
    to_year = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    bloc = factory.SubFactory(BlocFactory)
    kind = Meeting.Kind.YEAR_END_REVIEW
    year = 2017
    held_on = datetime.date(2018, 1, 4)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    role = User.Role.AGENCY_USER

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def bloc_with_members(count: int = 11, *, year: int = 2017, organizer: Organizer | None = None, **bloc_fields):
    """A bloc whose ``count`` agencies are members from ``year`` on; returns (bloc, [agencies])."""
    bloc = BlocFactory(organizer=organizer or OrganizerFactory(), **bloc_fields)
    agencies = [AgencyFactory(organizer=bloc.organizer) for _ in range(count)]
    Membership.objects.bulk_create(Membership(bloc=bloc, agency=a, from_year=year) for a in agencies)
    return bloc, agencies


def award(organizer: Organizer, code: str) -> AwardType:
    return AwardType.objects.get(organizer=organizer, code=code)


__all__ = [
    "PASSWORD", "AgencyFactory", "BlocFactory", "Leadership", "MeetingFactory", "MembershipFactory",
    "OrganizerFactory", "Proposal", "UserFactory", "award", "bloc_with_members",
]  # fmt: skip

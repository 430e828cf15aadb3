"""Factories for tests. Records are built through the ORM; rules are exercised through the services."""

from __future__ import annotations

import datetime

import factory

from awards.models import AwardType
from awards.services import award_types_ensure_defaults
from blocs.models import Bloc, Leadership, Membership
from meetings.models import Meeting, Proposal
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


# Page tests: who tries each page, and where a form's message is shown.


def bloc_people(bloc: Bloc, agencies: list[Agency], *, years: tuple[int, ...] = (2017,)):
    """The users a page is tried as; ``agencies[0]`` chairs the bloc (its user is secretary) in ``years``.

    board: board staff of the bloc's province; other_board: board staff of another province; outsider:
    user of an agency of the province outside the bloc; member: user of a member agency (not a
    secretary); secretary: user of the chair agency.
    """
    from types import SimpleNamespace

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


def error_text(html: str, element_id: str) -> str | None:
    """The text of the element ``element_id`` if it is an ``invalid-feedback`` (the message shown
    beside a field: crispy's ``id_<field>_error``), None when the page has no such element."""
    from html.parser import HTMLParser

    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    class Finder(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.parts, self.found = 0, [], False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if self.depth:
                self.depth += tag not in void
            elif attrs.get("id") == element_id and "invalid-feedback" in (attrs.get("class") or "").split():
                self.depth, self.found = 1, True

        def handle_endtag(self, tag):
            if self.depth and tag not in void:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.parts.append(data)

    finder = Finder()
    finder.feed(html)
    return " ".join(" ".join(finder.parts).split()) if finder.found else None


__all__ += ["bloc_people", "error_text"]

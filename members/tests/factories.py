"""Factories of the members app: provinces (organizers), agencies, users."""

from __future__ import annotations

import factory

from awards.services import award_types_ensure_defaults
from members.models import Agency, Organizer, User

PASSWORD = "thidua2026"


class OrganizerFactory(factory.django.DjangoModelFactory):
    """A province with the default award types (as ``manage.py create_province`` and the demo have)."""

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

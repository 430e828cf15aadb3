"""What the admin lets each user touch: board staff their own organizer's rows, nobody a record.

The admin is for reference data (provinces, agencies, blocs and their members, leaders and secretaries,
award types, legal texts, pledges and their criteria, users). Records (meetings and what they hold,
proposals and ballots, pledge signatures and scores, decisions, minutes versions, the audit trail) are only
shown: they change through the services of the application. Every admin of the apps is built from these
pieces instead of overriding ``get_queryset`` one by one:

- ``OrganizerScopedMixin``: rows (lists, change pages, foreign-key choices, autocomplete, list filters)
  are limited to the board staff's organizer through ``organizer_path``; a record the organizer owns
  directly gets the staff's organizer, shown but not editable.
- ``RecordReadOnlyMixin``: a record's admin (or inline) shows it and offers no way to add, change or
  delete it, to superusers too.
- ``ServiceWriteMixin``: saves go through the services that compute what follows from them (an agency's
  succession). The form runs the write once in a savepoint that is rolled back, so whatever the service
  refuses is shown on the form and nothing is written.
- ``ScopedInlineMixin``: the same choices for inlines.
- ``admin_audit.AuditedAdminMixin`` (part of ``OrganizerScopedMixin``): what the admin writes goes into the
  audit trail.
- ``AbsurdFiltersMixin`` (part of ``OrganizerScopedMixin``; ``members.admin`` adds it to the admins of other
  apps): a list asked for filter values the database cannot compare answers like any wrong filter.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, SuspiciousOperation, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect

from core.text import fold
from core.validation import error_messages
from history.admin_audit import AuditedAdminMixin

from .models import Organizer


def scoped_organizer_id(user) -> int | None:
    """The organizer whose rows the user may administer; None for a user who may administer none."""
    return user.organizer_id if user.is_board_staff else None


class _RollBack(Exception):
    """Ends a dry run: the savepoint is rolled back whatever happened inside."""


def rejected(write: Callable[[], Any]) -> list[str]:
    """Run ``write`` in a savepoint that is always rolled back; the messages of what it refused, if anything."""
    try:
        with transaction.atomic():
            write()
            raise _RollBack
    except _RollBack:
        return []
    except ValidationError as error:
        return error_messages(error)


def unsaved_copy(instance: models.Model) -> models.Model:
    """A copy to write in a dry run, so that the form's own instance keeps no primary key or side effect."""
    return copy.copy(instance)


def resolve(obj: models.Model | None, path: str) -> Any:
    """Follow a ``a__b__c`` path of foreign keys from ``obj``; None where a link is missing."""
    for part in filter(None, path.split("__")):
        if obj is None or getattr(obj, f"{part}_id", True) is None:
            return None
        obj = getattr(obj, part)
    return obj


class _FormHooksMixin:
    """Lets the other mixins add checks that run once a bound admin form is otherwise valid."""

    def prepare_form(self, request: HttpRequest, form) -> None:
        """Adjust a new admin form before it is validated or shown."""

    def validate_form(self, request: HttpRequest, form, change: bool) -> None:
        """Add errors to a valid bound ``form``; mixins extend this and call ``super()``."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class CheckedForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                model_admin.prepare_form(request, self)

            def full_clean(self):
                super().full_clean()
                if self.is_bound and not self._errors:
                    model_admin.validate_form(request, self, change)

        CheckedForm.__name__ = form_class.__name__
        return CheckedForm


class ScopedChoicesMixin:
    """Foreign-key choices limited to what the user may see: the related model's admin queryset."""

    def _scoped_choices(self, request: HttpRequest, model: type[models.Model]) -> QuerySet | None:
        if request.user.is_superuser or not self.admin_site.is_registered(model):
            return None
        related_admin = self.admin_site.get_model_admin(model)
        if not isinstance(related_admin, OrganizerScopedMixin):
            return None
        return related_admin.get_queryset(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self._scoped_choices(request, db_field.remote_field.model)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self._scoped_choices(request, db_field.remote_field.model)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AbsurdFiltersMixin:
    """A list asked for filter values that fail only when the query is built or run answers like any wrong
    filter: Django's redirect to the list without them (``?e=1``), never a 500.

    Django catches every error of applying the remaining lookups to the queryset, as a lookup's value has no
    other check, but not those that come later: a year of eleven digits or 9999 in the date hierarchy
    (``datetime`` overflows), an id past 64 bits (SQLite cannot bind it), a ``__range`` of one value, an
    invalid ``__regex`` (SQLite's function raises, PostgreSQL answers ``DataError``), a NUL character
    (psycopg refuses it). The list is built and counted in a savepoint, so that PostgreSQL's transaction
    stays usable after such an error. A search for a NUL character finds nothing, in the list and in the
    autocomplete alike.
    """

    def get_changelist_instance(self, request):
        try:
            with transaction.atomic():
                return super().get_changelist_instance(request)
        except (IncorrectLookupParameters, SuspiciousOperation, ImproperlyConfigured, PermissionDenied, Http404):
            raise  # Django's own answers
        except Exception as error:
            if not set(request.GET) - {ERROR_FLAG}:
                raise  # the plain list fails: the fault is ours, not the query string's
            raise IncorrectLookupParameters(error) from error

    def get_search_results(self, request, queryset, search_term):
        # No stored text holds a NUL (PostgreSQL cannot), and psycopg refuses to send one: the autocomplete of
        # the change forms searches outside the list's savepoint.
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class OrganizerScopedMixin(AbsurdFiltersMixin, AuditedAdminMixin, _FormHooksMixin, ScopedChoicesMixin):
    """A ModelAdmin whose rows belong to an organizer through ``organizer_path``.

    ``organizer_path`` is the lookup from the model to the organizer's id: ``"pk"`` for Organizer itself,
    ``"organizer"`` for a record the organizer owns directly, ``"bloc__organizer"`` and so on otherwise.
    With ``shared_when_unowned``, rows without an organizer (national legal texts) are read by every
    board staff and changed only by superusers.
    """

    organizer_path: str = "organizer"
    shared_when_unowned: bool = False
    select_related: tuple[str, ...] = ()

    @property
    def owner_field(self) -> str | None:
        """The organizer foreign key the board staff's organizer is written to, if the model has one."""
        if "__" in self.organizer_path or self.organizer_path == "pk":
            return None
        field = self.model._meta.get_field(self.organizer_path)
        return field.name if field.is_relation and field.related_model is Organizer else None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return self.scope(request, queryset)

    def scope(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        user = request.user
        if user.is_superuser:
            return queryset
        organizer_id = scoped_organizer_id(user)
        if organizer_id is None:
            return queryset.none()
        condition = Q(**{self.organizer_path: organizer_id})
        if self.shared_when_unowned:
            condition |= Q(**{f"{self.organizer_path}__isnull": True})
        return queryset.filter(condition)

    def _is_shared(self, request: HttpRequest, obj) -> bool:
        return bool(
            self.shared_when_unowned
            and obj is not None
            and not request.user.is_superuser
            and resolve(obj, self.organizer_path) is None
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._is_shared(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._is_shared(request, obj)

    def prepare_form(self, request, form):
        super().prepare_form(request, form)
        owner = self.owner_field
        if owner and owner in form.fields and not request.user.is_superuser:
            # Disabled: the value is the initial one (the staff's organizer on a new record), never the posted one.
            form.fields[owner].disabled = True
            if form.instance.pk is None:
                form.initial[owner] = scoped_organizer_id(request.user)

    def get_list_filter(self, request):
        # The plain related filter lists every row of the related table, other organizers' included.
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and get_fields_from_path(self.model, entry)[-1].is_relation:
                entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters

    def get_search_results(self, request, queryset, search_term):
        """Search ignores diacritics: the term is tried as typed and folded (against the ``search_text`` keys)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold(search_term)
        if search_term and folded != search_term:
            more, more_duplicates = super().get_search_results(request, queryset, folded)
            results, may_have_duplicates = results | more, may_have_duplicates or more_duplicates
        return results, may_have_duplicates

    def get_inlines(self, request, obj):
        # An inline row's rules (membership in the bloc, same organizer) need its parent saved first.
        return super().get_inlines(request, obj) if obj is not None else []


class ServiceWriteMixin:
    """Saves through ``write``, which calls the services.

    The form checks the write in a rolled-back savepoint first. Whatever a service still refuses after
    the forms were accepted (inline formsets checked one by one) rolls the whole request back and is
    reported as a message.
    """

    def write(self, request: HttpRequest, obj, form, change: bool) -> None:
        obj.save()

    def validate_form(self, request, form, change):
        super().validate_form(request, form, change)
        if form.errors:
            return
        for message in rejected(lambda: self.write(request, unsaved_copy(form.instance), form, change)):
            form.add_error(None, message)

    def save_model(self, request, obj, form, change):
        self.write(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # the view's transaction has been rolled back
            for message in error_messages(error):
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class RecordReadOnlyMixin:
    """The admin (or inline) of a record: it shows rows and offers nobody, superusers included, a way to add,
    change or delete one. Put it first among the bases.

    Records change only through the services of the application: they write the audit trail with the change,
    recompute what follows from it (vote outcomes, quotas) and refuse to touch a finalized meeting. A write in
    the admin would do none of that. Viewing stays as scoped (``OrganizerScopedMixin``); change pages are shown
    read-only and lists have no bulk deletion. A reference row whose deletion would delete records (a bloc with
    meetings, a pledge with scores) cannot be deleted in the admin either: Django asks for the permission to
    delete each of them.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedInlineMixin(ScopedChoicesMixin):
    """An inline of reference data with scoped choices."""

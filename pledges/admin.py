from __future__ import annotations

from django.contrib import admin

from members.admin_scoping import OrganizerScopedMixin, ScopedInlineMixin
from pledges.models import Criterion, Pledge, Score, Signature


class CriterionInline(ScopedInlineMixin, admin.TabularInline):
    model = Criterion
    fields = ["position", "code", "title", "max_points"]
    extra = 0
    ordering = ["position", "id"]


class SignatureInline(ScopedInlineMixin, admin.TabularInline):
    model = Signature
    fields = ["agency", "signer", "title", "signed_on"]
    autocomplete_fields = ["agency"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


@admin.register(Pledge)
class PledgeAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "bloc__organizer"
    list_display = ["bloc", "year", "signed_on"]
    list_filter = ["year", "bloc"]
    search_fields = ["bloc__search_text", "year__exact"]
    ordering = ["bloc__sort_key", "-year"]
    autocomplete_fields = ["bloc"]
    select_related = ("bloc",)
    list_select_related = select_related
    inlines = [CriterionInline, SignatureInline]


@admin.register(Criterion)
class CriterionAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "pledge__bloc__organizer"
    list_display = ["code", "title", "max_points", "pledge"]
    list_filter = ["pledge__year", "pledge__bloc"]
    search_fields = ["code", "title", "pledge__bloc__search_text"]
    ordering = ["pledge__bloc__sort_key", "-pledge__year", "position", "id"]
    autocomplete_fields = ["pledge"]
    select_related = ("pledge__bloc",)
    list_select_related = select_related


@admin.register(Signature)
class SignatureAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "pledge__bloc__organizer"
    list_display = ["agency", "pledge", "signer", "title", "signed_on"]
    list_filter = ["pledge__year", "pledge__bloc"]
    search_fields = ["agency__search_text", "signer", "pledge__bloc__search_text"]
    ordering = ["pledge__bloc__sort_key", "-pledge__year", "agency__sort_key"]
    autocomplete_fields = ["pledge", "agency"]
    select_related = ("agency", "pledge__bloc")
    list_select_related = select_related


@admin.register(Score)
class ScoreAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "criterion__pledge__bloc__organizer"
    list_display = ["agency", "criterion", "points", "pledge"]
    list_filter = ["criterion__pledge__year", "criterion__pledge__bloc"]
    search_fields = ["agency__search_text", "criterion__code", "criterion__pledge__bloc__search_text"]
    ordering = ["criterion__pledge__bloc__sort_key", "-criterion__pledge__year", "agency__sort_key"]
    autocomplete_fields = ["criterion", "agency"]
    select_related = ("agency", "criterion__pledge__bloc")
    list_select_related = select_related

    @admin.display(description=Pledge._meta.verbose_name, ordering="criterion__pledge__year")
    def pledge(self, score: Score) -> Pledge:
        return score.criterion.pledge

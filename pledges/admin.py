"""Admin for pledges and their criteria (reference data for scoring); bands, signatures and scores are shown only.

Signatures and scores are records: board staff keep them in the application, whose services write the
audit trail (``RecordReadOnlyMixin``).
"""

from __future__ import annotations

from django.contrib import admin

from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin, ScopedInlineMixin
from pledges.models import Band, Criterion, Evidence, Pledge, Score, ScoreSubmission, ScoringRound, SelfScore, Signature
from pledges.services import pledge_criteria_lock_reason


class CriteriaLockMixin:
    """The criteria of a pledge that scores stand on, or signed at a finalized meeting, are shown only: the
    same rule as the application's pledge page (``pledge_criteria_lock_reason``), so that no change here
    rescales or deletes a score."""

    def _locked(self, obj) -> bool:
        pledge = obj.pledge if isinstance(obj, Criterion) else obj
        return pledge is not None and pledge_criteria_lock_reason(pledge) is not None

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and self._locked(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and self._locked(obj)) and super().has_delete_permission(request, obj)


class CriterionInline(CriteriaLockMixin, ScopedInlineMixin, admin.TabularInline):
    model = Criterion
    fields = ["position", "code", "title", "max_points"]
    extra = 0
    ordering = ["position", "id"]

    def has_add_permission(self, request, obj=None):
        return not (obj is not None and self._locked(obj)) and super().has_add_permission(request, obj)


class SignatureInline(RecordReadOnlyMixin, admin.TabularInline):
    model = Signature
    fields = ["agency", "signer", "title", "signed_on"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class BandInline(RecordReadOnlyMixin, admin.TabularInline):
    model = Band
    fields = ["name", "min_points"]
    extra = 0


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
    inlines = [CriterionInline, BandInline, SignatureInline]


@admin.register(Criterion)
class CriterionAdmin(CriteriaLockMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "pledge__bloc__organizer"
    list_display = ["code", "title", "max_points", "pledge"]
    list_filter = ["pledge__year", "pledge__bloc"]
    search_fields = ["code", "title", "pledge__bloc__search_text"]
    ordering = ["pledge__bloc__sort_key", "-pledge__year", "position", "id"]
    autocomplete_fields = ["pledge"]
    select_related = ("pledge__bloc",)
    list_select_related = select_related


@admin.register(Signature)
class SignatureAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "pledge__bloc__organizer"
    list_display = ["agency", "pledge", "signer", "title", "signed_on"]
    list_filter = ["pledge__year", "pledge__bloc"]
    search_fields = ["agency__search_text", "signer", "pledge__bloc__search_text"]
    ordering = ["pledge__bloc__sort_key", "-pledge__year", "agency__sort_key"]
    select_related = ("agency", "pledge__bloc")
    list_select_related = select_related


@admin.register(Score)
class ScoreAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "criterion__pledge__bloc__organizer"
    list_display = ["agency", "criterion", "points", "pledge"]
    list_filter = ["criterion__pledge__year", "criterion__pledge__bloc"]
    search_fields = ["agency__search_text", "criterion__code", "criterion__pledge__bloc__search_text"]
    ordering = ["criterion__pledge__bloc__sort_key", "-criterion__pledge__year", "agency__sort_key"]
    select_related = ("agency", "criterion__pledge__bloc")
    list_select_related = select_related

    @admin.display(description=Pledge._meta.verbose_name, ordering="criterion__pledge__year")
    def pledge(self, score: Score) -> Pledge:
        return score.criterion.pledge


@admin.register(Band)
class BandAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """Bands change on the pledge's page (``pledges.services.pledge_bands_set``), which writes the audit trail."""

    organizer_path = "pledge__bloc__organizer"
    list_display = ["name", "min_points", "pledge"]
    list_filter = ["pledge__year", "pledge__bloc"]
    search_fields = ["name", "pledge__bloc__search_text"]
    ordering = ["pledge__bloc__sort_key", "-pledge__year", "-min_points"]
    select_related = ("pledge__bloc",)
    list_select_related = select_related


@admin.register(SelfScore)
class SelfScoreAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "criterion__pledge__bloc__organizer"
    list_display = ["agency", "criterion", "points", "pledge"]
    list_filter = ["criterion__pledge__year", "criterion__pledge__bloc"]
    search_fields = ["agency__search_text", "criterion__code", "criterion__pledge__bloc__search_text"]
    ordering = ["criterion__pledge__bloc__sort_key", "-criterion__pledge__year", "agency__sort_key"]
    select_related = ("agency", "criterion__pledge__bloc")
    list_select_related = select_related

    @admin.display(description=Pledge._meta.verbose_name, ordering="criterion__pledge__year")
    def pledge(self, score: SelfScore) -> Pledge:
        return score.criterion.pledge


@admin.register(ScoringRound)
class ScoringRoundAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "pledge__bloc__organizer"
    list_display = ["pledge", "deadline", "opened_at", "opened_by"]
    list_filter = ["pledge__year", "pledge__bloc"]
    search_fields = ["pledge__bloc__search_text"]
    ordering = ["pledge__bloc__sort_key", "-pledge__year"]
    select_related = ("pledge__bloc", "opened_by")
    list_select_related = select_related


@admin.register(ScoreSubmission)
class ScoreSubmissionAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "pledge__bloc__organizer"
    list_display = ["agency", "pledge", "submitted_at", "submitted_by"]
    list_filter = ["pledge__year", "pledge__bloc"]
    search_fields = ["agency__search_text", "pledge__bloc__search_text"]
    ordering = ["pledge__bloc__sort_key", "-pledge__year", "agency__sort_key"]
    select_related = ("agency", "pledge__bloc", "submitted_by")
    list_select_related = select_related


@admin.register(Evidence)
class EvidenceAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """The files are listed, not linked: they are read through ``pledges:evidence``, which checks who asks."""

    organizer_path = "self_score__criterion__pledge__bloc__organizer"
    list_display = ["name", "agency", "criterion", "content_type", "size", "uploaded_at"]
    list_filter = ["self_score__criterion__pledge__year", "self_score__criterion__pledge__bloc"]
    search_fields = ["name", "self_score__agency__search_text"]
    ordering = ["-uploaded_at"]
    exclude = ["file"]
    select_related = ("self_score__agency", "self_score__criterion__pledge__bloc")
    list_select_related = select_related

    @admin.display(description=Score._meta.get_field("agency").verbose_name)
    def agency(self, evidence: Evidence):
        return evidence.self_score.agency

    @admin.display(description=Score._meta.get_field("criterion").verbose_name)
    def criterion(self, evidence: Evidence):
        return evidence.self_score.criterion

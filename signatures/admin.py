"""Admin for the trust anchors and the organization certificates: shown, never written.

Both change through signatures/services.py alone (the board's page ``/chu-ky-so/``, ``manage.py trust_anchors``):
the services read the certificate, refuse what cannot be trusted or signed with, encrypt the PKCS#12 and write
the audit trail, which an admin form would skip."""

from __future__ import annotations

from django.contrib import admin

from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin
from signatures.models import OrganizationSigner, TrustAnchor


@admin.register(TrustAnchor)
class TrustAnchorAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    # The installation's anchors (no province) are read by every board staff.
    shared_when_unowned = True
    list_display = ["name", "subject", "not_after", "organizer", "added_at"]
    list_filter = ["organizer"]
    search_fields = ["name", "subject", "fingerprint_sha256"]
    ordering = ["name"]
    fields = [
        "organizer", "name", "subject", "fingerprint_sha256", "not_before", "not_after", "certificate_pem",
        "added_by", "added_at",
    ]  # fmt: skip
    readonly_fields = fields
    select_related = ("organizer", "added_by")
    list_select_related = select_related


@admin.register(OrganizationSigner)
class OrganizationSignerAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    list_display = ["organizer", "organization_name", "enabled", "not_after", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["organization_name", "subject"]
    ordering = ["organizer"]
    # Never the encrypted file or password, nor the images' bytes.
    fields = ["organizer", "enabled", "organization_name", "subject", "not_after", "updated_by", "updated_at"]
    readonly_fields = fields
    select_related = ("organizer", "updated_by")
    list_select_related = select_related

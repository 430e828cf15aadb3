"""The certificates the board trusts, and the organization's certificate the application signs with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import fields


class TrustAnchor(models.Model):
    """A root (or intermediate) CA certificate a signature must chain to: the installation's (no province: every
    province trusts it; added by ``manage.py trust_anchors``) or one province's (added by its board)."""

    organizer = models.ForeignKey(
        "members.Organizer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trust_anchors",
        verbose_name=_("tỉnh"),
        help_text=_("Để trống: mọi tỉnh cùng tin cậy."),
    )
    name = fields.NameField(_("tên"), max_length=200)
    certificate_pem = models.TextField(_("chứng thư (PEM)"))
    subject = models.CharField(_("chủ thể"), max_length=1000)
    fingerprint_sha256 = models.CharField(_("dấu vân tay SHA-256"), max_length=64)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thêm"),
    )
    added_at = models.DateTimeField(_("thời điểm thêm"), default=timezone.now)

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("chứng thư gốc tin cậy")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="trust_anchor_name_unique",
                violation_error_message=_("Đã có chứng thư gốc tin cậy mang tên này."),
            ),
            models.UniqueConstraint(
                fields=["fingerprint_sha256"],
                name="trust_anchor_fingerprint_unique",
                violation_error_message=_("Chứng thư này đã có trong danh sách tin cậy."),
            ),
            models.CheckConstraint(
                condition=Q(not_before__lt=F("not_after")),
                name="trust_anchor_validity_ordered",
                violation_error_message=_("Thời hạn hiệu lực của chứng thư không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationSigner(models.Model):
    """The province's organization certificate (PKCS#12, encrypted with ``DOCUMENT_SIGNING_KEY``) and the images
    of its seal and signature: when enabled, every document the province issues is signed with it."""

    organizer = models.OneToOneField(
        "members.Organizer",
        on_delete=models.CASCADE,
        related_name="organization_signer",
        verbose_name=_("tỉnh"),
    )
    enabled = models.BooleanField(_("đang dùng"), default=True)
    organization_name = fields.NameField(_("tên tổ chức trên chữ ký"), max_length=500)
    # Fernet tokens (signatures/crypto.py): never the file or its password in clear.
    p12_encrypted = models.BinaryField(_("tệp PKCS#12 (mã hoá)"), editable=False)
    password_encrypted = models.BinaryField(_("mật khẩu (mã hoá)"), editable=False)
    certificate_pem = models.TextField(_("chứng thư (PEM)"), blank=True)
    subject = models.CharField(_("chủ thể"), max_length=1000, blank=True)
    not_after = models.DateTimeField(_("hiệu lực đến"), null=True, blank=True)
    seal_png = models.BinaryField(_("ảnh con dấu"), null=True, blank=True, editable=False)
    signature_png = models.BinaryField(_("ảnh chữ ký"), null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("chữ ký số của tổ chức")
        verbose_name_plural = _("chữ ký số của tổ chức")
        constraints = [
            # An enabled signer has something to sign with (disabling wipes the encrypted file).
            models.CheckConstraint(
                condition=Q(enabled=False) | (~Q(p12_encrypted=b"") & Q(not_after__isnull=False)),
                name="organization_signer_enabled_has_certificate",
                violation_error_message=_("Chữ ký số đang dùng phải có tệp chứng thư."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Chữ ký số của %(organization)s") % {"organization": self.organization_name})

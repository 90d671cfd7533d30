"""The organisation: units as a tree, positions, memberships, oversight and delegations.

See ../shared/domain.md §1. The head of a unit is whoever holds a HEAD-level position in it,
so "Giám đốc Sở" is simply the head of the root unit and "Phó Giám đốc Sở" its deputies.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

MAX_TREE_DEPTH = 10


class Unit(index.Indexed, ClusterableModel):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở")
        OFFICE = "office", _("Văn phòng Sở")
        DIVISION = "division", _("Phòng thuộc Sở")
        CENTRE = "centre", _("Trung tâm")
        SUB_DEPARTMENT = "sub_department", _("Chi cục")
        SUB_DIVISION = "sub_division", _("Phòng thuộc đơn vị")

    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    code = models.CharField(
        _("mã đơn vị"),
        max_length=20,
        unique=True,
        help_text=_("Dùng trong ký hiệu văn bản, ví dụ TTKC trong 12/QĐ-TTKC."),
    )
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    overseer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overseen_units",
        verbose_name=_("Lãnh đạo Sở phụ trách"),
        help_text=_(
            "Để trống: đơn vị theo Lãnh đạo phụ trách của đơn vị cấp trên, "
            "hoặc do Giám đốc Sở trực tiếp phụ trách."
        ),
    )
    address = models.CharField(_("địa điểm"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("short_name"), FieldPanel("code")]),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
                FieldPanel("overseer"),
                FieldRowPanel([FieldPanel("address"), FieldPanel("sort_order")]),
                FieldPanel("is_active"),
            ],
            heading=_("Đơn vị"),
        ),
        InlinePanel("memberships", heading=_("Nhân sự"), label=_("người")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("is_active"),
    ]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.code:
            self.code = self.code.strip().upper()
        seen = {self.pk} if self.pk else set()
        node, depth = self.parent, 0
        while node is not None:
            if node.pk in seen:
                raise ValidationError(
                    {"parent": _("Đơn vị cấp trên tạo thành vòng lặp trong cây đơn vị.")}
                )
            seen.add(node.pk)
            node, depth = node.parent, depth + 1
            if depth > MAX_TREE_DEPTH:
                raise ValidationError({"parent": _("Cây đơn vị quá sâu.")})
        if self.parent is None and self.kind != self.Kind.DEPARTMENT:
            raise ValidationError({"parent": _("Chỉ Sở mới được là đơn vị gốc.")})

    def ancestors(self, *, include_self: bool = False) -> list["Unit"]:
        """From this unit (or its parent) up to the root."""
        chain, node = [], self if include_self else self.parent
        while node is not None and len(chain) <= MAX_TREE_DEPTH:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def root(self) -> "Unit":
        return self.ancestors(include_self=True)[-1]


class Position(models.Model):
    class Level(models.TextChoices):
        HEAD = "head", _("Cấp trưởng")
        DEPUTY = "deputy", _("Cấp phó")
        MEMBER = "member", _("Nhân viên")

    name = models.CharField(_("tên chức vụ"), max_length=100)
    code = models.SlugField(_("mã chức vụ"), max_length=50, unique=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), default=100, help_text=_("Số nhỏ đứng trước trong danh sách.")
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("level"), FieldPanel("rank")]),
    ]

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=on)
        )


class Membership(models.Model):
    """A person holds a position in a unit from a date (the start date counts for leave)."""

    unit = ParentalKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("người"),
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("chức vụ")
    )
    start_date = models.DateField(
        _("ngày vào làm"),
        default=timezone.localdate,
        help_text=_("Ngày bắt đầu công tác, dùng để tính thâm niên ngày phép."),
    )
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    is_primary = models.BooleanField(
        _("đơn vị chính"),
        default=True,
        help_text=_("Đơn vị dùng để định tuyến đơn từ khi một người giữ nhiều chức vụ."),
    )

    panels = [
        FieldRowPanel([FieldPanel("user"), FieldPanel("position")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("is_primary")]),
    ]

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức vụ của người")
        verbose_name_plural = _("nhân sự đơn vị")
        ordering = ["position__rank", "user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.user} — {self.position} — {self.unit}"

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày vào làm.")})


class Delegation(models.Model):
    """Ủy quyền: while it is valid, work routed to ``delegator`` reaches ``delegate``."""

    class Scope(models.TextChoices):
        ALL = "", _("Mọi việc phê duyệt")
        LEAVE = "leave", _("Nghỉ phép")
        OVERTIME = "overtime", _("Làm ngoài giờ")
        TRIP = "trip", _("Đi công tác")
        TRIP_REPORT = "trip_report", _("Báo cáo kết quả công tác")
        FEEDBACK = "feedback", _("Góp ý, kiến nghị, phản ánh")
        GENERIC = "generic", _("Biểu mẫu khác")

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delegations_given",
        verbose_name=_("người ủy quyền"),
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delegations_received",
        verbose_name=_("người được ủy quyền"),
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    scope = models.CharField(
        _("phạm vi"), max_length=20, choices=Scope.choices, blank=True, default=Scope.ALL
    )
    reason = models.CharField(_("lý do"), max_length=255)
    revoked_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )

    panels = [
        FieldRowPanel([FieldPanel("delegator"), FieldPanel("delegate")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("scope"),
        FieldPanel("reason"),
        FieldPanel("revoked_at"),
    ]

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="delegation_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(delegator=models.F("delegate")),
                name="delegation_not_to_self",
            ),
        ]

    def __str__(self) -> str:
        return _("%(delegator)s ủy quyền cho %(delegate)s") % {
            "delegator": self.delegator,
            "delegate": self.delegate,
        }

    def clean(self):
        super().clean()
        from .services import delegation_validate

        delegation_validate(delegation=self)

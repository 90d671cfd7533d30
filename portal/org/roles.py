"""Functional roles are Django groups; the portal refers to them by these codes."""

from django.utils.translation import gettext_lazy as _

OFFICE = "van_phong"
CLERK = "van_thu"
SECURITY = "bao_ve"
UNION = "cong_doan"
INSPECTION_BOARD = "ban_ttnd"
FORM_ADMINS = "quan_tri_bieu_mau"

# Group names are what administrators see in the Wagtail admin; they are stable keys too.
GROUP_NAMES = {
    OFFICE: "Văn phòng",
    CLERK: "Văn thư",
    SECURITY: "Bảo vệ",
    UNION: "Công đoàn",
    INSPECTION_BOARD: "Ban Thanh tra nhân dân",
    FORM_ADMINS: "Quản trị biểu mẫu",
}

GROUP_LABELS = {
    OFFICE: _("Văn phòng"),
    CLERK: _("Văn thư"),
    SECURITY: _("Bảo vệ"),
    UNION: _("Công đoàn"),
    INSPECTION_BOARD: _("Ban Thanh tra nhân dân"),
    FORM_ADMINS: _("Quản trị biểu mẫu"),
}

# Roles whose members act on others' work, so their accounts must use MFA.
APPROVING_ROLES = (OFFICE, CLERK, UNION, INSPECTION_BOARD, FORM_ADMINS)

# What each role may do in the Wagtail admin, as (app_label, codename) pairs.
ROLE_PERMISSIONS = {
    OFFICE: [
        ("wagtailadmin", "access_admin"),
        ("org", "add_unit"),
        ("org", "change_unit"),
        ("org", "view_unit"),
        ("org", "add_membership"),
        ("org", "change_membership"),
        ("org", "delete_membership"),
        ("org", "view_membership"),
        ("org", "view_position"),
        ("org", "add_delegation"),
        ("org", "change_delegation"),
        ("org", "view_delegation"),
        # Văn phòng keeps the leave ledger (adjustments, carry-over) and the leave types.
        ("leave", "view_ledgerentry"),
        ("leave", "add_ledgerentry"),
        ("leave", "view_leavetype"),
        ("leave", "add_leavetype"),
        ("leave", "change_leavetype"),
    ],
    FORM_ADMINS: [
        ("wagtailadmin", "access_admin"),
        ("org", "view_unit"),
        ("org", "view_position"),
        ("org", "view_membership"),
        ("documents", "view_documenttemplate"),
        ("documents", "add_documenttemplate"),
        ("documents", "change_documenttemplate"),
    ],
}

"""What each role must get from each URL: the authorization matrix's rules table.

Roles: anon, staff (chuyenvien_cn), head (truongphong_cn), pgd (phogiamdoc1), gd (giamdoc),
vp (chanhvanphong, group Văn phòng), bv (baove, group Bảo vệ), admin (superuser).
Outcomes: an HTTP status ("200", "403", "404", "405"…), "login" (redirect to the login page),
"denied" (Wagtail's admin refusing: back to the dashboard with a message), "302" (any other
redirect, e.g. back to the page with a message), "csrf" (rejected by the CSRF check).
"No" is "login" for the anonymous, "403" for a role that may not use the page at all and
"404" for a record that is not the caller's business (its existence is not disclosed).

``get`` is always requested; ``post`` (empty body, valid CSRF token) only for views that take
POST. Every pattern outside Wagtail's own admin is also POSTed by ``staff`` without the token,
which must answer "csrf" unless the rule says ``csrf_exempt`` (then why).

The records behind the parameters (tests/security/matrix_world.py): a pending one-day leave of
chuyenvien_cn (opinion truongphong_cn → decision phogiamdoc1; Văn phòng reads every leave),
its attachment and document, his approved overtime and trip (with the office car), his named
feedback to the Giám đốc, and truongphong_cn's task notification.
"""

from .matrix_walk import Group, rule

ANON_LOGIN = "anon:login"
CHAIN = "staff,head,pgd,vp"  # requester, approvers in the chain, Văn phòng (viewer group)
STRANGERS = "gd,bv,admin"  # not in this leave's chain: a superuser is no exception
ADMIN_ACCESS = "head,gd"  # unit heads get Wagtail admin access (portal.accounts.backends)
NO_ADMIN = "anon,staff,pgd,bv:login"
SUPERUSER_ONLY = f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:200"
API_JSON = "ninja checks the session's CSRF itself; GET-only endpoints answer 405 first"

ACCOUNT = {
    "set_language": rule("*:302", post="*:302"),
    "account_login": rule("anon:200 *:302", post="anon:200 *:302"),
    "account_logout": rule("anon:302 *:200", post="*:302"),
    "account_inactive": rule("*:200"),
    # Sign-up is closed: the page says so.
    "account_signup": rule("anon:200 *:302", post="anon:200 *:302"),
    "account_reauthenticate": rule(f"{ANON_LOGIN} *:200", post=f"{ANON_LOGIN} *:200"),
    "account_email": rule(f"{ANON_LOGIN} *:200", post=f"{ANON_LOGIN} *:302"),
    "account_email_verification_sent": rule("*:200"),
    "account_change_password": rule(f"{ANON_LOGIN} *:200", post=f"{ANON_LOGIN} *:200"),
    "account_set_password": rule(f"{ANON_LOGIN} *:302", post=f"{ANON_LOGIN} *:302"),
    "account_reset_password": rule("*:200", post="*:200"),
    "account_confirm_login_code": rule(f"{ANON_LOGIN} *:302", post=f"{ANON_LOGIN} *:302"),
    "account_confirm_email": rule("*:200", post="*:404"),
    "account_reset_password_from_key_done": rule("*:200"),
    "account_reset_password_from_key": rule("*:200", post="*:200"),
    "account_reset_password_done": rule("*:200"),
    "mfa_index": rule(f"{ANON_LOGIN} *:200"),
    "mfa_authenticate": rule(f"{ANON_LOGIN} *:302", post=f"{ANON_LOGIN} *:302"),
    "mfa_reauthenticate": rule(f"{ANON_LOGIN} *:200", post=f"{ANON_LOGIN} *:200"),
    # Everyone here has TOTP already; deactivation first asks for the password again.
    "mfa_activate_totp": rule(f"{ANON_LOGIN} *:302", post=f"{ANON_LOGIN} *:302"),
    "mfa_deactivate_totp": rule(f"{ANON_LOGIN} *:302", post=f"{ANON_LOGIN} *:302"),
    "mfa_view_recovery_codes": rule(f"{ANON_LOGIN} *:404"),
    "mfa_generate_recovery_codes": rule(f"{ANON_LOGIN} *:302", post=f"{ANON_LOGIN} *:302"),
    "mfa_download_recovery_codes": rule(f"{ANON_LOGIN} *:404"),
}

PORTAL_ADMIN = {
    # Văn phòng manages the organisation and reads the leave ledger; the rest is superuser's.
    "org_import_staff": rule(
        f"{NO_ADMIN} {ADMIN_ACCESS}:denied vp,admin:200",
        post=f"{NO_ADMIN} {ADMIN_ACCESS}:denied vp,admin:200",
    ),
    "org_import_staff_template": rule(f"{NO_ADMIN} {ADMIN_ACCESS}:denied vp,admin:200"),
    "leave_ledger": rule(f"{NO_ADMIN} {ADMIN_ACCESS}:denied vp,admin:200"),
    "leave_ledger_person": rule(f"{NO_ADMIN} {ADMIN_ACCESS}:denied vp,admin:200"),
    "workcalendar_year": rule(f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:200"),
    "documents_template_preview": rule(f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:200"),
    "documents_template_preview_pdf": rule(f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:200"),
    # The demo issues no personal certificate: the superuser gets 404 for a missing one.
    "signing_certificate_revoke": rule(
        f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:404",
        post=f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:404",
    ),
    "regulations_upload": rule(
        f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:200",
        post=f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:200",
    ),
    "forms_preview_chain": rule(f"{NO_ADMIN} {ADMIN_ACCESS},vp:denied admin:200"),
    # "Mẫu văn bản": Wagtail snippet views subclassed by the portal (with the preview).
    "wagtailsnippets_documents_documenttemplate:list": rule(SUPERUSER_ONLY),
    "wagtailsnippets_documents_documenttemplate:list_results": rule(SUPERUSER_ONLY),
    "wagtailsnippets_documents_documenttemplate:edit": rule(SUPERUSER_ONLY),
    # Wagtail's own pages outside the login wall, listed one by one rather than grouped.
    "wagtailadmin_sprite": rule("*:200"),
    "wagtailadmin_javascript_catalog": rule("*:200"),
    # Signed in with admin access: straight to the dashboard. See test_authorization_side_doors.
    # Both Wagtail login forms are shadowed by redirects to allauth's (which asks for TOTP).
    "admin_login_redirect": rule("*:login", post="*:login"),
    "page_login_redirect": rule("*:login", post="*:login"),
    "wagtailadmin_login": rule("*:login", post="*:login"),
    # Off (WAGTAIL_PASSWORD_RESET_ENABLED): passwords are reset through allauth only.
    "wagtailadmin_password_reset": rule("*:404"),
    "wagtailadmin_password_reset_done": rule("*:404"),
    "wagtailadmin_password_reset_confirm": rule("*:404"),
    "wagtailadmin_password_reset_complete": rule("*:404"),
    "admin/^.*/$": rule("anon,staff,pgd,bv:302 *:404", why="unknown admin URL: slash, then 404"),
    "admin/test404/": rule(f"{NO_ADMIN} *:200"),
    "wagtailadmin_error_test": rule(
        f"{NO_ADMIN} *:500", why="Wagtail's deliberate error page (failwhale)"
    ),
}

API = {
    "api-v1:openapi-json": rule("*:200", csrf_exempt=True, why="public schema, GET only"),
    "api-v1:openapi-view": rule("*:200", csrf_exempt=True, why="public docs, GET only"),
    "api-v1:api-root": rule("*:404", csrf_exempt=True, why=API_JSON),
    "api-v1:me": rule("anon:401 *:200", csrf_exempt=True, why=API_JSON),
    "api-v1:dashboard": rule("anon:401 staff,bv:403 *:200", csrf_exempt=True, why=API_JSON),
    # Anonymous feedback needs no login, so no session and nothing for CSRF to protect.
    "api-v1:feedback_create": rule("*:405", post="*:400"),
    # The receipt in the URL is the sender's secret: a forged request cannot know it.
    "api-v1:feedback_by_receipt": rule("*:200", post="*:400", csrf_exempt=True, why="receipt"),
    "api-v1:feedback_reply": rule("*:200", post="*:400", csrf_exempt=True, why="receipt"),
    "api-v1:list_forms": rule("anon:401 *:200", csrf_exempt=True, why=API_JSON),
    "api-v1:form_detail": rule("anon:401 *:200", csrf_exempt=True, why=API_JSON),
    "api-v1:submit": rule("*:405", post="anon:401 *:400"),
    "api-v1:list_submissions": rule("anon:401 *:200", csrf_exempt=True, why=API_JSON),
    # GET and PUT only: a POST is refused (405) before anything else.
    "api-v1:submission_detail": rule(
        f"anon:401 {CHAIN}:200 {STRANGERS}:404", csrf_exempt=True, why="no POST"
    ),
    "api-v1:resubmit": rule(
        f"anon:401 {CHAIN}:200 {STRANGERS}:404", csrf_exempt=True, why="no POST"
    ),
    "api-v1:withdraw": rule("*:405", post=f"anon:401 staff:200 head,pgd,vp:403 {STRANGERS}:404"),
    "api-v1:list_tasks": rule("anon:401 *:200", csrf_exempt=True, why=API_JSON),
    # A form-encoded body cannot be read as the JSON decision: 400, never a 500.
    "api-v1:decide": rule("*:405", post="anon:401 *:400"),
    "wagtailapi:pages:listing": rule("*:200", csrf_exempt=True, why="read-only API"),
    "wagtailapi:pages:detail": rule("*:200", csrf_exempt=True, why="read-only API"),
    "wagtailapi:pages:find": rule("*:404", csrf_exempt=True, why="read-only API"),
}

FORMS = {
    "forms:index": rule(f"{ANON_LOGIN} *:200"),
    "forms:my_submissions": rule(f"{ANON_LOGIN} *:200"),
    "forms:submission_detail": rule(f"{ANON_LOGIN} {CHAIN}:200 {STRANGERS}:404"),
    # Only the requester withdraws; others who may read it are sent back with a message.
    "forms:withdraw": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} {CHAIN}:302 {STRANGERS}:404"),
    "forms:resubmit": rule(f"{ANON_LOGIN} staff:200 *:404", post=f"{ANON_LOGIN} staff:200 *:404"),
    "forms:attachment": rule(f"{ANON_LOGIN} {CHAIN}:200 {STRANGERS}:404"),
    "leave:days": rule(f"{ANON_LOGIN} *:200"),
    "leave:cancel": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} staff:302 *:404"),
    "leave:cancel_request": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} staff:302 *:404"),
    "leave:away": rule(f"{ANON_LOGIN} staff,bv:403 *:200"),
    "leave:feeds": rule(f"{ANON_LOGIN} *:200", post=f"{ANON_LOGIN} *:302"),
    # The secret address is the credential (calendar apps cannot log in).
    "leave:ical_personal": rule("*:200", csrf_exempt=True, why="GET only, token in the URL"),
    "leave:ical_unit": rule("*:200", csrf_exempt=True, why="GET only, token in the URL"),
    "leave:balance": rule(f"{ANON_LOGIN} *:200"),
    "overtime:desk": rule(f"{ANON_LOGIN} staff,head,pgd,gd:403 vp,bv,admin:200"),
    # The entry is not on tonight's desk list, so even the desk gets 404.
    "overtime:desk_arrival": rule(
        f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} staff,head,pgd,gd:403 vp,bv,admin:404"
    ),
    "overtime:desk_departure": rule(
        f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} staff,head,pgd,gd:403 vp,bv,admin:404"
    ),
    "overtime:confirm": rule(
        f"{ANON_LOGIN} staff,head:200 *:404", post=f"{ANON_LOGIN} staff,head:400 *:404"
    ),
    "overtime:sheet": rule(f"{ANON_LOGIN} staff,pgd,bv:403 *:200"),
    "overtime:sheet_download": rule(f"{ANON_LOGIN} staff,pgd,bv:403 *:200"),
    "trips:vehicle_order": rule(
        f"{ANON_LOGIN} vp,admin:200 *:404", post=f"{ANON_LOGIN} vp,admin:200 *:404"
    ),
}

FEEDBACK = {
    # Only the recipient's handlers (here the Giám đốc); a superuser is no handler.
    "feedback_handling:list": rule(f"{ANON_LOGIN} gd:200 *:403"),
    "feedback_handling:detail": rule(f"{ANON_LOGIN} gd:200 *:404"),
    "feedback_handling:step": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} gd:302 *:404"),
    "feedback_handling:publish": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} gd:302 *:404"),
    "feedback_handling:attachment": rule(f"{ANON_LOGIN} *:404"),
    "feedback:new": rule("*:200", post="*:200"),
    "feedback:receipt": rule("*:200", post="*:200"),
    "feedback:reply": rule("*:405", post="*:200"),
    "feedback:mine": rule(f"{ANON_LOGIN} *:200"),
    "feedback:consent": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} staff:302 *:404"),
}

WORK = {
    "flows:inbox": rule(f"{ANON_LOGIN} *:200"),
    "flows:done": rule(f"{ANON_LOGIN} *:200"),
    # GET sends readers to the submission; POST without a decision comes back with a message.
    "flows:task": rule(
        f"{ANON_LOGIN} {CHAIN}:302 {STRANGERS}:404",
        post=f"{ANON_LOGIN} {CHAIN}:302 {STRANGERS}:404",
    ),
    "flows:bulk_approve": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} *:302"),
    "notifications:list": rule(f"{ANON_LOGIN} *:200"),
    "notifications:open": rule(f"{ANON_LOGIN} head:302 *:404"),
    "notifications:read_all": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} *:302"),
    # The PDF is made after the commit, which a test transaction never reaches: no file yet.
    "documents:download": rule(f"{ANON_LOGIN} *:404"),
    "documents:state": rule(f"{ANON_LOGIN} {CHAIN}:200 {STRANGERS}:404"),
    # The văn thư's queue (group Văn thư); Chánh Văn phòng is not a văn thư.
    "documents:registry": rule(f"{ANON_LOGIN} admin:200 *:403"),
    "documents:number": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} admin:302 *:403"),
    "documents:trust_roots": rule("*:200"),
    "documents:verify": rule("*:404", post="*:404"),
    "documents:short": rule("*:302"),
    "dashboard:index": rule(f"{ANON_LOGIN} staff,bv:403 *:200"),
}

PUBLIC = {
    "disclosure:index": rule("*:200"),
    "disclosure:acknowledge": rule(f"{ANON_LOGIN} *:405", post=f"{ANON_LOGIN} *:302"),
    "disclosure:stats": rule(f"{ANON_LOGIN} vp,admin:200 *:403"),
    "disclosure:stats_item": rule(f"{ANON_LOGIN} vp,admin:200 *:403"),
    "disclosure:feed_rss": rule("*:200"),
    "disclosure:feed_atom": rule("*:200"),
    "regulations:index": rule("*:302"),
    "search:index": rule("*:200"),
    "sitemap.xml": rule("*:200"),
    # Everyone, MFA pending or not, is sent on to the static icon.
    "favicon": rule("*:302"),
    "wagtaildocs_serve": rule("*:404"),
    "wagtaildocs_authenticate_with_password": rule("*:404", post="*:404"),
    "wagtailcore_authenticate_with_password": rule("*:404", post="*:404"),
    "wagtailcore_login": rule("*:login", post="*:login"),
    "wagtail_serve": rule("*:200"),
    # Extra URLs that are no pattern of their own (matrix_world "probes").
    "probe:form-page": rule(f"{ANON_LOGIN} *:200", post=f"{ANON_LOGIN} *:200"),
    "probe:regulation-page": rule("*:200"),
    "probe:disclosure-item": rule("*:200"),
    # Private files are never served from /media/: only through the checked views.
    "probe:media-attachment": rule("*:302|404"),
    "probe:static": rule("*:404"),
}

RULES = {**ACCOUNT, **PORTAL_ADMIN, **API, **FORMS, **FEEDBACK, **WORK, **PUBLIC}

WAGTAIL = ("wagtail.", "wagtail_modeladmin.")
GROUPS = [
    # A chooser's "chosen" URL is requested with a real id (matrix_world.chooser_values).
    Group("admin/", WAGTAIL, rule(f"{NO_ADMIN} *:200|denied"), suffix=":chosen"),
    Group(
        "admin/",
        WAGTAIL,
        rule(f"{NO_ADMIN} *:200|302|denied|404|405", why="Wagtail's own admin"),
    ),
]
# For a chooser whose table is empty in the demo: Wagtail's ChosenView lets DoesNotExist
# escape for a missing id (upstream), so it is the one 500 the matrix accepts.
CHOSEN_WITHOUT_ROWS = rule(f"{NO_ADMIN} *:500|denied", why="Wagtail upstream")

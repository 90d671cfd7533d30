"""Wagtail admin: who would act on a request under the draft of a form's approval policy.

The preview reads the page's latest revision, so an administrator can save a draft, check the
chain for a few requesters and values, and only then publish.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.models import Page

from portal.accounts.models import display_name
from portal.org import roles, selectors
from portal.org.models import Membership, Position, Unit

from .models import ApprovalFormPage
from .policy.engine import PolicyError, policy_preview, policy_problems, policy_rules
from .policy.rules import OPERATORS, RESOLVER_LABELS, STEP_KINDS

VALUE_PREFIX = "value_"
OPERATOR_LABELS = dict(OPERATORS)
KIND_LABELS = dict(STEP_KINDS)


def can_preview(*, user, page: Page) -> bool:
    return page.permissions_for_user(user).can_edit()


def policy_variables(*, policy) -> dict[str, list[str]]:
    """Each submission value the rules test, with where it is tested ("Quy tắc 1: days ≤ 1")."""
    found: dict[str, list[str]] = {}
    for number, rule in enumerate(policy_rules(policy=policy), start=1):
        for condition in rule["conditions"]:
            if not condition["field"]:
                continue
            operator = OPERATOR_LABELS.get(condition["operator"], condition["operator"])
            found.setdefault(condition["field"], []).append(
                _("Quy tắc %(rule)s: %(field)s %(operator)s %(value)s")
                % {
                    "rule": number,
                    "field": condition["field"],
                    "operator": operator,
                    "value": condition["value"],
                }
            )
    return found


def requester_choices(*, on=None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active people with a membership, grouped by the unit that routes their requests."""
    memberships = (
        Membership.objects.active(on)
        .filter(user__is_active=True, unit__is_active=True)
        .select_related("user", "unit", "position")
        .order_by("user_id", "-is_primary", "position__rank")
    )
    primary: dict[int, Membership] = {}
    for membership in memberships:
        primary.setdefault(membership.user_id, membership)
    ordered = sorted(
        primary.values(),
        key=lambda m: (
            m.unit.sort_order,
            m.unit.name,
            m.position.rank,
            m.user.last_name,
            m.user.first_name,
        ),
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    for membership in ordered:
        user = membership.user
        label = f"{display_name(user)} — {membership.position.name} ({user.username})"
        groups.setdefault(membership.unit.name, []).append((user.pk, label))
    return list(groups.items())


class ChainPreviewForm(forms.Form):
    requester = forms.TypedChoiceField(
        label=gettext_lazy("Người đề nghị"),
        coerce=int,
        help_text=gettext_lazy("Người đang công tác, theo đơn vị chính của họ."),
    )
    on = forms.DateField(
        label=gettext_lazy("Ngày nộp"),
        required=False,
        widget=AdminDateInput,
        help_text=gettext_lazy("Để trống: hôm nay. Ủy quyền và nhân sự được xét theo ngày này."),
    )

    def __init__(self, *args, variables: dict[str, list[str]], field_labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].choices = [("", "---------"), *requester_choices()]
        self.variables = list(variables)
        for name, used_in in variables.items():
            label = field_labels.get(name)
            self.fields[VALUE_PREFIX + name] = forms.CharField(
                label=f"{label} ({name})" if label else name,
                required=False,
                help_text="; ".join(used_in),
            )

    def values(self) -> dict[str, str]:
        """The values typed in; an empty box means the request does not give that value."""
        values = {}
        for name in self.variables:
            value = (self.cleaned_data.get(VALUE_PREFIX + name) or "").strip()
            if value:
                values[name] = value
        return values


@dataclass
class Person:
    name: str
    position: str
    unit: str


@dataclass
class PreviewStep:
    number: int
    kind: str
    kind_label: str
    resolver_label: str
    approver: Person | None
    acting: Person | None
    group: str
    group_members: list[str]
    deadline_days: int
    signer_title: str
    notes: list[str]


def _person(user, on) -> Person:
    membership = selectors.primary_membership(user=user, on=on)
    return Person(
        name=display_name(user),
        position=membership.position.name if membership else "",
        unit=membership.unit.name if membership else "",
    )


def preview_steps(chain, *, on) -> list[PreviewStep]:
    rows = []
    for number, step in enumerate(chain.steps, start=1):
        group, members = "", []
        if step.group_code:
            group = roles.GROUP_NAMES.get(step.group_code, step.group_code)
            members = [display_name(u) for u in selectors.role_members(code=step.group_code)]
        rows.append(
            PreviewStep(
                number=number,
                kind=step.kind,
                kind_label=str(KIND_LABELS.get(step.kind, step.kind)),
                resolver_label=str(RESOLVER_LABELS.get(step.resolver, step.resolver)),
                approver=_person(step.approver, on) if step.approver else None,
                acting=(
                    _person(step.acting, on)
                    if step.acting and step.acting.pk != getattr(step.approver, "pk", None)
                    else None
                ),
                group=group,
                group_members=members,
                deadline_days=step.deadline_days,
                signer_title=step.signer_title,
                notes=[part for part in step.note.split("; ") if part],
            )
        )
    return rows


class ChainPreviewView(WagtailAdminTemplateMixin, FormView):
    template_name = "forms/admin/preview_chain.html"
    form_class = ChainPreviewForm
    header_icon = "list-ol"
    page_title = gettext_lazy("Xem trước chuỗi phê duyệt")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(Page, pk=kwargs["page_id"])

    def dispatch(self, request, *args, **kwargs):
        if not can_preview(user=request.user, page=self.page):
            raise PermissionDenied
        if not issubclass(self.page.specific_class or Page, ApprovalFormPage):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def draft(self) -> ApprovalFormPage:
        """The page as last saved, published or not."""
        return self.page.specific.get_latest_revision_as_object()

    def get_page_subtitle(self):
        return self.draft.title

    def get_breadcrumbs_items(self):
        return get_breadcrumbs_items_for_page(self.page, self.request.user) + [
            {"url": "", "label": self.get_page_title()}
        ]

    @property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Quay lại chỉnh sửa"),
                url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                icon_name="edit",
            )
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        field_labels = {}
        for field in self.draft.form_fields.all():
            field_labels[field.clean_name or get_field_clean_name(field.label)] = field.label
        kwargs.update(
            variables=policy_variables(policy=self.draft.approval_policy),
            field_labels=field_labels,
        )
        return kwargs

    def form_valid(self, form):
        from portal.accounts.models import User

        requester = User.objects.filter(pk=form.cleaned_data["requester"], is_active=True).first()
        if requester is None:
            form.add_error("requester", _("Không tìm thấy người dùng đang hoạt động này."))
            return self.form_invalid(form)
        on = form.cleaned_data.get("on") or timezone.localdate()
        values = form.values()
        result = {"requester": _person(requester, on), "on": on, "values": values}
        try:
            chain = policy_preview(
                policy=self.draft.approval_policy,
                requester=requester,
                values=values,
                kind=getattr(self.draft, "kind", ""),
                on=on,
            )
        except PolicyError as exc:
            result["error"] = str(exc)
        else:
            result.update(
                chain=chain,
                rule_number=chain.rule_index + 1,
                steps=preview_steps(chain, on=on),
            )
        result["outside_audience"] = not self._may_submit(requester)
        return self.render_to_response(self.get_context_data(form=form, result=result))

    def _may_submit(self, requester) -> bool:
        from .selectors import user_may_submit

        # The draft's audience lives in the revision, not in the database: hand the check
        # real querysets of the units and positions the draft names.
        draft = self.draft
        audience = SimpleNamespace(
            open_to_all=draft.open_to_all,
            allowed_units=Unit.objects.filter(pk__in=[u.pk for u in draft.allowed_units.all()]),
            allowed_positions=Position.objects.filter(
                pk__in=[p.pk for p in draft.allowed_positions.all()]
            ),
        )
        return user_may_submit(user=requester, page=audience)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors, warnings = policy_problems(policy=self.draft.approval_policy)
        revision = self.page.latest_revision
        context.update(
            page=self.page,
            draft=self.draft,
            revision=revision,
            unpublished=self.page.has_unpublished_changes or not self.page.live,
            policy_errors=errors,
            policy_warnings=warnings,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context


preview_chain = ChainPreviewView.as_view()

"""Resolving an approval policy into the chain of people who act on one request.

The rule that applies is chosen by ``rules.policy_match_rule``; each of its steps is then
pointed at a person relative to the requester's primary unit, with three routing rules that
always hold whatever the administrator wrote: nobody approves their own request, two steps in
a row for the same person become one, and work for an absent approver reaches the person he
authorised (ủy quyền) while the record keeps both names (domain.md §1).
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.org import selectors
from portal.org.models import MAX_TREE_DEPTH, Membership, Position

from .resolvers import resolver_targets, superior_of
from .rules import (
    ACTION_KINDS,
    DECISION,
    KIND_STRENGTH,
    NOTICE,
    RESOLVER_LABELS,
    policy_match_rule,
    policy_rules,
)
from .validation import policy_problems, policy_validate

__all__ = [
    "Chain",
    "PolicyError",
    "ResolvedStep",
    "policy_match_rule",
    "policy_preview",
    "policy_problems",
    "policy_resolve_chain",
    "policy_rules",
    "policy_validate",
    "superior_of",
]


class PolicyError(Exception):
    """The policy cannot route this request; the message is shown to the requester."""


@dataclass(frozen=True)
class ResolvedStep:
    kind: str
    resolver: str
    # Who the rule points at; None for a step handled by a functional group.
    approver: User | None
    group_code: str | None
    # The person authorised by ``approver`` who acts instead of him, if any.
    acting: User | None = None
    delegation_id: int | None = None
    deadline_days: int = 2
    signer_title: str = ""
    note: str = ""

    @property
    def actor(self) -> User | None:
        """Who will actually act on the step."""
        return self.acting or self.approver

    @property
    def actor_key(self) -> tuple[str, Any]:
        if self.actor is None:
            return ("group", self.group_code)
        return ("user", self.actor.pk)


@dataclass
class Chain:
    rule_index: int
    rule_name: str
    steps: list[ResolvedStep]
    # Why steps of the rule were left out (e.g. the Giám đốc Sở has nobody above him).
    notes: list[str] = field(default_factory=list)

    @property
    def recorded(self) -> bool:
        """Nobody has to act: the request is accepted at once and notices are sent."""
        return not any(step.kind in ACTION_KINDS for step in self.steps)


def _join(*notes: str) -> str:
    parts: list[str] = []
    for note in notes:
        for part in note.split("; "):
            if part and part not in parts:
                parts.append(part)
    return "; ".join(parts)


class _Router:
    def __init__(self, *, requester: User, membership: Membership, on: date, kind: str):
        self.requester = requester
        self.membership = membership
        self.on = on
        self.kind = kind

    def step(self, number: int, raw: dict) -> tuple[list[ResolvedStep], list[str]]:
        kind, resolver = raw["kind"], raw["resolver"]
        label = str(RESOLVER_LABELS.get(resolver, resolver))
        targets = resolver_targets(
            resolver=resolver,
            unit=self.membership.unit,
            on=self.on,
            group=raw["group"],
            person=raw["person"],
        )
        if kind != NOTICE:
            targets = targets[:1]
        if not targets:
            message = _("Bước %(number)s (%(resolver)s): không tìm được ai") % {
                "number": number,
                "resolver": label,
            }
            # Dropping a decision nobody can take would accept the request unchecked.
            if kind == DECISION:
                raise PolicyError(
                    _("%(message)s. Đề nghị quản trị viên kiểm tra quy trình phê duyệt.")
                    % {"message": message}
                )
            return [], [_("%(message)s, bỏ bước.") % {"message": message}]

        common = {
            "kind": kind,
            "resolver": resolver,
            "deadline_days": raw["deadline_days"],
            "signer_title": raw["signer_title"],
        }
        steps, dropped = [], []
        for target in targets:
            if isinstance(target, str):
                steps.append(ResolvedStep(approver=None, group_code=target, **common))
                continue
            settled = self._settle(kind, target)
            if isinstance(settled, str):
                dropped.append(
                    _("Bước %(number)s (%(resolver)s): %(reason)s, bỏ bước.")
                    % {"number": number, "resolver": label, "reason": settled}
                )
                continue
            approver, acting, delegation_id, note = settled
            steps.append(
                ResolvedStep(
                    approver=approver,
                    group_code=None,
                    acting=acting,
                    delegation_id=delegation_id,
                    note=note,
                    **common,
                )
            )
        return steps, dropped

    def _settle(self, kind: str, approver: User) -> tuple[User, User | None, int | None, str] | str:
        """(approver, acting, delegation id, note) for one target, or why it is dropped."""
        notes: list[str] = []
        for _hop in range(MAX_TREE_DEPTH + 2):
            if approver.pk == self.requester.pk:
                if kind == NOTICE:
                    return _("người nhận thông báo là chính người đề nghị")
                above = superior_of(user=self.requester, membership=self.membership, on=self.on)
                if above is None:
                    return _("người đề nghị không có cấp trên để chuyển lên")
                if self.membership.position.level == Position.Level.HEAD:
                    notes.append(_("Người đề nghị là trưởng đơn vị: chuyển lên cấp trên"))
                else:
                    notes.append(_("Người đề nghị không tự phê duyệt: chuyển lên cấp trên"))
                approver = above
                continue
            acting, delegation_id = self._delegate(approver)
            if acting is None:
                return approver, None, None, _join(*notes)
            if acting.pk != self.requester.pk:
                notes.append(_("Ủy quyền cho %(delegate)s") % {"delegate": acting})
                return approver, acting, delegation_id, _join(*notes)
            if kind == NOTICE:
                # The absent person reads the notice on his return.
                return approver, None, None, _join(*notes)
            own = selectors.primary_membership(user=approver, on=self.on)
            above = superior_of(user=approver, membership=own, on=self.on) if own else None
            if above is None:
                notes.append(_("Người được ủy quyền là người đề nghị: giữ người phê duyệt"))
                return approver, None, None, _join(*notes)
            notes.append(
                _("Người được ủy quyền là người đề nghị: chuyển lên cấp trên của %(approver)s")
                % {"approver": approver}
            )
            approver = above
        return approver, None, None, _join(*notes)

    def _delegate(self, approver: User) -> tuple[User | None, int | None]:
        acting = selectors.active_delegate(user=approver, on=self.on, kind=self.kind)
        if acting is None:
            return None, None
        # The approver's own delegation, which the record cites even when it was passed on.
        first = (
            selectors.delegations_in_force(on=self.on)
            .filter(delegator=approver, delegate__is_active=True)
            .filter(Q(scope="") | Q(scope=self.kind))
            .order_by("-scope", "-start_date")
            .first()
        )
        return acting, first.pk if first else None


def _combine(earlier: ResolvedStep, later: ResolvedStep) -> ResolvedStep:
    stronger = later if KIND_STRENGTH[later.kind] >= KIND_STRENGTH[earlier.kind] else earlier
    return replace(
        stronger,
        deadline_days=max(earlier.deadline_days, later.deadline_days),
        signer_title=later.signer_title or earlier.signer_title,
        note=_join(earlier.note, later.note, _("Gộp với bước trước")),
    )


def _merge(steps: list[ResolvedStep]) -> list[ResolvedStep]:
    merged: list[ResolvedStep] = []
    for step in steps:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.actor_key == step.actor_key
            and (previous.kind == NOTICE) == (step.kind == NOTICE)
        ):
            merged[-1] = _combine(previous, step)
        else:
            merged.append(step)
    return merged


def policy_resolve_chain(
    *,
    policy: Any,
    requester: User,
    values: dict[str, Any],
    on: date | None = None,
    kind: str = "",
) -> Chain:
    """The chain of steps for ``requester`` submitting ``values`` on ``on``.

    ``kind`` is the kind of work (a ``Delegation.Scope`` value) used to find delegations.
    """
    on = on or timezone.localdate()
    membership = selectors.primary_membership(user=requester, on=on)
    if membership is None:
        raise PolicyError(
            _("%(user)s chưa được xếp vào đơn vị nào nên chưa xác định được người phê duyệt.")
            % {"user": requester}
        )
    matched = policy_match_rule(
        rules=policy_rules(policy=policy),
        requester=requester,
        membership=membership,
        values=values,
    )
    if matched is None:
        raise PolicyError(
            _("Không có quy tắc phê duyệt nào áp dụng cho %(user)s (%(position)s, %(unit)s).")
            % {"user": requester, "position": membership.position, "unit": membership.unit}
        )
    index, rule = matched
    router = _Router(requester=requester, membership=membership, on=on, kind=kind)
    steps: list[ResolvedStep] = []
    notes: list[str] = []
    for number, raw in enumerate(rule["steps"], start=1):
        resolved, dropped = router.step(number, raw)
        steps.extend(resolved)
        notes.extend(dropped)
    return Chain(rule_index=index, rule_name=rule["name"], steps=_merge(steps), notes=notes)


def policy_preview(
    *,
    policy: Any,
    requester: User,
    values: dict[str, Any],
    kind: str = "",
    on: date | None = None,
) -> Chain:
    """What ``policy_resolve_chain`` would give, for the admin's preview of a policy."""
    return policy_resolve_chain(policy=policy, requester=requester, values=values, on=on, kind=kind)

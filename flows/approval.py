"""The one generic flow that runs any approval policy."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from .locks import portal_lock
from .models import ApprovalProcess


class ApprovalFlow(flow.Flow):
    """Walks a submission's resolved steps in order.

    The steps themselves live in ``forms.ApprovalStep`` (resolved from the form's policy when
    the round starts). Each opinion or decision step becomes one human task assigned to its
    actor; notice steps are sent on the way by ``advance``. A rejected, returned or withdrawn
    round leaves no active step, so the gate ends the process.
    """

    process_class = ApprovalProcess
    lock_impl = portal_lock
    process_title = _("Phê duyệt đơn")
    process_description = _("Chuỗi ý kiến và phê duyệt của một đơn, theo quy trình của biểu mẫu.")

    start = flow.StartHandle(this.begin).Next(this.advance)
    advance = flow.Function(this.advance_chain).Next(this.gate)
    gate = flow.If(this.has_active_step).Then(this.act).Else(this.end)
    act = (
        flow.View(None)
        .Annotation(title=_("Xử lý đơn"))
        .Assign(this.step_owner)
        .onCreate(this.link_task)
        .Next(this.advance)
    )
    end = flow.End()

    def begin(self, activation, submission):
        activation.process.artifact = submission
        activation.process.data = {"round": submission.round}
        return activation.process

    # The gate, the owner and the task link all ask for the step that advance_chain has just
    # opened, under the same lock and transaction: it is read once and kept on the process.
    def advance_chain(self, activation):
        from .services import chain_advance

        process = activation.process
        process._portal_active_step = chain_advance(submission=process.artifact)

    def _active_step(self, activation):
        from .selectors import active_step

        process = activation.process
        if not hasattr(process, "_portal_active_step"):
            process._portal_active_step = active_step(submission=process.artifact)
        return process._portal_active_step

    def has_active_step(self, activation):
        return self._active_step(activation) is not None

    def step_owner(self, activation):
        step = self._active_step(activation)
        return step.actor if step and step.group_id is None else None

    def link_task(self, activation):
        step = self._active_step(activation)
        step.task = activation.task
        step.save(update_fields=["task"])

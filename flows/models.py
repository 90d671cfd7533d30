from viewflow.workflow.models import Process


class ApprovalProcess(Process):
    """One round of a submission's approval chain; the submission is the artifact."""

    class Meta:
        proxy = True
        verbose_name = "approval process"

    @property
    def submission(self):
        return self.artifact

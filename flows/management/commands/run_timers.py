"""``manage.py run_timers``: deadlines and reminders, from cron every few minutes.

Fires viewflow's due ``flow.Timer`` tasks and reminds the actor of each overdue approval
step, once a day per step (``ApprovalStep.reminded_on`` is claimed before the reminder is
sent, so overlapping runs never remind twice). Then the post-trip report deadlines
(``forms.trips.reminders``): the requester's reminder on the due day, the overdue notice the
first working day after; that line is printed only when something was sent. Last, the
handlers' daily digest of new feedback (``forms.feedback.digest``), silent as well. Last,
document jobs that died with their worker, failed and are due for a retry, or were never
queued (``portal.documents.tasks.documents_resume``). On the first working day of a week, the
weekly digest of overdue work to each head and Văn phòng (``portal.dashboard.digest``).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.timers import fire_due_timers

from flows.reminders import overdue_reminders_send
from forms.feedback.digest import feedback_digest_send
from forms.trips.reminders import trip_report_reminders_send
from portal.dashboard.digest import dashboard_digest_send
from portal.documents.tasks import documents_resume


class Command(BaseCommand):
    help = gettext_lazy(
        "Kích hoạt các hẹn giờ đến hạn và nhắc việc quá hạn (chạy định kỳ từ cron)."
    )

    def handle(self, *args, **options):
        fired = fire_due_timers()
        reminded = overdue_reminders_send()
        self.stdout.write(
            _("Hẹn giờ đã kích hoạt: %(fired)d; nhắc việc quá hạn đã gửi: %(reminded)d.")
            % {"fired": fired, "reminded": reminded}
        )
        reports = trip_report_reminders_send()
        if any(reports.values()):
            self.stdout.write(
                _(
                    "Báo cáo kết quả công tác: nhắc hạn đã gửi: %(reminded)d; "
                    "báo quá hạn đã gửi: %(overdue)d."
                )
                % reports
            )
        told = feedback_digest_send()
        if told:
            self.stdout.write(_("Góp ý mới đã báo người xử lý: %(count)d.") % {"count": told})
        resumed = documents_resume()
        if resumed:
            self.stdout.write(_("Văn bản được chạy lại: %(count)d.") % {"count": resumed})
        digests = dashboard_digest_send()
        if digests:
            self.stdout.write(
                _("Bản tin việc quá hạn hằng tuần đã gửi: %(count)d.") % {"count": digests}
            )

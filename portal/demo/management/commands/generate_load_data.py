import time

from django.core.management.base import BaseCommand, CommandError

from portal.demo.loadgen import default_open_tasks, load_data_generate


class Command(BaseCommand):
    help = (
        "Tạo bộ dữ liệu lớn để kiểm thử tải: tổ chức mẫu, cán bộ và đơn đủ các loại trong "
        "ba năm, việc đang chờ xử lý. Chạy lại với cùng số liệu thì không tạo thêm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=2000)
        parser.add_argument("--submissions", type=int, default=200000)
        parser.add_argument(
            "--open-tasks",
            type=int,
            default=None,
            help="Số việc đang chờ xử lý (mặc định 20000, ít hơn khi số đơn nhỏ: 1/10 số đơn).",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--reset", action="store_true", help="Xóa đơn đã tạo trước đó.")

    def handle(self, *args, **options):
        started = time.monotonic()
        open_tasks = options["open_tasks"]
        if open_tasks is None:
            open_tasks = default_open_tasks(options["submissions"])
        try:
            result = load_data_generate(
                staff=options["staff"],
                submissions=options["submissions"],
                open_tasks=open_tasks,
                seed=options["seed"],
                reset=options["reset"],
                progress=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong: {result['submissions']} đơn, {result['open_tasks']} việc đang chờ xử lý "
                f"({time.monotonic() - started:.0f} giây)."
            )
        )

from django.core.management.base import BaseCommand

from portal.schedules import sync_schedules


class Command(BaseCommand):
    help = (
        "Writes the default Celery beat schedule (settings.TONGXIN_BEAT_SCHEDULE) as "
        "django-celery-beat rows; existing rows, edited or not, are left alone."
    )

    def handle(self, *args, **options):
        result = sync_schedules()
        for name in result.created:
            self.stdout.write(f"created  {name}")
        for name in result.kept:
            self.stdout.write(f"kept     {name}")
        summary = f"{len(result.created)} periodic task(s) created, {len(result.kept)} kept"
        self.stdout.write(self.style.SUCCESS(f"{summary} as they are."))

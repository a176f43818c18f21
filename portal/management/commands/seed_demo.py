from django.core.management.base import BaseCommand

from portal.demo.builder import seed_demo_city
from portal.demo.report import format_report


class Command(BaseCommand):
    help = "Builds the fictional demo city 澄州市 with one known login per role (idempotent)."

    def handle(self, *args, **options):
        report = seed_demo_city()
        self.stdout.write(format_report(report))

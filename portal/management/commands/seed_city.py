import time

from django.core.management.base import BaseCommand, CommandError

from portal.citygen.copy import format_stats
from portal.citygen.plan import parse_scale
from portal.citygen.run import CityGenError, seed_city


class Command(BaseCommand):
    help = (
        "Loads a synthetic city at Nanning's scale (--scale nanning) or a fraction of it "
        "(--scale 0.01) with PostgreSQL COPY, for load tests. PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", required=True, help="'nanning' or a fraction in (0, 1]")
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same city")
        parser.add_argument(
            "--wipe",
            action="store_true",
            help="empty the schools, community, families and programs apps and every "
            "account (TRUNCATE … CASCADE) before loading; without it the command "
            "refuses a database that already holds schools",
        )
        parser.add_argument(
            "--password", default="tongxin-city", help="password of every generated account"
        )

    def handle(self, *args, **options):
        try:
            scale = parse_scale(options["scale"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        started = time.perf_counter()
        try:
            plan, stats = seed_city(
                scale=scale,
                seed=options["seed"],
                wipe=options["wipe"],
                password=options["password"],
            )
        except CityGenError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        rows = sum(entry.rows for entry in stats)
        self.stdout.write(format_stats(stats))
        self.stdout.write(
            f"scale {scale:g}: {len(plan.schools):,} schools, {rows:,} rows in "
            f"{elapsed:.1f} s ({rows / elapsed:,.0f} rows/s overall, including planning)"
        )

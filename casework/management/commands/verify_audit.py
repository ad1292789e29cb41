from django.core.management.base import BaseCommand

from casework.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail."

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"audit chain intact: {result.count} records")
            return
        self.stderr.write(
            f"audit chain broken at record {result.broken_seq}: {result.reason} "
            f"({result.count} records verified before it)"
        )
        raise SystemExit(1)

from django.core.management.base import BaseCommand

from casework.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail (one per jurisdiction)."

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"audit chain intact: {result.count} records")
            return
        name = f"audit chain {result.chain}" if result.chain else "audit chain"
        self.stderr.write(
            f"{name} broken at record {result.broken_seq}: {result.reason} "
            f"({result.count} records verified before it)"
        )
        raise SystemExit(1)

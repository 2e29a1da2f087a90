from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from courses.models import Programme
from demo.accounts import demo_accounts_create

ACCOUNTS_FILE = Path(settings.BASE_DIR) / ".demo-accounts.txt"


class Command(BaseCommand):
    help = (
        "Prepare the embedded demo: load the demo programme when the database holds none, create "
        "one account per role, and print the accounts to sign in with. Safe to run again."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_setup only runs with DEBUG=1: it creates accounts with known passwords.")
        created = demo_accounts_create()
        if created:
            lines = [f"{role:<12} {username:<12} {password}" for role, username, password in created]
            ACCOUNTS_FILE.write_text("\n".join(lines) + "\n")
            ACCOUNTS_FILE.chmod(0o600)
        if not Programme.objects.exists():
            self.stdout.write("Loading the demo programme (once)...")
            call_command("seed_demo", stdout=self.stdout)
        if ACCOUNTS_FILE.exists():
            self.stdout.write("\nDemo accounts (role, username, password), kept in .demo-accounts.txt:")
            self.stdout.write(ACCOUNTS_FILE.read_text())
        else:
            self.stdout.write(
                "The demo accounts exist already; reset a password with `manage.py changepassword`."
            )

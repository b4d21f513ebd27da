"""`ecopetition demo`: load the demo register (idempotent), then let other apps add their part."""

from django.core.management.base import BaseCommand

from ecopetition.cases import demo
from ecopetition.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load the demo units, logins and ~300 complaints in every state (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("Loading the demo register…")
        added = demo.load(self.stdout)
        self.stdout.write(f"{added} complaints added.")
        for module in app_modules("demo"):
            if module.__name__ == "ecopetition.cases.demo" or not hasattr(module, "extend"):
                continue
            module.extend(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Logins (password: {demo.DEMO_PASSWORD}):"))
        for username, _full, _unit, role in demo.PEOPLE[:8]:
            self.stdout.write(f"  {username:<12} {role.label}")

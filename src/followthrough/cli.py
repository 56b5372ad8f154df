"""The `followthrough` command: a friendly front for the management commands."""

from __future__ import annotations

import os
import sys

HELP = """\
followthrough — keep every promise to every customer.

Usage: followthrough COMMAND [options]

  demo                  set up a local database, load a demo business and serve it with
                        its worker at http://127.0.0.1:8000 (--port, --no-serve, --reset)
  serve                 serve the web app with gunicorn (--bind, --workers, --with-worker)
  worker                run background tasks and the periodic sweeps (--no-scheduler)
  import contacts FILE  import contacts from CSV (Google, Outlook, plain) or vCard
  import orders FILE    import orders from a Shopify orders export or plain CSV
  import mail FILE…     import mail from mbox, .eml files or Maildir folders (--member EMAIL)
  export contacts       write all contacts as CSV (to stdout or --output FILE)
  agenda --member EMAIL what a member owes whom, most urgent first (Today in the terminal)
  promise add --contact EMAIL "WHAT" --due "WHEN" [--member EMAIL] [--theirs]
                        record a promise; WHEN in plain words ("in ten minutes", "by Friday")
  check-message FILE [--reply-to FILE] [--kind greeting] [--tags no-offer]
                        check a draft with the message guard ('-' reads stdin);
                        exits 1 when a finding blocks it
  sweep                 mark promises still open past their due time as broken (once)
  createworkspace --name NAME --email EMAIL --manager-name NAME [--password P]
                        create a business and its first manager
  bench                 run the benchmarks in bench/
  migrate               bring the database up to date
  manage ARGS…          any Django management command

Run `followthrough COMMAND --help` for a command's options.
Settings come from the environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS,
FOLLOWTHROUGH_DATA (default ./data).
"""

ALIASES = {"serve": "serve", "worker": "worker", "demo": "demo"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(HELP)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", _default_settings(args[0]))
    from django.core.management import execute_from_command_line

    command, rest = args[0], args[1:]
    if command == "manage":
        execute_from_command_line(["followthrough", *rest])
        return
    if command in ("import", "export", "promise") and rest and not rest[0].startswith("-"):
        command = f"{command}_{rest[0]}"
        rest = rest[1:]
    execute_from_command_line(["followthrough", command.replace("-", "_"), *rest])


def _default_settings(command: str) -> str:
    """The demo is always local; everything else is production once a SECRET_KEY is set."""
    if command == "demo":
        return "followthrough.settings.demo"
    if os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"):
        return "followthrough.settings.prod"
    return "followthrough.settings.dev"


if __name__ == "__main__":
    main()

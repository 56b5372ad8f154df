"""The `followthrough` command: a friendly front for the management commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

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

# Commands with a second word: what each offers, for `followthrough import --help`.
GROUPS = {
    "import": """\
Usage: followthrough import WHAT FILE… [options]

  import contacts FILE  contacts from CSV (Google, Outlook in many languages, plain) or vCard
  import orders FILE    orders from a Shopify or WooCommerce export, or plain CSV
  import mail FILE…     mail from mbox, .eml files or Maildir folders (--member EMAIL)

Run `followthrough import contacts --help` (or orders, mail) for a command's options.""",
    "export": """\
Usage: followthrough export contacts [--output FILE] [--workspace CODE] [--include-archived]

  export contacts       write all contacts as CSV (to stdout or --output FILE)""",
    "promise": """\
Usage: followthrough promise add --contact EMAIL "WHAT" --due "WHEN" [--member EMAIL] [--theirs]

  promise add           record a promise; WHEN in plain words ("in ten minutes", "by Friday")""",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(HELP)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", _default_settings(args[0]))
    from django.core.management import execute_from_command_line

    command, rest = args[0], args[1:]
    if command == "manage":
        _run(execute_from_command_line, ["followthrough", *rest])
        return
    if command in GROUPS:
        if not rest or rest[0].startswith("-"):  # `import --help`: which imports there are
            print(GROUPS[command])
            sys.exit(0 if rest and rest[0] in ("-h", "--help") else 2)
        command = f"{command}_{rest[0]}"
        rest = rest[1:]
    _run(execute_from_command_line, ["followthrough", command.replace("-", "_"), *rest])


def _run(execute: Callable[[list[str]], None], argv: list[str]) -> None:
    try:
        execute(argv)
    except BrokenPipeError:
        # The reader went away (`followthrough export contacts | head`): stop quietly, as
        # Unix tools do, with the shell's code for SIGPIPE. Python would complain again when
        # it flushes stdout at exit, so point stdout at nothing first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(128 + 13)


def _default_settings(command: str) -> str:
    """The demo is always local; everything else is production once a SECRET_KEY is set."""
    if command == "demo":
        return "followthrough.settings.demo"
    if os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"):
        return "followthrough.settings.prod"
    return "followthrough.settings.dev"


if __name__ == "__main__":
    main()

import subprocess
import sys


def test_importing_the_guard_loads_no_django_and_no_dateparser():
    code = (
        "import sys, followthrough.guard, followthrough.duetime\n"
        "from followthrough.guard import analyze_inbound, check_draft\n"
        "analyze_inbound('Where is my order?')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'dateparser'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""

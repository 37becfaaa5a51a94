"""The application never touches the network: a whole session (import, open, every tab,
present, every export) runs in a subprocess whose sockets and name lookups fail and are
recorded from before the first import of briefing_app; and Qt's network module is never
loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, TESTS

WRAPPER = r"""
import json, socket, sys

attempts = []


def blocked(name):
    def refuse(*args, **kwargs):
        attempts.append(f"{name}{args[1:] if name in METHODS else args}"[:300])
        raise OSError(f"network access blocked by the test: {name}")

    return refuse


METHODS = {"connect", "connect_ex", "sendto", "sendmsg"}
for name in METHODS:
    setattr(socket.socket, name, blocked(name))
for name in (
    "create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
    "gethostbyaddr", "getnameinfo", "getfqdn",
):
    setattr(socket, name, blocked(name))

# only now the application: the block covers import time
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/ui"]  # the tests, and the session's module
from briefing_app.cli.main import main  # noqa: E402
from test_package_read_only import full_session  # noqa: E402
from pathlib import Path  # noqa: E402

assert main(["validate"]) == 0
done = full_session(None, Path(sys.argv[2]), quick=True)
loaded = sorted(
    m for m in sys.modules
    if m.startswith(("PySide6.QtNetwork", "PySide6.QtWebEngine", "requests", "urllib3"))
)
print("RESULT " + json.dumps({"attempts": attempts, "done": done, "loaded": loaded}))
"""


def test_a_whole_session_makes_no_network_attempt(tmp_path):
    script = tmp_path / "offline_session.py"
    script.write_text(WRAPPER, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    # anything that did get past the block would meet a proxy that does not exist
    env.update(http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    r = subprocess.run(
        [sys.executable, str(script), str(TESTS), str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("RESULT ")]
    assert r.returncode == 0 and lines, f"session failed:\n{r.stderr[-4000:]}"
    result = json.loads(lines[-1][len("RESULT ") :])
    assert result["attempts"] == [], "network access attempted"
    assert result["loaded"] == [], "network modules were imported"
    assert "tabs" in result["done"]
    assert any(step.startswith("export") for step in result["done"])
    print("session steps:", ", ".join(result["done"]))


def test_the_block_works(tmp_path):
    """The wrapper's block does catch an attempt (so an empty list means something)."""
    code = WRAPPER.split("# only now the application")[0] + (
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 80), timeout=0.1)\n"
        "except OSError:\n"
        "    pass\n"
        "s = socket.socket()\n"
        "try:\n"
        "    s.connect(('192.0.2.1', 80))\n"
        "except OSError:\n"
        "    pass\n"
        "print(json.dumps(attempts))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    attempts = json.loads(r.stdout.strip().splitlines()[-1])
    assert len(attempts) == 2
    assert attempts[0].startswith("create_connection") and attempts[1].startswith("connect")


@pytest.mark.parametrize("module", ["briefing_app.ui.main_window", "briefing_app.cli.export"])
def test_no_module_of_the_app_imports_qtnetwork(module):
    code = f"import sys, {module}; print('PySide6.QtNetwork' in sys.modules)"
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"

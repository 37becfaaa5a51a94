"""Entry point of the packaged executable: the same command line as ``briefing-app``."""

from briefing_app.__main__ import run

if __name__ == "__main__":
    run()

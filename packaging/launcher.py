"""Entry point of the packaged executable: the same command line as ``briefing-app``."""

from briefing_app.cli.main import run

if __name__ == "__main__":
    run()

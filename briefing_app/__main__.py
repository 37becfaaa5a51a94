"""``python -m briefing_app``: the command line of `briefing_app.cli.main`."""

from briefing_app.cli.main import run

if __name__ == "__main__":
    run()

"""Entry point of the packaged executable: the same command line as ``briefing-app``."""

import sys

from briefing_app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

"""The executable's first runtime hook: PySide's support code from the app's cache.

PyInstaller runs the runtime hooks named in the spec before its own, and its PySide6
hook imports QtCore, which imports shiboken6 and so compiles PySide's support modules
from their source.  Importing shiboken6 here first, through `lighten` (which keeps those
modules compiled between starts, `briefing_app.render.pyside_hook.support_code_kept`),
saves that compiling on every start of the executable as it does from source.  It loads
no Qt library and starts no thread (the package preloader forks only while there is one).
"""

from briefing_app.render.pyside_hook import lighten

lighten()

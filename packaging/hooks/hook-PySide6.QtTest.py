# Replaces PyInstaller's hook of the same name: collect the module's Qt libraries,
# plugins and translations as usual, then drop what bundle_policy keeps out (Wayland,
# EGLFS, GTK-theme plugins, translations …) BEFORE PyInstaller scans their shared-library
# dependencies, so the libraries only those plugins need are not collected either.
import os
import sys

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bundle_policy

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = bundle_policy.filter_hook_entries(binaries)
datas = bundle_policy.filter_hook_entries(datas)

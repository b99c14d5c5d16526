"""airace: agent-based simulation of the AI race between the USA, the EU and China."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("airace")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

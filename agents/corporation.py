"""Corporation: the common base of AI labs and chip vendors (a firm with a home bloc)."""

from __future__ import annotations

import mesa


class Corporation(mesa.Agent):
    """A firm with a name, a display label and a home bloc."""

    def __init__(self, model: mesa.Model, name: str, label: str, home: str) -> None:
        super().__init__(model)
        self.name = name
        self.label = label
        self.home = home

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, home={self.home})"

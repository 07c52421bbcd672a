"""Gather the scorecards of several output folders (shards of a class) into one."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..models.scorecard import Scorecard
from .store import write_atomically


def merge_outputs(sources: list[Path], out: Path) -> list[str]:
    """Copy every ``<student>/<NN>.json`` into `out`; return the conflicts met.

    Shards hold disjoint students, so a conflict (the same pair in two sources)
    means shards overlapped: the most recently graded scorecard is kept.
    """
    chosen: dict[tuple[str, str], tuple[Scorecard, Path]] = {}
    conflicts: list[str] = []
    for source in sources:
        for path in sorted(source.glob("*/*.json")):
            try:
                card = Scorecard.model_validate_json(path.read_bytes())
            except (OSError, ValidationError):
                conflicts.append(f"{path}: not a scorecard, skipped")
                continue
            key = (path.parent.name, path.name)
            if key in chosen:
                conflicts.append(f"{'/'.join(key)} is in {chosen[key][1].parent.parent} and "
                                 f"{source}; keeping the newer")
                if chosen[key][0].started_at >= card.started_at:
                    continue
            chosen[key] = (card, path)
    for (student, name), (card, _) in chosen.items():
        write_atomically(out / student / name, card.model_dump_json(indent=2))
    return conflicts

"""The command palette (Ctrl+P) finds competencies: type an id ("2.4") or words of a title
("strat") and go there, in a candidate's session and in a mentor's review alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import Hit, Hits, Provider

from selfcheck.model.catalogue import Catalogue
from selfcheck.safetext import one_line

#: Scores (0 to 1) for an id typed whole or as its start; a title matched by words scores
#: what the fuzzy matcher gives, below these.
WHOLE_ID, ID_START = 1.0, 0.95


class CompetencyCommands(Provider):
    """Offers "Go to ID Title" for each competency the query matches."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        catalogue = getattr(screen, "catalogue", None)
        go_to: Callable[[str], object] | None = getattr(screen, "go_to_competency", None)
        wanted = query.strip().casefold()
        if not isinstance(catalogue, Catalogue) or go_to is None or not wanted:
            return
        matcher = self.matcher(query)
        for competency in catalogue.competencies:
            text = one_line(f"Go to {competency.id} {competency.title}", 120)
            cid = competency.id.casefold()
            if cid == wanted:
                score = WHOLE_ID
            elif cid.startswith(wanted):
                score = ID_START
            else:
                score = matcher.match(one_line(competency.title)) * 0.9
            if score > 0:
                area = catalogue.area(competency.area)
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(go_to, competency.id),
                    text=text,
                    help=one_line(area.title, 80) if area else None,
                )

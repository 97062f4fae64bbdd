"""A readiness result in the words every front end shows: each designation's verdict with its
caveat and gaps, and the result in one line.

`selfcheck check`, the quick check, every report format and the app's Readiness tab render these
and add nothing of their own, so one session reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfcheck.model.catalogue import Area
from selfcheck.model.readiness import DesignationResult, Readiness
from selfcheck.model.wording import designation_name, plural, progress_text, vocabulary


@dataclass(frozen=True)
class Verdict:
    """One designation's verdict."""

    result: DesignationResult
    #: "Career Management Practitioner (CMP)"; a checklist's result by its title.
    name: str
    #: "ready", "not ready"; for an organisation "compliant", "not compliant".
    word: str
    #: An organisation's checklist result is named by its word alone in a sentence.
    checklist: bool = False

    @property
    def id(self) -> str:
        return self.result.designation.id

    @property
    def ready(self) -> bool:
        return self.result.ready

    @property
    def caveat(self) -> str:
        """Beside a "ready": the rules it rests on that no source confirms. (A gap from such a
        rule says so in its own message.)"""
        return self.result.unconfirmed if self.result.ready else ""

    @property
    def line(self) -> str:
        """The verdict in one line: "Career Management Practitioner (CMP): ready — rests on
        a rule no source confirms: Years of experience"."""
        caveat = f" — {self.caveat}" if self.caveat else ""
        return f"{self.name}: {self.word}{caveat}"

    @property
    def sentence(self) -> str:
        """The verdict as the end of a sentence about someone: "ready for Career Management
        Practitioner (CMP) — rests on…"; for an organisation "not compliant"."""
        caveat = f" — {self.caveat}" if self.caveat else ""
        return f"{self.word}{caveat}" if self.checklist else f"{self.word} for {self.name}{caveat}"

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(g.message for g in self.result.gaps)

    @property
    def gap_count(self) -> str:
        """ "1 gap", "3 gaps"."""
        return plural(len(self.result.gaps), "gap")

    @property
    def description(self) -> str:
        """What the designation is, in the catalogue's words (Candidate vs Credentialed)."""
        return self.result.designation.description


def verdicts(readiness: Readiness) -> tuple[Verdict, ...]:
    """Every designation's verdict, in rank order."""
    words = vocabulary(readiness.catalogue)
    return tuple(
        Verdict(
            result,
            designation_name(readiness.catalogue, result.designation),
            words.ready if result.ready else words.not_ready,
            words.checklist,
        )
        for result in readiness.results
    )


def verdict_for(readiness: Readiness, designation_id: str) -> Verdict | None:
    return next((v for v in verdicts(readiness) if v.id == designation_id), None)


def headline(readiness: Readiness) -> str:
    """The result in one line: the highest designation ready on a ladder (with its caveat),
    every ready designation where none ranks above another, or that nothing is ready."""
    words = vocabulary(readiness.catalogue)
    shown = verdicts(readiness)
    ready = [v for v in shown if v.ready]
    if not ready:
        return words.nothing_ready
    if words.checklist:
        names = f" ({', '.join(v.name for v in ready)})" if len(shown) > 1 else ""
        return f"Result: {words.ready}{names}{_caveats(ready)}"
    highest = readiness.highest_ready
    if highest is not None:
        top = next(v for v in ready if v.id == highest.id)
        return f"Highest designation ready: {top.name}{_caveats([top])}"
    return "Ready for: " + ", ".join(v.name for v in ready) + _caveats(ready)


def _caveats(ready: list[Verdict]) -> str:
    flagged = [v for v in ready if v.caveat]
    if not flagged:
        return ""
    if len(ready) == 1:
        return f" — {flagged[0].caveat}"
    if len(flagged) == len(ready):
        return " — each rests on rules no source confirms"
    names = ", ".join(v.name for v in flagged)
    return f" — {names} {'rests' if len(flagged) == 1 else 'rest'} on rules no source confirms"


def short_verdict(readiness: Readiness) -> str:
    """A few words for a list of sessions: "ready for CMF", "not ready yet"."""
    words = vocabulary(readiness.catalogue)
    ready = [v for v in verdicts(readiness) if v.ready]
    if not ready:
        return words.not_yet
    flag = " (unconfirmed rule)" if any(v.caveat for v in ready) else ""
    if words.checklist:
        return words.ready + flag
    highest = readiness.highest_ready
    ids = [highest.id] if highest else [v.id for v in ready]
    return f"ready for {', '.join(ids)}{flag}"


def area_progress_text(readiness: Readiness, area: Area) -> str:
    """One area's progress in words ("5 of 12 demonstrated", "every item marked N/A")."""
    done, applicable = readiness.area_progress(area.id)
    return progress_text(readiness.catalogue, area, done, applicable)

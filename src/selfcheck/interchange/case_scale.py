"""A catalogue's rating scale from a CASE rubric's levels, or the 0–4 scale without one."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from selfcheck.interchange.case_common import one_line, shorten
from selfcheck.model.catalogue import MAX_LEVELS, MAX_STATEMENT

#: Where export keeps what a rubric cannot say (the bar, evidence, N/A), on the CFRubric.
SCALE_EXTENSION = "selfcheckScale"

#: The proficiency scale the shipped person catalogues use, for packages without a rubric.
DEFAULT_LEVELS: tuple[tuple[int, str, str], ...] = (
    (0, "Not yet", "I have not done this yet."),
    (1, "Aware", "I know what it involves but have not done it in practice."),
    (2, "Developing", "I have done it with guidance, or only now and then."),
    (3, "Proficient", "I do it on my own, regularly, and can show evidence."),
    (4, "Expert", "I lead others in it, teach it, or improve how it is done."),
)


@dataclass(frozen=True)
class _Level:
    index: int
    score: float | None
    position: int | None
    quality: str
    meaning: str


def scale_from_rubrics(rubrics: list[Any]) -> tuple[dict[str, Any], list[str]]:
    """The `[scale]` table, and notes on what was guessed. The first rubric criterion with at
    least two levels gives the levels, in ascending score."""
    for r, rubric in enumerate(rubrics):
        if not isinstance(rubric, dict):
            continue
        criteria = rubric.get("CFRubricCriteria")
        for c, criterion in enumerate(criteria if isinstance(criteria, list) else []):
            levels = criterion.get("CFRubricCriterionLevels") if isinstance(criterion, dict) else []
            found = [_level(i, raw) for i, raw in enumerate(levels or []) if isinstance(raw, dict)]
            if len(found) < 2:
                continue
            where = f"CFRubrics[{r}].CFRubricCriteria[{c}]"
            if len(found) > MAX_LEVELS:
                note = (
                    f"{where} has {len(found)} levels (a scale has at most {MAX_LEVELS}); "
                    "the 0–4 scale is used instead"
                )
                return default_scale(), [note]
            return _rubric_scale(found, rubric, where)
    return default_scale(), []


def default_scale() -> dict[str, Any]:
    levels = [
        {"value": v, "label": label, "meaning": meaning} for v, label, meaning in DEFAULT_LEVELS
    ]
    return _scale(levels, demonstrated_from=3, evidence_required=True, allow_na=False)


def _level(index: int, raw: dict[str, Any]) -> _Level:
    score: Any = raw.get("score")
    position = raw.get("position")
    quality = one_line(_str(raw.get("quality")))
    meaning = one_line(_str(raw.get("description"))) or one_line(_str(raw.get("feedback")))
    return _Level(
        index=index,
        score=float(score) if _is_number(score) and math.isfinite(score) else None,
        position=position if type(position) is int else None,
        quality=quality,
        meaning=meaning,
    )


def _rubric_scale(
    found: list[_Level], rubric: dict[str, Any], where: str
) -> tuple[dict[str, Any], list[str]]:
    notes = []
    scores = [lv.score for lv in found]
    if all(s is not None for s in scores):
        ordered = sorted(found, key=lambda lv: (lv.score, lv.position or 0, lv.index))
        whole = [s for s in scores if s is not None and s.is_integer()]
        if len(whole) == len(found) and len(set(whole)) == len(whole):
            values = [int(lv.score or 0) for lv in ordered]
        else:
            values = list(range(len(ordered)))
            notes.append(
                f"{where}: scores are not distinct whole numbers; levels are numbered 0 up"
            )
    else:
        ordered = sorted(found, key=lambda lv: (lv.position is None, lv.position or 0, lv.index))
        values = list(range(len(ordered)))
        notes.append(f"{where}: some levels have no score; levels are numbered 0 up in order")
    levels = []
    for value, lv in zip(values, ordered, strict=True):
        label = shorten(lv.quality, 60) or f"Level {value}"
        meaning = shorten(lv.meaning or label, MAX_STATEMENT)
        levels.append({"value": value, "label": label, "meaning": meaning})
    settings = rubric.get("extensions")
    own = settings.get(SCALE_EXTENSION) if isinstance(settings, dict) else None
    own = own if isinstance(own, dict) else {}
    bar = own.get("demonstratedFrom")
    if type(bar) is not int or bar not in values:
        # Second from the top: "proficient" on most rubrics (3 on the 0–4 scale).
        bar = values[-2] if len(values) >= 3 else values[-1]
        notes.append(
            f"the scale comes from {where}; check demonstrated_from (set to {bar}, "
            f"{levels[values.index(bar)]['label']!r})"
        )
    evidence = own.get("evidenceRequired")
    allow_na = own.get("allowNotApplicable")
    return (
        _scale(
            levels,
            demonstrated_from=bar,
            evidence_required=evidence if type(evidence) is bool else True,
            allow_na=allow_na if type(allow_na) is bool else False,
        ),
        notes,
    )


def _scale(
    levels: list[dict[str, Any]], *, demonstrated_from: int, evidence_required: bool,
    allow_na: bool,
) -> dict[str, Any]:  # fmt: skip
    return {
        "demonstrated_from": demonstrated_from,
        "evidence_required": evidence_required,
        "allow_not_applicable": allow_na,
        "levels": levels,
    }


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""

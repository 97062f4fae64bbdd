"""A requirement computed from feedback: ICMA's multi-rater assessment is answered by the
raters' forms beside the session, counted within the window; without forms, the typed answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.feedback import RaterAnswer, RaterForm
from selfcheck.model.readiness import assess
from selfcheck.model.session import new_session
from selfcheck.storage.feedback import feedback_folder
from selfcheck.storage.sessions import load_session, save_session

TODAY = date(2026, 12, 1)
MULTI_RATER = "multi_rater_assessment"


def forms(n: int, submitted: date | None = date(2026, 11, 1)) -> tuple[RaterForm, ...]:
    """`n` anonymous peers' forms, each rating practice 4 differently (two identical files
    would be one form copied, which counts once)."""
    return tuple(
        RaterForm("icma", "Sam Lee", "peer", "", submitted, {"4": RaterAnswer(1 + i % 4)})
        for i in range(n)
    )


def test_icma_counts_raters_in_the_last_five_years(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    requirement = icma.requirement(MULTI_RATER)
    assert requirement is not None and requirement.computed
    assert "first five years" in requirement.help and "every 5 years" in requirement.help
    session = new_session(icma, "Sam Lee")
    three = assess(icma, replace(session, feedback=forms(3)), TODAY).computed[MULTI_RATER]
    assert three.value is False
    assert three.detail == "3 raters in the last 5 years (from your feedback forms)"
    assert three.need == "at least 4 raters"
    four = assess(icma, replace(session, feedback=forms(4)), TODAY).computed[MULTI_RATER]
    assert four.value is True
    old = forms(4, date(2021, 11, 30))  # a day before the five-year window
    stale = assess(icma, replace(session, feedback=old), TODAY).computed[MULTI_RATER]
    assert stale.value is False and "submitted before the window" in stale.detail
    # No forms: the typed answer stands (and is not computed).
    typed = session.with_answer(MULTI_RATER, True)
    assert MULTI_RATER not in assess(icma, typed, TODAY).computed


def test_forms_beside_a_session_are_attached_on_loading(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    icma = catalogues["icma"]
    path = tmp_path / "sam.toml"
    save_session(path, new_session(icma, "Sam Lee"), icma)
    folder = feedback_folder(path)
    folder.mkdir()
    for i, form in enumerate(forms(4)):
        (folder / f"r{i}.toml").write_text(tomli_w.dumps(form.to_toml()), encoding="utf-8")
    document: dict[str, Any] = {**forms(1)[0].to_toml(), "group": "council"}
    (folder / "bad.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_session(path, {icma.id: icma})
    assert len(loaded.session.feedback) == 4  # the bad form is left out, not fatal
    assert assess(icma, loaded.session, TODAY).computed[MULTI_RATER].value is True
    assert "feedback" not in path.read_text(encoding="utf-8")

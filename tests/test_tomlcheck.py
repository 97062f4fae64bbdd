"""Pre-checks refuse hostile shapes without being fooled by strings; key paths map to lines."""

from __future__ import annotations

from selfcheck.storage.precheck import locate, precheck


def test_dots_and_brackets_inside_strings_are_fine() -> None:
    text = 'a = "' + "x." * 40 + '"\nb = """\n' + "[" * 40 + '\n"""\nc = \'' + "{" * 40 + "'\n"
    assert precheck(text) is None


def test_dots_in_values_and_comments_are_fine() -> None:
    assert precheck("v = [" + ", ".join("1.5" for _ in range(40)) + "]\n") is None
    assert precheck("# " + "a." * 40 + "\nx = 1\n") is None


def test_long_dotted_key_and_header_are_refused() -> None:
    assert "dotted parts" in (precheck("a" + ".b" * 17 + " = 1\n") or "")
    assert "dotted parts" in (precheck("[" + ".".join("t" * 20) + "]\n") or "")
    assert "dotted parts" in (precheck("x = {" + ".".join("k" * 20) + " = 1}\n") or "")


def test_deep_nesting_is_refused() -> None:
    assert "nested" in (precheck("a = " + "[" * 40 + "]" * 40) or "")
    assert precheck("a = " + "[" * 30 + "]" * 30) is None


def test_locate_finds_array_tables_and_keys() -> None:
    text = (
        'id = "x"\n'
        "[[areas]]\n"
        'id = "a"\n'
        "[[areas.competencies]]\n"
        'id = "1"\n'
        "[[areas.competencies]]\n"
        'id = "2"\n'
        "[[areas]]\n"
        'id = "b"\n'
        "[[areas.competencies]]\n"
        'statement = """\n'
        "[not a header]\n"
        '"""\n'
        'id = "3"\n'
    )
    assert locate(text, ("id",)) == 1
    assert locate(text, ("areas", 0, "competencies", 1, "id")) == 7
    assert locate(text, ("areas", 1, "competencies", 0, "id")) == 14
    assert locate(text, ("areas", 1, "competencies", 0, "missing")) == 10
    assert locate(text, ("nothing",)) is None

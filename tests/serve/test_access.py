"""Pure rules of `selfcheck serve`: the token, the origin check, which hosts are this machine
only, what each tab runs and with which environment; and the command line's errors."""

from __future__ import annotations

import importlib
import inspect
import socket
import sys
from pathlib import Path

import pytest
from textual.drivers.web_driver import WebDriver
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from selfcheck.cli.main import main
from selfcheck.serve import EXTRA_MISSING, access, exposure_warning
from selfcheck.serve.tabs import Tab, tab_command, tab_environment


def test_tokens_are_long_and_new_each_time() -> None:
    first, second = access.new_token(), access.new_token()
    assert first != second
    assert len(first) >= 43  # 32 random bytes


@pytest.mark.parametrize(
    ("presented", "allowed"),
    [("secret-token", True), ("secret-tokem", False), ("secret", False), ("", False),
     (None, False), ("secret-token ", False), ("sécret-token", False)],
)  # fmt: skip
def test_token_matches_only_the_token(presented: str | None, allowed: bool) -> None:
    assert access.token_matches(presented, "secret-token") is allowed


def test_either_the_link_or_the_cookie_lets_a_request_in() -> None:
    assert access.is_allowed("t0k", None, "t0k")
    assert access.is_allowed(None, "t0k", "t0k")
    assert access.is_allowed("wrong", "t0k", "t0k")
    assert not access.is_allowed("wrong", "wrong", "t0k")
    assert not access.is_allowed(None, None, "t0k")


def test_each_port_keeps_its_own_cookie() -> None:
    assert access.cookie_name(8000) != access.cookie_name(8001)


@pytest.mark.parametrize(
    ("origin", "same"),
    [(None, True), ("http://127.0.0.1:8000", True), ("https://127.0.0.1:8000", True),
     ("http://127.0.0.1:8001", False), ("http://evil.example", False), ("null", False),
     ("file://", False)],
)  # fmt: skip
def test_same_origin(origin: str | None, same: bool) -> None:
    assert access.same_origin(origin, "127.0.0.1:8000") is same


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True),
     ("localhost", True), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False),
     ("example.org", False)],
)  # fmt: skip
def test_only_loopback_hosts_are_this_machine_only(host: str, loopback: bool) -> None:
    assert access.is_loopback(host) is loopback


def test_any_other_host_is_served_with_a_warning() -> None:
    assert exposure_warning("127.0.0.1", Path("/s")) is None
    warning = exposure_warning("0.0.0.0", Path("/s"))
    assert warning is not None
    assert "anyone who can reach it and has the link can use the sessions in /s" in warning


@pytest.mark.parametrize(
    ("address", "shown"),
    [("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "127.0.0.1"), ("::", "[::1]"), ("::1", "[::1]")],
)
def test_url_host(address: str, shown: str) -> None:
    assert access.url_host(address) == shown


def test_a_tab_runs_this_selfcheck_on_the_served_folders(tmp_path: Path) -> None:
    awkward = tmp_path / "a b $(touch x) 'q'"
    command = tab_command(awkward, tmp_path / "catalogues", review=False)
    assert command[:3] == [sys.executable, "-m", "selfcheck"]
    assert command[3:] == ["--sessions", str(awkward), "--catalogues", str(tmp_path / "catalogues")]
    review = tab_command(awkward, tmp_path, review=True)
    assert review[3] == "review"


def test_a_tab_inherits_only_what_it_needs() -> None:
    parent = {
        "PATH": "/usr/bin", "HOME": "/home/a", "LC_ALL": "C.UTF-8", "XDG_DATA_HOME": "/d",
        "SELFCHECK_STATE": "/s", "AWS_SECRET_ACCESS_KEY": "secret", "GITHUB_TOKEN": "secret",
        "SELFCHECK_SESSIONS": "/elsewhere", "TEXTUAL": "devtools", "NO_COLOR": "1",
    }  # fmt: skip
    env = tab_environment(parent, 120, 40)
    assert {"PATH", "HOME", "LC_ALL", "XDG_DATA_HOME", "SELFCHECK_STATE"} <= env.keys()
    assert "secret" not in env.values()
    # The folders are given on the command line; Textual's debugging stays off.
    assert not {"SELFCHECK_SESSIONS", "TEXTUAL", "NO_COLOR"} & env.keys()
    module, _, name = env["TEXTUAL_DRIVER"].partition(":")
    assert issubclass(getattr(importlib.import_module(module), name), WebDriver)
    assert (env["COLUMNS"], env["ROWS"]) == ("120", "40")


def test_what_we_build_on_in_textual_serve_is_still_there() -> None:
    """Tab overrides and uses parts of textual-serve's AppService that are not documented:
    this fails first when a new release moves them."""

    async def nothing(*_: object) -> None:
        return None

    service = Tab([sys.executable], write_bytes=nothing, write_str=nothing, close=nothing,
                  download_manager=DownloadManager(), log=print)  # fmt: skip
    for attribute in ("_process", "_stdin", "_task", "_download_manager", "app_service_id"):
        assert hasattr(service, attribute), attribute
    for method in ("_build_environment", "_open_app_process", "run", "stop", "start"):
        assert method in vars(AppService), method
    for method in ("on_data", "on_meta", "on_packed", "send_bytes", "set_terminal_size"):
        assert inspect.iscoroutinefunction(getattr(AppService, method)), method
    for method in ("get_download_metadata", "cancel_app_downloads"):
        assert inspect.iscoroutinefunction(getattr(DownloadManager, method)), method


# --- the command line ----------------------------------------------------------------------


def test_without_the_extra_one_line_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err == EXTRA_MISSING + "\n"
    assert "pip install -e '.[serve]'" in err


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_bad_port_is_bad_usage(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", port]) == 2
    assert "not a port number" in capsys.readouterr().err


def test_a_port_in_use_says_how_to_choose_another(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"selfcheck: cannot listen on 127.0.0.1:{port}: ")
    assert "--port 0" in err and "\n" not in err


def test_review_needs_a_folder_that_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert main(["serve", "--review", "--sessions", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"selfcheck: no such folder of sessions: {missing}"

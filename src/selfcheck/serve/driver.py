"""The driver each tab's app runs with: Textual's web driver, which also ends the app when the
server has gone.

Textual's web driver reads the server's packets from stdin and, when stdin closes, just stops
reading: the app would run on with nobody to talk to, holding its session's lock. Here the end
of input that nobody asked for (the server was killed) is taken as SIGTERM, so the app's
signal guard saves and exits as it does in a closed terminal.
"""

from __future__ import annotations

import os
import signal

from textual.drivers.web_driver import WebDriver


class TabDriver(WebDriver):
    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # set when the app itself stops
            os.kill(os.getpid(), signal.SIGTERM)

"""The baseline server: the bare app (bare_app.py) served the way `selfcheck serve` serves
selfcheck (the same server, page, driver and tab environment); prints its link likewise."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from selfcheck.serve.server import Options, SelfcheckServer, listen, run_until_stopped


def main() -> None:
    command = [sys.executable, str(Path(__file__).with_name("bare_app.py"))]
    server = SelfcheckServer(Options("127.0.0.1", 0, command), log=lambda _: None)

    def started(url: str) -> None:
        print(f"  {url}", flush=True)

    asyncio.run(run_until_stopped(server, listen("127.0.0.1", 0), started))


if __name__ == "__main__":
    main()

// Runs after textual.js has been read and before the page's load event, when textual.js
// starts the terminal. Two things it cannot do by itself here:
(() => {
  "use strict";
  // The websocket is this page's own server, at whatever address the browser used.
  const terminal = document.getElementById("terminal");
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  terminal.dataset.sessionWebsocketUrl = scheme + window.location.host + "/ws";

  // The terminal measures its character cells once, when it starts: start it only once the
  // font is ready, or the cells are measured with a fallback font.
  const startTerminal = window.onload;
  window.onload = null;
  window.addEventListener("load", (event) => {
    const fontReady = document.fonts.load('16px "Roboto Mono"').catch(() => undefined);
    fontReady.then(() => startTerminal && startTerminal.call(window, event));
  });

  document.getElementById("restart").addEventListener("click", () => {
    window.location.reload();
  });
})();

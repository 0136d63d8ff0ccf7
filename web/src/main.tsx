import { render } from "preact";

import { App } from "./components/App";
import { loadConfig } from "./config";

const root = document.getElementById("app");
if (root) {
  loadConfig()
    .then((config) => render(<App config={config} />, root))
    .catch((error: unknown) => {
      root.textContent = `The console could not start: ${String(error)}`;
    });
}

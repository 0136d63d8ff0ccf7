import { render } from "preact";

import { HelpCentre } from "./HelpCentre";
import { loadHelpConfig } from "./publicApi";

const root = document.getElementById("app");
if (root) {
  loadHelpConfig()
    .then((config) => render(<HelpCentre config={config} />, root))
    .catch((error: unknown) => {
      root.textContent = `The help centre could not start: ${String(error)}`;
    });
}

import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { stringsFor } from "../taskpane/strings";
import { OfflineApp } from "./OfflineApp";

const container = document.getElementById("container");
if (container) {
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <OfflineApp strings={stringsFor(navigator.language)} />
    </FluentProvider>,
  );
}

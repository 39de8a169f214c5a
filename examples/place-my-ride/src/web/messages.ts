/** Errors as the rider reads them: what happened in words, then the service's own message. */
import { RpcError } from "@rpcgen/runtime";

const titles: Readonly<Record<string, string>> = {
  out_of_range: "That point is off the map",
  not_found: "No route there",
  resource_exhausted: "No driver is free right now",
  unavailable: "Connection lost: reconnecting…",
  unauthenticated: "Your session ended",
  deadline_exceeded: "The service took too long",
  invalid_argument: "That request was not valid",
};

/** Shows `error` in the error box (code in `data-code`), or clears the box. */
export function showError(error: unknown): void {
  const box = document.getElementById("error")!;
  if (error === undefined) {
    box.hidden = true;
    box.replaceChildren();
    delete box.dataset.code;
    return;
  }
  const rpc = RpcError.from(error);
  box.dataset.code = rpc.code;
  const title = document.createElement("strong");
  title.textContent = titles[rpc.code] ?? `Something went wrong (${rpc.code})`;
  const detail = document.createElement("span");
  detail.className = "message";
  detail.textContent = `${rpc.code}: ${rpc.message}`;
  box.replaceChildren(title, detail);
  box.hidden = false;
}

/** The code of the error on show, if any. */
export function shownCode(): string | undefined {
  return document.getElementById("error")!.dataset.code;
}

/** Sets the status line in the header. */
export function setStatus(text: string): void {
  document.getElementById("status")!.textContent = text;
}

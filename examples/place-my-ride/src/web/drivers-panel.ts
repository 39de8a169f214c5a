/**
 * The drivers board: RideService.driverBoard streamed over WebSocket, shown as counts and a
 * list, and drawn on the map. The stream is the page's lifeline too: when the connection
 * drops it fails `unavailable`, the page says so, and it reconnects with backoff until the
 * board flows again.
 */
import { RpcCode, RpcError } from "@rpcgen/runtime";
import type { DriverBoard } from "../../services/ride.js";
import type { RideServiceClient } from "../gen/ride.js";
import { setStatus, showError, shownCode } from "./messages.js";

/** Follows the board for as long as the page lives, calling `onBoard` with each one. */
export async function followDrivers(
  client: RideServiceClient,
  onBoard: (board: DriverBoard) => void,
): Promise<never> {
  let delayMs = 250;
  for (;;) {
    try {
      for await (const board of client.driverBoard()) {
        delayMs = 250;
        if (shownCode() === RpcCode.Unavailable) {
          showError(undefined);
          setStatus("Reconnected.");
        }
        showBoard(board);
        onBoard(board);
      }
    } catch (error) {
      showError(error);
      if (RpcError.from(error).code === RpcCode.Unavailable) setStatus("Reconnecting…");
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 4000);
  }
}

function showBoard(board: DriverBoard): void {
  const summary = document.getElementById("drivers")!;
  summary.dataset.free = String(board.free);
  summary.dataset.booked = String(board.booked);
  summary.textContent = `${board.free} free, ${board.booked} booked`;
  document.getElementById("driver-list")!.replaceChildren(
    ...board.drivers.map((d) => {
      const item = document.createElement("li");
      item.className = d.booked ? "booked" : "free";
      item.textContent = d.driverId;
      return item;
    }),
  );
}

/**
 * The rider's side of RideService over WebSocket: one session, logged in on first use and
 * again when the service no longer knows it (it restarted, or the session expired).
 */
import { RpcCode, RpcError } from "@rpcgen/runtime";
import type { LatLon } from "../../services/geo.js";
import type { Avoid } from "../../services/path.js";
import type { Booking } from "../../services/ride.js";
import type { RideServiceClient } from "../gen/ride.js";

/** Books for one rider, logging in as needed. */
export class RideSession {
  readonly client: RideServiceClient;
  readonly #riderId: string;
  #sessionId: Promise<string> | undefined;

  constructor(client: RideServiceClient, riderId: string) {
    this.client = client;
    this.#riderId = riderId;
  }

  /** The session, logging in if there is none yet. */
  sessionId(): Promise<string> {
    if (this.#sessionId === undefined) {
      const login = this.client.login(this.#riderId).then((s) => s.sessionId);
      // A failed login is not kept: the next booking tries again.
      login.catch(() => {
        if (this.#sessionId === login) this.#sessionId = undefined;
      });
      this.#sessionId = login;
    }
    return this.#sessionId;
  }

  /** Books a ride; an unknown session is replaced by a fresh one and the booking tried once more. */
  async book(from: LatLon, to: LatLon, avoid: Avoid[]): Promise<Booking> {
    const attempt = async () =>
      this.client.placeMyRide(
        await this.sessionId(),
        from,
        to,
        avoid.length > 0 ? avoid : undefined,
      );
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RpcError && error.code === RpcCode.Unauthenticated)) throw error;
      this.#sessionId = undefined;
      return attempt();
    }
  }
}

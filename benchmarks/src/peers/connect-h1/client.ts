import { main, runClientProcess } from "../../shared/child.js";
import { connectClient } from "../connect/client.js";

/** Connect protocol, binary protobuf, over HTTP/1.1: see ../connect/client.ts. */
main(() => runClientProcess((config) => connectClient("1.1", config)));

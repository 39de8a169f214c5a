import { main, runServerProcess } from "../../shared/child.js";
import { listenConnect } from "../connect/server.js";

/** Connect protocol, binary protobuf, over HTTP/1.1: see ../connect/server.ts. */
main(() => runServerProcess(({ host }) => listenConnect("1.1", host)));

import { main, runServerProcess } from "../../shared/child.js";
import { listenConnect } from "../connect/server.js";

/** Connect protocol, binary protobuf, over HTTP/2: see ../connect/server.ts. */
main(() => runServerProcess(({ host }) => listenConnect("2", host)));

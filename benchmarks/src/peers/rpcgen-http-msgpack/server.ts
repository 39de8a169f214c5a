import { serveHttpBench } from "../rpcgen/http-server.js";

serveHttpBench();

import { runHttpClient } from "../rpcgen/http-client.js";

runHttpClient("json");

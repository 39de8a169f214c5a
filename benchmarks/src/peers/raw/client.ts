import { runRawClient } from "./connect.js";

runRawClient({ records: true });

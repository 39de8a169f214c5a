import { runRawClient } from "../raw/connect.js";

runRawClient({ records: false });

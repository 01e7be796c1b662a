// The worker of src/cli/readInParts.ts run from source: registers tsx's loader in this thread, then runs it.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/readWorker.ts");

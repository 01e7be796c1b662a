#!/usr/bin/env node
// The `retention-metrics` command (package.json "bin"): see main.ts and `retention-metrics --help`.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { itRunsBlocks, sectionBlocks } from "../support/snippets.js";

// Runs the ```ts blocks of docs/predicting-clv.md, section "Model checks: does the model fit your shop?", each as a module importing the package
// source, and checks each `console.log(...); // <expected>` line against what it printed.
const page = readFileSync(new URL("../../docs/predicting-clv.md", import.meta.url), "utf8");
const { start, blocks } = sectionBlocks(page, "## Model checks: does the model fit your shop?");

describe("docs/predicting-clv.md, 'Model checks: does the model fit your shop?'", () => {
  it("has the section and its worked examples", () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks.length).toBe(1);
  });
  itRunsBlocks(blocks, ".docs-checks-tmp");
});

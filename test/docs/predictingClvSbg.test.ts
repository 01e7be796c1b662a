import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { itRunsBlocks, sectionBlocks } from "../support/snippets.js";

// Runs the ```ts blocks of docs/predicting-clv.md, section "Subscriptions: the sBG model", each as a module importing the package
// source, and checks each `console.log(...); // <expected>` line against what it printed.
const page = readFileSync(new URL("../../docs/predicting-clv.md", import.meta.url), "utf8");
const { start, blocks } = sectionBlocks(page, "## Subscriptions: the sBG model");

describe("docs/predicting-clv.md, 'Subscriptions: the sBG model'", () => {
  it("has the section and its worked examples", () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks.length).toBe(2);
  });
  itRunsBlocks(blocks, ".docs-sbg-tmp");
});

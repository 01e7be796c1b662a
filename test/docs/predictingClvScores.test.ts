import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { itRunsBlocks, sectionBlocks } from "../support/snippets.js";

// Runs the ```ts blocks of docs/predicting-clv.md, section "Scoring customers: who buys next, and what they are worth" (with its
// subsections on ranges and the BG/BB path), each as a module importing the package
// source, and checks each `console.log(...); // <expected>` line against what it printed.
const page = readFileSync(new URL("../../docs/predicting-clv.md", import.meta.url), "utf8");
const { start, blocks } = sectionBlocks(page, "## Scoring customers: who buys next, and what they are worth");

describe("docs/predicting-clv.md, 'Scoring customers'", () => {
  it("has the section and its worked examples", () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks.length).toBe(3);
  });
  itRunsBlocks(blocks, ".docs-scores-tmp");
});

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Every relative link of README.md and docs/*.md points to a file that exists, and a `#anchor` into a Markdown file
// to one of its headings (GitHub's slugs: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats).
const root = fileURLToPath(new URL("../", import.meta.url));
const pages = ["README.md", "CONTRIBUTING.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

function slugs(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const body = markdown.replace(/```[\s\S]*?```/g, "");
  for (const m of body.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (m[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe("documentation links", () => {
  it.each(pages)("%s: relative links resolve", (page) => {
    const text = readFileSync(join(root, page), "utf8").replace(/```[\s\S]*?```/g, "");
    const broken: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1] as string;
      if (/^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
      const [path, anchor] = target.split("#") as [string, string | undefined];
      const file = path === "" ? join(root, page) : resolve(dirname(join(root, page)), path);
      if (!existsSync(file)) {
        broken.push(`${target} (no file)`);
        continue;
      }
      if (anchor !== undefined && file.endsWith(".md") && !slugs(readFileSync(file, "utf8")).has(anchor)) broken.push(`${target} (no heading)`);
    }
    expect(broken).toEqual([]);
  });

  it("has a 'Choosing definitions' page linked from the README", () => {
    expect(readFileSync(join(root, "docs/choosing-definitions.md"), "utf8")).toMatch(/^# Choosing definitions\n/);
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain("(docs/choosing-definitions.md)");
  });
});

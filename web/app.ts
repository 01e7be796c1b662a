// The page: a file dropped (or chosen) goes to the worker with the format and time zone; a progress bar follows
// the read; the report comes back as one HTML string, shown in a sandboxed iframe (no scripts run in it).
import type { WorkerMessage, WorkerRequest } from "./worker.js";

declare const WORKER_SOURCE: string; // the bundled worker, inlined by scripts/build-web.mjs

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const drop = $<HTMLDivElement>("drop");
const input = $<HTMLInputElement>("file");
const format = $<HTMLSelectElement>("format");
const zone = $<HTMLInputElement>("timezone");
const progress = $<HTMLProgressElement>("progress");
const status = $<HTMLParagraphElement>("status");
const frame = $<HTMLIFrameElement>("report");
const save = $<HTMLAnchorElement>("save");

zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const workerUrl = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
let worker: Worker | null = null;

function setStatus(state: "idle" | "working" | "done" | "error", text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

function run(file: File): void {
  worker?.terminate();
  worker = new Worker(workerUrl);
  progress.hidden = false;
  progress.value = 0;
  progress.dataset.updates = "0";
  frame.hidden = true;
  save.hidden = true;
  setStatus("working", `Reading ${file.name}…`);
  const t0 = performance.now();
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const m = event.data;
    if (m.kind === "progress") {
      progress.value = m.total > 0 ? m.done / m.total : 1;
      progress.dataset.updates = String(Number(progress.dataset.updates ?? "0") + 1);
      return;
    }
    progress.hidden = true;
    if (m.kind === "error") {
      setStatus("error", m.message);
      return;
    }
    frame.srcdoc = m.html;
    frame.hidden = false;
    save.href = URL.createObjectURL(new Blob([m.html], { type: "text/html" }));
    save.download = `${file.name.replace(/\.[^.]*$/, "")}-report.html`;
    save.hidden = false;
    setStatus("done", `${m.rows.toLocaleString()} rows, ${m.orders.toLocaleString()} orders, in ${((performance.now() - t0) / 1000).toFixed(1)} s. Nothing left this page.`);
  };
  const request: WorkerRequest = { file, name: file.name, format: format.value as WorkerRequest["format"], timeZone: zone.value.trim() || "UTC" };
  worker.postMessage(request);
}

input.addEventListener("change", () => {
  const file = input.files?.[0];
  if (file) run(file);
});
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const file = e.dataTransfer?.files[0];
  if (file) run(file);
});
setStatus("idle", "No file yet.");

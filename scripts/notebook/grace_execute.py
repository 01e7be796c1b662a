"""nbconvert's ExecutePreprocessor, plus a short wait for kernel output that arrives after the idle status.

The Deno kernel (deno jupyter, 2.x) sometimes publishes a cell's execute_result on IOPub just *after* the
`status: idle` message of that cell (same millisecond; a race between its sending tasks). nbclient stops reading a
cell's outputs at idle, so such a result is lost and the executed notebook shows the cell without output. This
preprocessor keeps reading IOPub for `late_output_grace` seconds after idle and adds any output of the same cell.

Used by scripts/check-notebook.mjs:
  PYTHONPATH=scripts/notebook jupyter nbconvert --to notebook \
    --Exporter.preprocessors="['grace_execute.GraceExecutePreprocessor']" --GraceExecutePreprocessor.kernel_name=...
"""

import time
from queue import Empty

from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
from nbconvert.preprocessors import ExecutePreprocessor
from traitlets import Float


class GraceExecutePreprocessor(ExecutePreprocessor):
    late_output_grace = Float(
        0.5,
        help="Seconds to keep reading a cell's IOPub output after its idle status (late results of the Deno kernel).",
    ).tag(config=True)

    late_outputs = 0

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    break
        deadline = time.monotonic() + self.late_output_grace
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            if msg["msg_type"] in ("execute_result", "display_data", "stream", "error"):
                GraceExecutePreprocessor.late_outputs += 1
                self.log.warning("late %s of cell %d, after its idle status: kept", msg["msg_type"], cell_index)
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                pass

"""Which device training would use, found without loading TensorFlow into the app.

Importing TensorFlow takes seconds of CPU and holds the interpreter lock most of
that time, and it cannot be interrupted; doing it on a thread of the app would make
the window stutter at start-up and could hold up quitting. So a child process
(``python -m reviewer.ui.common.device_probe``) imports it, prints "GPU: name" or "CPU
only", and exits; the status bar shows "detecting…" until then. The process is
killed if the app quits first.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

TIMEOUT_MS = 120_000
DETECTING = "detecting…"


def probe_command() -> list[str]:
    return [sys.executable, "-m", "reviewer.ui.common.device_probe"]


class DeviceProbe(QObject):
    """Starts the child process; ``found`` carries the text for the status bar."""

    found = Signal(str)

    def __init__(self, command: list[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._command = command or probe_command()
        self._process = QProcess(self)
        self._process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self.result: str | None = None

    def start(self) -> None:
        env = self._process.processEnvironment()
        env.insert("TF_CPP_MIN_LOG_LEVEL", "3")
        self._process.setProcessEnvironment(env)
        self._process.start(self._command[0], self._command[1:])
        self._timer.start(TIMEOUT_MS)

    def _on_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        self._timer.stop()
        out = bytes(self._process.readAllStandardOutput().data()).decode("utf-8", "replace")
        lines = [line.strip() for line in out.splitlines() if line.strip()]
        if code == 0 and lines:
            self._report(lines[-1])
        else:
            self._report("CPU only (TensorFlow did not start)")

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._timer.stop()
            self._report("device unknown")

    def _on_timeout(self) -> None:
        self.stop()
        self._report("device unknown (TensorFlow took too long)")

    def _report(self, text: str) -> None:
        if self.result is None:
            self.result = text
            self.found.emit(text)

    def is_running(self) -> bool:
        return self._process.state() != QProcess.ProcessState.NotRunning

    def stop(self) -> None:
        """Kill the child process if it still runs, and reap it."""
        self._timer.stop()
        if self.is_running():
            self._process.kill()
            self._process.waitForFinished(3000)


def main() -> int:
    """Print the device line (the child process's whole job)."""
    try:
        from reviewer.training.devices import describe_device
    except ImportError:
        sys.stdout.write("CPU only (TensorFlow not installed)\n")
        return 0
    sys.stdout.write(describe_device() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

from __future__ import annotations

import os
import signal
import time

import pytest

from bot.runtime.signals import sigterm_interrupts


def test_sigterm_interrupts_like_ctrl_c_inside_the_block_only() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), sigterm_interrupts():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler must interrupt this
        pytest.fail("SIGTERM did not interrupt")
    assert signal.getsignal(signal.SIGTERM) == before

"""Programs that ask on the terminal (passwords, passphrases, an editor) run on the real terminal in the tutor."""

from __future__ import annotations

import pytest

from shelltutor.grading.shape import needs_terminal

ASKS = [
    "ssh-copy-id -p 2222 mlops@gpu-server",
    "ssh-copy-id gpu-server",
    "ssh gpu-server",
    "ssh -p 2222 mlops@gpu-server",
    "ssh -i ~/.ssh/id_ed25519 -p 2222 mlops@gpu-server",
    "ssh -L 8888:localhost:8888 gpu-server",
    "ssh-keygen",
    "ssh-keygen -t ed25519",
    "ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519",
    "ssh-keygen -p -f ~/.ssh/id_ed25519",
    "sftp gpu-server",
    "crontab -e",
    "EDITOR=vi crontab -e",
    "passwd",
]
PRINTS = [
    "ssh gpu-server 'nvidia-smi'",
    "ssh gpu-server ls -l data",
    "ssh -p 2222 mlops@gpu-server cat welcome.txt",
    "ssh -f -N -L 16006:localhost:6006 gpu-server",
    "ssh -G gpu-server",
    "ssh -V",
    "ssh gpu-server < commands.sh",
    "echo ls | ssh gpu-server",
    "ssh-keygen -t ed25519 -N '' -f ~/.ssh/id_ed25519",
    "ssh-keygen -l -f ~/.ssh/id_ed25519.pub",
    "ssh-keygen -y -f ~/.ssh/id_ed25519",
    "ssh-keygen -R gpu-server",
    "sftp -b batch.txt gpu-server",
    "crontab -l",
    "crontab nightly.cron",
    "crontab -r",
    "ssh-copy-id --help",
    "echo $(ssh gpu-server hostname)",
]


@pytest.mark.parametrize("command", ASKS)
def test_programs_that_ask_get_the_terminal(command: str) -> None:
    assert needs_terminal(command)


@pytest.mark.parametrize("command", PRINTS)
def test_programs_that_only_print_do_not(command: str) -> None:
    assert not needs_terminal(command)

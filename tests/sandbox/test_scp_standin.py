"""The scp stand-in (sandbox/bin/scp) against its simulated servers, in real sandboxes.

It must behave as OpenSSH 9's scp does: every spelling of the options, the direction given by the order of the
paths, directories with -r, the servers' ports and accounts, and scp's, sftp's and ssh's own messages, word for
word. A simulated server's files live under /tmp/.remote/<host>/ and nothing on it may reach the learner's files:
`..` and symlinks on the server stop at its root.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_helpers import run_ok, survivors

from shelltutor.sandbox import Session, SessionSpec

GPU01 = "mlops@gpu01.lab.internal"
GPU02 = "mlops@gpu02.lab.internal"
R1 = "/tmp/.remote/gpu01.lab.internal"
R2 = "/tmp/.remote/gpu02.lab.internal"
CLOSED = "scp: Connection closed\n"
USAGE = (
    "usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n"
    "           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n"
    "           [-P port] [-S program] [-X sftp_option] source ... target\n"
)
FILES = (
    "mkdir -p checkpoints runs/exp42/sub"
    " && printf 'fake weights: epoch 12\\n' > checkpoints/best.pt"
    " && printf 'model: resnet50\\n' > runs/exp42/config.yaml"
    " && printf 'epoch 10\\n' > runs/exp42/sub/train.log"
    " && printf 'split,n,accuracy\\n' > eval.csv"
)
TRAIN_LOG_START = "2026-11-21 22:14:03 INFO  run exp42"


@pytest.fixture
def box() -> Iterator[Session]:
    """A fresh sandbox with a few of the learner's files (a checkpoint, a run directory, a CSV)."""
    s = Session.start(SessionSpec(isolation="bwrap"))
    try:
        run_ok(s, FILES)
        yield s
    finally:
        s.close()
        assert survivors(s) == []


def scp(s: Session, args: str) -> tuple[int | None, str, str]:
    r = s.run(f"scp {args}")
    return r.exit_code, r.stdout, r.stderr


def ok(s: Session, args: str) -> None:
    """A copy that works: exit 0 and not a word on either stream (no terminal, no progress meter)."""
    assert scp(s, args) == (0, "", "")


# -- options -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        "-P 2222 eval.csv " + GPU02 + ":/data/reports/",
        "-P2222 eval.csv " + GPU02 + ":/data/reports/",
        "-P 2222 eval.csv " + GPU02 + ":/data/reports",
        "-P 2222 ./eval.csv " + GPU02 + ":/data/reports/",
        "-P 2222 eval.csv " + GPU02 + ":/data/reports/eval.csv",
        "-o Port=2222 eval.csv " + GPU02 + ":/data/reports/",
        "-oPort=2222 eval.csv " + GPU02 + ":/data/reports/",
        "-o port=2222 eval.csv " + GPU02 + ":/data/reports/",
        "-o 'Port 2222' eval.csv " + GPU02 + ":/data/reports/",
        "-o 'Port = 2222' eval.csv " + GPU02 + ":/data/reports/",
        "eval.csv scp://" + GPU02 + ":2222//data/reports/",
        "-qP 2222 eval.csv " + GPU02 + ":/data/reports/",
        "-C -4 -q -B -P 2222 eval.csv " + GPU02 + ":/data/reports/",
        "-pP2222 eval.csv " + GPU02 + ":/data/reports/",
        "-o Port=2222 -P 22 eval.csv " + GPU02 + ":/data/reports/",  # the first value ssh gets wins
        "-- eval.csv scp://" + GPU02 + ":2222//data/reports/",
    ],
)
def test_every_spelling_of_the_port_uploads(box: Session, args: str) -> None:
    ok(box, args)
    assert box.read_file(f"{R2}/data/reports/eval.csv") == b"split,n,accuracy\n"


@pytest.mark.parametrize(
    "setup, args",
    [
        ("", "-o User=mlops checkpoints/best.pt gpu01.lab.internal:/data/models/"),
        ("", "-o 'User mlops' checkpoints/best.pt gpu01.lab.internal:/data/models/"),
        ("", "checkpoints/best.pt scp://" + GPU01 + "//data/models/"),
        ("", "-i ~/.ssh/id_ed25519 checkpoints/best.pt " + GPU01 + ":/data/models/"),
        (
            "mkdir -p ~/.ssh && printf 'Host gpu01\\n  HostName gpu01.lab.internal\\n  User mlops\\n' > ~/.ssh/config",
            "checkpoints/best.pt gpu01:/data/models/",
        ),
        (
            "printf 'Host *.lab.internal\\n  User mlops\\n' > lab.conf",
            "-F lab.conf checkpoints/best.pt gpu01.lab.internal:/data/models/",
        ),
    ],
)
def test_the_account_host_and_key_as_ssh_takes_them(box: Session, setup: str, args: str) -> None:
    if setup:
        run_ok(box, setup)
    if "-i" in args:
        run_ok(box, "mkdir -p ~/.ssh && touch ~/.ssh/id_ed25519")
    ok(box, args)
    assert box.read_file(f"{R1}/data/models/best.pt") == b"fake weights: epoch 12\n"


def test_options_bundle_and_stop_at_the_first_path(box: Session) -> None:
    ok(box, "-rpq runs/exp42 " + GPU01 + ":/data/runs/")
    assert box.read_file(f"{R1}/data/runs/exp42/sub/train.log") == b"epoch 10\n"
    # An option after the first path is a path (OpenSSH's getopt does not reorder): -r is a file to send.
    # The checkpoint goes up, then scp stops at "-r".
    assert scp(box, "checkpoints/best.pt -r runs/exp42 " + GPU01 + ":/data/models/") == (
        255,
        "",
        'scp: stat local "-r": No such file or directory\n',
    )
    assert box.read_file(f"{R1}/data/models/best.pt") == b"fake weights: epoch 12\n"


def test_verbose_says_what_it_runs(box: Session) -> None:
    code, out, err = scp(box, "-v checkpoints/best.pt " + GPU01 + ":/data/models/")
    assert (code, out) == (0, "")
    assert err == "Executing: program /usr/bin/ssh host gpu01.lab.internal, user mlops, command sftp\n"


@pytest.mark.parametrize(
    "args, code, err",
    [
        ("-Z eval.csv " + GPU01 + ":", 1, "scp: unknown option -- Z\n" + USAGE),
        ("-P", 1, "scp: option requires an argument -- P\n" + USAGE),
        ("eval.csv", 1, USAGE),
        ("", 1, USAGE),
        ("-P abc eval.csv " + GPU02 + ":", 255, 'scp: bad port "abc"\n\n'),
        ("-P 0 eval.csv " + GPU02 + ":", 255, 'scp: bad port "0"\n\n'),
        ("-1 eval.csv " + GPU01 + ":", 255, "scp: SSH protocol v.1 is no longer supported\n"),
        ("-l 0 eval.csv " + GPU01 + ":", 1, USAGE),
        ("-X nope eval.csv " + GPU01 + ":", 255, "scp: Invalid -X option\n"),
        (
            "-o Port 2222 eval.csv " + GPU02 + ":/data/reports/",
            255,
            'command-line line 0: no argument after keyword "port"\n' + CLOSED,
        ),
        ("-o Port=abc eval.csv " + GPU02 + ":", 255, "command-line line 0: Bad port 'abc'.\n" + CLOSED),
        ("-o Bogus=1 eval.csv " + GPU01 + ":", 255, "command-line: line 0: Bad configuration option: bogus\n" + CLOSED),
        (
            "-F nofile eval.csv " + GPU01 + ":",
            255,
            "Can't open user config file nofile: No such file or directory\n" + CLOSED,
        ),
        ('"bad\'user@gpu01.lab.internal:/data/logs/train.log" .', 1, "bad'user: invalid user name\n"),
        ("eval.csv scp://" + GPU02 + ":abc/x", 1, "scp://" + GPU02 + ":abc/x: invalid uri\n"),
    ],
)
def test_bad_options_are_refused_as_scp_and_ssh_refuse_them(box: Session, args: str, code: int, err: str) -> None:
    assert scp(box, args) == (code, "", err)


def test_a_missing_identity_file_is_only_a_warning(box: Session) -> None:
    code, out, err = scp(box, "-i nokey checkpoints/best.pt " + GPU01 + ":/data/models/")
    assert (code, out, err) == (0, "", "Warning: Identity file nokey not accessible: No such file or directory.\n")


# -- connecting: hosts, ports, accounts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, err",
    [
        (
            "eval.csv " + GPU02 + ":/data/reports/",
            "ssh: connect to host gpu02.lab.internal port 22: Connection refused\n",
        ),
        (
            "-P 22 eval.csv " + GPU02 + ":/data/reports/",
            "ssh: connect to host gpu02.lab.internal port 22: Connection refused\n",
        ),
        (
            "-p 2222 eval.csv " + GPU02 + ":/data/reports/",
            "ssh: connect to host gpu02.lab.internal port 22: Connection refused\n",
        ),
        (
            "eval.csv " + GPU02 + ":2222:/data/reports/",
            "ssh: connect to host gpu02.lab.internal port 22: Connection refused\n",
        ),
        (
            "-P 2222 eval.csv " + GPU01 + ":/data/reports/",
            "ssh: connect to host gpu01.lab.internal port 2222: Connection refused\n",
        ),
        ("eval.csv mlops@localhost:/tmp/", "ssh: connect to host localhost port 22: Connection refused\n"),
        ("eval.csv gpu01.lab.internal:/data/models/", "learner@gpu01.lab.internal: Permission denied (publickey).\n"),
        ("eval.csv root@gpu01.lab.internal:/data/models/", "root@gpu01.lab.internal: Permission denied (publickey).\n"),
        ("gpu01.lab.internal:/data/logs/train.log .", "learner@gpu01.lab.internal: Permission denied (publickey).\n"),
        (
            "-P 2222 eval.csv GPU02.Lab.Internal:/data/reports/",
            "learner@gpu02.lab.internal: Permission denied (publickey).\n",
        ),
    ],
)
def test_a_connection_that_fails_says_why_and_exits_255(box: Session, args: str, err: str) -> None:
    assert scp(box, args) == (255, "", err + CLOSED)
    assert box.run(f"test -e {R2}/data/reports/eval.csv || test -e {R1}/data/models/eval.csv").exit_code == 1
    assert box.run("test -e train.log").exit_code == 1


@pytest.mark.parametrize("host", ["gpu03.lab.internal", "gpu01", "example.com"])
def test_a_host_that_is_not_simulated_is_unknown_and_said_to_be(box: Session, host: str) -> None:
    assert scp(box, f"eval.csv mlops@{host}:/data/") == (
        255,
        "",
        f"ssh: Could not resolve hostname {host}: Name or service not known\n"
        + CLOSED
        + "shelltutor: this sandbox has no network; the only servers here are simulated: "
        "gpu01.lab.internal, gpu02.lab.internal.\n"
        "shelltutor: 이 샌드박스에는 네트워크가 없어서, 여기 있는 서버는 흉내 낸 서버뿐입니다: "
        "gpu01.lab.internal, gpu02.lab.internal.\n",
    )


def test_quiet_silences_ssh_but_not_scp(box: Session) -> None:
    assert scp(box, "-q eval.csv " + GPU02 + ":/data/reports/") == (255, "", CLOSED)


# -- direction ------------------------------------------------------------------------------------------------


def test_upload_then_download(box: Session) -> None:
    ok(box, "checkpoints/best.pt " + GPU01 + ":/data/models/")
    assert box.read_file(f"{R1}/data/models/best.pt") == b"fake weights: epoch 12\n"
    ok(box, GPU01 + ":/data/logs/train.log .")
    assert box.read_file("train.log").decode().startswith(TRAIN_LOG_START)
    ok(box, GPU01 + ":/data/logs/eval.log renamed.log")
    assert box.read_file("renamed.log").startswith(b"2026-11-22 02:10:11 INFO  eval exp42")


def test_every_spelling_of_the_local_path(box: Session) -> None:
    for source in ("./checkpoints/best.pt", "~/checkpoints/best.pt", "/home/learner/checkpoints/best.pt"):
        run_ok(box, f"rm -f {R1}/data/models/best.pt")
        ok(box, f"{source} {GPU01}:/data/models/")
        assert box.read_file(f"{R1}/data/models/best.pt") == b"fake weights: epoch 12\n"
    run_ok(box, f"rm -f {R1}/data/models/best.pt; cd checkpoints")
    ok(box, f"best.pt {GPU01}:/data/models/")
    assert box.read_file(f"{R1}/data/models/best.pt") == b"fake weights: epoch 12\n"
    ok(box, f"{GPU01}:/data/logs/train.log ../")
    assert box.read_file("train.log").decode().startswith(TRAIN_LOG_START)


def test_swapped_paths_copy_the_other_way(box: Session) -> None:
    # A download of a directory into the checkpoint, not the upload of the checkpoint.
    assert scp(box, GPU01 + ":/data/models/ checkpoints/best.pt") == (
        1,
        "",
        "scp: download /data/models/: not a regular file\n",
    )
    assert box.read_file("checkpoints/best.pt") == b"fake weights: epoch 12\n"
    # An upload of the current directory, not the download of the log.
    assert scp(box, ". " + GPU01 + ":/data/logs/train.log") == (
        1,
        "",
        'scp: local "." is not a regular file\nscp: failed to upload file . to /data/logs/train.log\n',
    )
    assert box.run("test -e train.log").exit_code == 1
    assert box.read_file(f"{R1}/data/logs/train.log").decode().startswith(TRAIN_LOG_START)


def test_without_a_colon_scp_copies_locally_with_cp(box: Session) -> None:
    assert scp(box, "checkpoints/best.pt " + GPU01 + "/data/models/") == (
        1,
        "",
        "cp: cannot create regular file 'mlops@gpu01.lab.internal/data/models/': No such file or directory\n",
    )
    ok(box, "checkpoints/best.pt copy.pt")
    assert box.read_file("copy.pt") == b"fake weights: epoch 12\n"
    assert scp(box, GPU01 + " /data/logs/train.log .") == (
        1,
        "",
        "cp: cannot stat 'mlops@gpu01.lab.internal': No such file or directory\n"
        "cp: cannot stat '/data/logs/train.log': No such file or directory\n",
    )


# -- errors of the copy itself ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, code, err",
    [
        (
            "runs/exp42 " + GPU01 + ":/data/runs/",
            1,
            'scp: local "runs/exp42" is not a regular file\nscp: failed to upload file runs/exp42 to /data/runs/\n',
        ),
        (
            "-R runs/exp42 " + GPU01 + ":/data/runs/",
            1,
            'scp: local "runs/exp42" is not a regular file\nscp: failed to upload file runs/exp42 to /data/runs/\n',
        ),
        ("nosuch.pt " + GPU01 + ":/data/models/", 255, 'scp: stat local "nosuch.pt": No such file or directory\n'),
        (GPU01 + ":/data/nosuch.log .", 1, "scp: /data/nosuch.log: No such file or directory\n"),
        (GPU01 + ":data/logs/train.log .", 1, "scp: data/logs/train.log: No such file or directory\n"),
        (GPU01 + ":/data/logs/*.csv .", 1, "scp: /data/logs/*.csv: No such file or directory\n"),
        (GPU01 + ":/data/models .", 1, "scp: download /data/models/: not a regular file\n"),
        (
            "checkpoints/best.pt " + GPU01 + ":data/models/",
            1,
            'scp: dest open "data/models/": No such file or directory\n'
            "scp: failed to upload file checkpoints/best.pt to data/models/\n",
        ),
        (
            "checkpoints/best.pt " + GPU01 + ":/data/model/",
            1,
            'scp: dest open "/data/model/": Failure\nscp: failed to upload file checkpoints/best.pt to /data/model/\n',
        ),
        (
            "checkpoints/best.pt " + GPU01 + ":/data/nodir/x.pt",
            1,
            'scp: dest open "/data/nodir/x.pt": No such file or directory\n'
            "scp: failed to upload file checkpoints/best.pt to /data/nodir/x.pt\n",
        ),
        (
            "checkpoints/best.pt " + GPU01 + ":/best.pt",
            1,
            'scp: dest open "/best.pt": Permission denied\n'
            "scp: failed to upload file checkpoints/best.pt to /best.pt\n",
        ),
        (
            "-r runs/exp42 " + GPU01 + ":/data/logs/train.log",
            1,
            'scp: "/data/logs/train.log" exists but is not a directory\n'
            "scp: failed to upload directory runs/exp42 to /data/logs/train.log\n",
        ),
        (
            "-r runs/exp42 " + GPU01 + ":/data/runs/a/b",
            1,
            "scp: realpath /data/runs/a/b: No such file\n"
            'scp: upload "/data/runs/a/b": path canonicalization failed\n'
            "scp: failed to upload directory runs/exp42 to /data/runs/a/b\n",
        ),
        (
            "checkpoints/best.pt eval.csv " + GPU01 + ":/data/logs/train.log",
            255,
            'scp: remote mkdir "/data/logs/train.log": Failure\n',
        ),
        (GPU01 + ":/data/logs/train.log nodir/", 1, 'scp: open local "nodir/": Is a directory\n'),
        (
            GPU01 + ":/data/logs/*.log checkpoints/best.pt",
            1,
            'scp: Multiple files match pattern, but destination "checkpoints/best.pt" is not a directory\n',
        ),
        (
            GPU01 + ":/data/logs/train.log " + GPU01 + ":/data/logs/eval.log nodir",
            1,
            "nodir: No such file or directory\n",
        ),
        (
            GPU01 + ":/data/logs/train.log /usr/train.log",
            1,
            'scp: open local "/usr/train.log": Read-only file system\n',
        ),
        ("checkpoints/best.pt " + GPU01 + ":~bob/x", 255, "scp: expand ~bob/x: no such user\n"),
    ],
)
def test_errors_are_scps_own(box: Session, args: str, code: int, err: str) -> None:
    assert scp(box, args) == (code, "", err)


# -- directories --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "setup, source, target, lands",
    [
        ("", "runs/exp42", ":/data/runs/", "/data/runs/exp42"),
        ("", "runs/exp42", ":/data/runs", "/data/runs/exp42"),
        ("", "runs/exp42/", ":/data/runs/", "/data/runs/exp42"),
        ("", "./runs/exp42", ":/data/runs/", "/data/runs/exp42"),
        ("", "runs/exp42", ":/data/runs/exp43", "/data/runs/exp43"),
        ("", "runs/exp42", ":", "/home/mlops/exp42"),
        ("cd runs", "exp42", ":/data/runs/", "/data/runs/exp42"),
    ],
)
def test_directories_go_up_with_r(box: Session, setup: str, source: str, target: str, lands: str) -> None:
    if setup:
        run_ok(box, setup)
    ok(box, f"-r {source} {GPU01}{target}")
    assert box.read_file(f"{R1}{lands}/config.yaml") == b"model: resnet50\n"
    assert box.read_file(f"{R1}{lands}/sub/train.log") == b"epoch 10\n"


def test_the_contents_of_a_directory_are_not_the_directory(box: Session) -> None:
    ok(box, "-r runs/exp42/* " + GPU01 + ":/data/runs/")
    assert box.read_file(f"{R1}/data/runs/config.yaml") == b"model: resnet50\n"
    assert box.run(f"test -e {R1}/data/runs/exp42").exit_code == 1


def test_directories_come_down_with_r(box: Session) -> None:
    ok(box, "-r " + GPU01 + ":/data/runs/exp41 .")
    assert box.read_file("exp41/config.yaml").startswith(b"model: resnet50")
    ok(box, "-r " + GPU01 + ":/data/runs/exp41/ other")
    assert box.read_file("other/train.log") == b"epoch 10 val_acc=0.861\n"
    ok(box, GPU01 + ":/data/logs/*.log fetched")  # a pattern matching several files makes the directory
    assert run_ok(box, "ls fetched") == "eval.log\ntrain.log\n"


def test_preserve_keeps_times_and_modes(box: Session) -> None:
    run_ok(box, "chmod 600 eval.csv && touch -d '2026-01-02 03:04:05' eval.csv")
    ok(box, "-p -P 2222 eval.csv " + GPU02 + ":/data/reports/")
    assert run_ok(box, f"stat -c '%a %y' {R2}/data/reports/eval.csv").startswith("600 2026-01-02 03:04:05")
    ok(box, "-P 2222 eval.csv " + GPU02 + ":/data/reports/plain.csv")
    assert run_ok(box, f"stat -c %a {R2}/data/reports/plain.csv") == "600\n"
    ok(box, "-p " + GPU01 + ":/data/logs/train.log .")
    assert run_ok(box, "stat -c %y train.log").startswith("2026-11-22 09:00:00")


# -- the simulated servers' files ------------------------------------------------------------------------------


def test_servers_are_seeded_on_first_use_or_by_the_fixture() -> None:
    s = Session.start(SessionSpec(isolation="bwrap"))
    try:
        assert s.run("ls /tmp/.remote").exit_code == 2
        seeded = s.run("SHELLTUTOR_SEED_SERVERS=1 scp")
        assert (seeded.exit_code, seeded.stdout, seeded.stderr) == (0, "", "")
        assert run_ok(s, f"ls {R1}/data/logs {R2}/data/reports") == (
            f"{R1}/data/logs:\neval.log\ntrain.log\n\n{R2}/data/reports:\neval-exp41.csv\n"
        )
        assert run_ok(s, f"ls -d {R1}/home/mlops {R2}/home/mlops {R1}/tmp") != ""
        run_ok(s, f"rm -rf {R1}")  # a removed server starts afresh at the next connection
        assert s.run(f"scp {GPU01}:/data/logs/eval.log .").exit_code == 0
        assert run_ok(s, f"ls {R1}/data/models") == "baseline.pt\n"
    finally:
        s.close()


# -- confinement ----------------------------------------------------------------------------------------------


def test_dotdot_stops_at_the_servers_root(box: Session) -> None:
    run_ok(box, "touch stamp")
    assert scp(box, "checkpoints/best.pt " + GPU01 + ":../../../../home/learner/escaped.pt")[0] == 1
    ok(box, "checkpoints/best.pt " + GPU01 + ":/../../../tmp/up.pt")
    assert box.read_file(f"{R1}/tmp/up.pt") == b"fake weights: epoch 12\n"
    assert box.run("test -e /tmp/up.pt || test -e ~/escaped.pt").exit_code == 1
    code, _, err = scp(box, GPU01 + ":../../../../home/learner/eval.csv mine.csv")
    assert (code, err) == (1, "scp: ../../../../home/learner/eval.csv: No such file or directory\n")


@pytest.mark.parametrize("target", ["/home/learner", "../../../../../../../home/learner", "/tmp/.remote"])
def test_symlinks_on_a_server_stay_on_it(box: Session, target: str) -> None:
    run_ok(box, f"SHELLTUTOR_SEED_SERVERS=1 scp && ln -s {target} {R1}/data/models/out && echo secret > secret.txt")
    code, _, err = scp(box, "checkpoints/best.pt " + GPU01 + ":/data/models/out/escaped.pt")
    assert code == 1 and "escaped.pt" in err
    code, _, _ = scp(box, GPU01 + ":/data/models/out/secret.txt got.txt")
    assert code == 1
    code, _, _ = scp(box, GPU01 + ":/data/models/out/.remote/gpu02.lab.internal/data/reports/eval-exp41.csv got.csv")
    assert code == 1
    assert box.run("test -e escaped.pt || test -e got.txt || test -e got.csv || test -e /tmp/escaped.pt").exit_code == 1


def test_a_symlink_inside_a_server_resolves_from_its_root(box: Session) -> None:
    run_ok(
        box,
        f"SHELLTUTOR_SEED_SERVERS=1 scp && ln -s /data/logs {R1}/data/latest && ln -s /etc {R1}/data/runs/exp41/etc",
    )
    ok(box, GPU01 + ":/data/latest/train.log .")
    assert box.read_file("train.log").decode().startswith(TRAIN_LOG_START)
    code, _, err = scp(box, "-r " + GPU01 + ":/data/runs/exp41 .")
    assert code == 1
    assert "scp: Download of file /data/runs/exp41/etc to ./exp41/etc failed\n" in err
    assert box.run("test -e exp41/etc").exit_code == 1
    assert box.read_file("exp41/config.yaml").startswith(b"model: resnet50")


def test_a_server_replaced_by_a_symlink_is_not_written_through(box: Session) -> None:
    run_ok(box, f"SHELLTUTOR_SEED_SERVERS=1 scp && rm -rf {R1} && ln -s /home/learner {R1}")
    code, _, err = scp(box, "checkpoints/best.pt " + GPU01 + ":/data/models/")
    assert (code, err) == (255, "ssh: connect to host gpu01.lab.internal port 22: Connection refused\n" + CLOSED)
    assert box.run("test -e ~/data").exit_code == 1


def test_writes_land_only_on_the_servers_and_where_asked(box: Session) -> None:
    run_ok(box, "SHELLTUTOR_SEED_SERVERS=1 scp && sleep 0.01 && touch /tmp/stamp")
    ok(box, "-r runs/exp42 " + GPU01 + ":/data/runs/")
    ok(box, "-P 2222 eval.csv " + GPU02 + ":/data/reports/")
    ok(box, GPU01 + ":/data/logs/train.log .")
    changed = run_ok(
        box, "find /home/learner /tmp -newer /tmp/stamp -type f -not -path '/home/learner/.*' | sort"
    ).split()
    assert changed == [
        "/home/learner/train.log",
        f"{R1}/data/runs/exp42/config.yaml",
        f"{R1}/data/runs/exp42/sub/train.log",
        f"{R2}/data/reports/eval.csv",
    ]

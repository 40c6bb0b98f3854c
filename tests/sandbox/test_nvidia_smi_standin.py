"""The nvidia-smi stand-in (sandbox/bin/nvidia-smi) on its simulated GPUs, in real sandboxes.

It must print what driver 535's nvidia-smi prints, column for column (the table, -L, the CSV queries and their
errors), and tie the simulated GPUs to the sandbox's real processes: a process listed in the state holds its
memory only while it is alive, so `kill` frees it, and a run started with CUDA_VISIBLE_DEVICES lands on that GPU.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sandbox_helpers import eventually, run_ok, survivors

from shelltutor.sandbox import Session, SessionSpec

STANDIN = Path(__file__).resolve().parents[2] / "sandbox" / "bin" / "nvidia-smi"
STATE = "/tmp/.gpus.json"
BAD_COMBINATION = "Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n"
DATE = re.compile(r"\A\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} {7}\n")

# A transcript of the real nvidia-smi 535.183.01 (Debian 12, two GeForce GPUs), the lines whose layout does not
# depend on a GPU's values: the frame, the headers and the Processes box.
REAL_535 = """\
+---------------------------------------------------------------------------------------+
| NVIDIA-SMI 535.183.01             Driver Version: 535.183.01   CUDA Version: 12.2     |
|-----------------------------------------+----------------------+----------------------+
| GPU  Name                 Persistence-M | Bus-Id        Disp.A | Volatile Uncorr. ECC |
| Fan  Temp   Perf          Pwr:Usage/Cap |         Memory-Usage | GPU-Util  Compute M. |
|                                         |                      |               MIG M. |
|=========================================+======================+======================|
+-----------------------------------------+----------------------+----------------------+
{blank}
+---------------------------------------------------------------------------------------+
| Processes:                                                                            |
|  GPU   GI   CI        PID   Type   Process name                            GPU Memory |
|        ID   ID                                                             Usage      |
|=======================================================================================|
|    0   N/A  N/A      2421      G   /usr/lib/xorg/Xorg                           30MiB |
|    0   N/A  N/A    190709      C   ...unners/cuda_v12/ollama_llama_server     2492MiB |
+---------------------------------------------------------------------------------------+
""".format(blank=" " * 89)
# GPU rows of real 535 A100-SXM4-80GB transcripts (535.104.05 idle, 535.54.03 busy).
REAL_A100_IDLE = "|   0  NVIDIA A100-SXM4-80GB          On  | 00000000:46:00.0 Off |                    0 |"
REAL_A100_BUSY = "| N/A   65C    P0             334W / 400W |  59119MiB / 81920MiB |    100%      Default |"

FOUR_IDLE = [
    f"|   {i}  NVIDIA A100-SXM4-80GB          On  | 00000000:{bus}:00.0 Off |                    0 |"
    for i, bus in enumerate(("07", "0F", "47", "4E"))
]


@pytest.fixture
def box() -> Iterator[Session]:
    s = Session.start(SessionSpec(isolation="bwrap"))
    try:
        yield s
    finally:
        s.close()
        assert survivors(s) == []


def smi(s: Session, args: str = "") -> tuple[int | None, str, str]:
    r = s.run(f"nvidia-smi {args}".strip())
    return r.exit_code, r.stdout, r.stderr


def write_state(s: Session, state: dict[str, object]) -> None:
    run_ok(s, f"printf '%s' {shlex.quote(json.dumps(state))} > {STATE}")


def start(s: Session, command: str) -> None:
    """Start a detached process (as a fixture's setup does) and wait until /proc shows it."""
    run_ok(s, f"({command} > /dev/null 2>&1 &)")
    needle = command.split("=", 1)[1].split(" ", 1)[1] if command.startswith("CUDA") else command
    assert eventually(lambda: s.run(f"pgrep -fx {shlex.quote(needle)}").exit_code == 0, 5)


def standin_module() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("nvidia_smi_standin", str(STANDIN))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# -- the layout, against real output ---------------------------------------------------------------------------


def test_the_table_is_laid_out_as_driver_535s() -> None:
    m = standin_module()
    gpu = {
        "index": 0, "name": "NVIDIA A100-SXM4-80GB", "bus_id": "00000000:46:00.0", "power": 334.2,
        "power_cap_w": 400.0, "temp": 65, "used": 59119, "memory_mib": 81920, "util": 100,
        "procs": [
            {"gpu": 0, "pid": 2421, "type": "G", "name": "/usr/lib/xorg/Xorg", "used_mib": 30},
            {"gpu": 0, "pid": 190709, "type": "C", "used_mib": 2492,
             "name": "/usr/local/lib/ollama/runners/cuda_v12/ollama_llama_server"},
        ],
    }  # fmt: skip
    lines = m.table({"driver": "535.183.01", "cuda": "12.2"}, [gpu]).splitlines()
    assert DATE.match(lines[0] + "\n")
    gpu_rows = lines[8:11]
    assert gpu_rows[0] == REAL_A100_IDLE
    assert gpu_rows[1] == REAL_A100_BUSY
    assert gpu_rows[2] == "|                                         |                      |             Disabled |"
    assert lines[1:8] + lines[11:] == REAL_535.splitlines()
    assert {len(line) for line in lines[1:]} == {89}


# -- the default machine and the table ---------------------------------------------------------------------------


def test_without_a_state_there_are_four_idle_a100s(box: Session) -> None:
    code, out, err = smi(box)
    assert (code, err) == (0, "")
    assert DATE.match(out)
    lines = out.splitlines()
    assert lines[2] == "| NVIDIA-SMI 535.183.01             Driver Version: 535.183.01   CUDA Version: 12.2     |"
    assert [line for line in lines if "A100" in line] == FOUR_IDLE
    assert lines.count("| N/A   30C    P0              61W / 400W |      4MiB / 81920MiB |      0%      Default |") == 1
    assert "|  No running processes found                                                           |" in lines
    listed = smi(box, "-L")[1].splitlines()
    assert len(listed) == 4
    uuid = r"GPU-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"
    assert all(re.fullmatch(rf"GPU {i}: NVIDIA A100-SXM4-80GB \(UUID: {uuid}\)", x) for i, x in enumerate(listed))


def test_processes_hold_memory_only_while_they_run(box: Session) -> None:
    write_state(
        box,
        {
            "gpus": [{"busy": {"temp": 64, "power_w": 331.4, "util": 97}}, {}, {}, {}],
            "processes": [
                {"gpu": 0, "match": "^sleep 301$", "used_mib": 71236},
                {"gpu": 3, "match": "^sleep 302$", "used_mib": 40962, "util": 0},
            ],
        },
    )
    start(box, "sleep 301")
    start(box, "sleep 302")
    pid301 = run_ok(box, "pgrep -fx 'sleep 301'").strip()
    pid302 = run_ok(box, "pgrep -fx 'sleep 302'").strip()
    out = smi(box)[1]
    assert "| N/A   64C    P0             331W / 400W |  71240MiB / 81920MiB |     97%      Default |" in out
    # a process that computes nothing: memory held, the GPU idle
    assert "| N/A   33C    P0              65W / 400W |  40966MiB / 81920MiB |      0%      Default |" in out
    assert f"|    0   N/A  N/A {pid301:>9}      C   sleep                                     71236MiB |" in out
    assert f"|    3   N/A  N/A {pid302:>9}      C   sleep                                     40962MiB |" in out
    run_ok(box, f"kill {pid301}")
    assert eventually(lambda: "71236MiB" not in smi(box)[1], 5)
    out = smi(box)[1]
    assert "| N/A   30C    P0              61W / 400W |      4MiB / 81920MiB |      0%      Default |" in out
    assert "40962MiB" in out


def test_an_entry_by_pid(box: Session) -> None:
    start(box, "sleep 303")
    pid = int(run_ok(box, "pgrep -fx 'sleep 303'"))
    write_state(box, {"gpus": [{}, {}], "processes": [{"gpu": 1, "pid": pid, "used_mib": 1200, "name": "python3"}]})
    assert smi(box, "--query-compute-apps=pid,process_name,used_memory --format=csv,noheader")[1] == (
        f"{pid}, python3, 1200 MiB\n"
    )
    run_ok(box, f"kill {pid}")
    assert eventually(lambda: smi(box, "--query-compute-apps=pid --format=csv,noheader")[1] == "", 5)


def test_a_run_lands_on_the_gpu_its_cuda_visible_devices_names(box: Session) -> None:
    write_state(
        box,
        {
            "gpus": [{}, {}, {}, {}],
            "processes": [{"gpu": "CUDA_VISIBLE_DEVICES", "match": "^sleep 30[4-7]$", "used_mib": 500}],
        },
    )
    start(box, "CUDA_VISIBLE_DEVICES=2 sleep 304")
    start(box, "CUDA_VISIBLE_DEVICES=3,1 sleep 305")
    start(box, "sleep 306")  # unset: every GPU visible, cuda:0 is GPU 0
    start(box, "CUDA_VISIBLE_DEVICES=7 sleep 307")  # no such GPU: CUDA finds no device
    assert (
        smi(box, "--query-gpu=index,memory.used --format=csv,noheader,nounits")[1] == "0, 504\n1, 4\n2, 504\n3, 504\n"
    )
    # nvidia-smi itself ignores the variable
    assert smi(box, "-L")[1] == run_ok(box, "CUDA_VISIBLE_DEVICES=1 nvidia-smi -L")


# -- queries ---------------------------------------------------------------------------------------------------


def test_query_gpu_headers_units_and_format_options(box: Session) -> None:
    write_state(box, {"gpus": [{"busy": {"temp": 64, "power_w": 331.42, "util": 97}}, {}],
                      "processes": [{"gpu": 0, "match": "^sleep 308$", "used_mib": 30512}]})  # fmt: skip
    start(box, "sleep 308")
    fields = "index,name,memory.used,memory.total,utilization.gpu,temperature.gpu"
    assert smi(box, f"--query-gpu={fields} --format=csv") == (
        0,
        "index, name, memory.used [MiB], memory.total [MiB], utilization.gpu [%], temperature.gpu\n"
        "0, NVIDIA A100-SXM4-80GB, 30516 MiB, 81920 MiB, 97 %, 64\n"
        "1, NVIDIA A100-SXM4-80GB, 4 MiB, 81920 MiB, 0 %, 31\n",
        "",
    )
    assert smi(box, f"--query-gpu={fields} --format=csv,noheader,nounits")[1] == (
        "0, NVIDIA A100-SXM4-80GB, 30516, 81920, 97, 64\n1, NVIDIA A100-SXM4-80GB, 4, 81920, 0, 31\n"
    )
    # nounits keeps the units in the header; aliases are answered by their canonical names
    assert smi(box, "--query-gpu=gpu_name,power.draw,memory.free,fan.speed --format=csv,nounits -i 0")[1] == (
        "name, power.draw [W], memory.free [MiB], fan.speed [%]\nNVIDIA A100-SXM4-80GB, 331.42, 51404, [N/A]\n"
    )
    # spellings of the options
    same = smi(box, "--query-gpu=index,memory.used --format=csv,noheader")[1]
    assert same == "0, 30516 MiB\n1, 4 MiB\n"
    for args in (
        "--format=csv,noheader --query-gpu=index,memory.used",
        "--query-gpu index,memory.used --format csv,noheader",
        "--query-gpu='index, memory.used' --format=noheader,csv",
    ):
        assert smi(box, args)[1] == same, args


def test_query_compute_apps(box: Session) -> None:
    write_state(box, {"gpus": [{}, {}], "processes": [{"gpu": 1, "match": "^sleep 309$", "used_mib": 18842}]})
    assert smi(box, "--query-compute-apps=pid,process_name,used_memory --format=csv") == (
        0,
        "pid, process_name, used_gpu_memory [MiB]\n",
        "",
    )
    start(box, "sleep 309")
    pid = run_ok(box, "pgrep -fx 'sleep 309'").strip()
    uuid = smi(box, "--query-gpu=uuid --format=csv,noheader -i 1")[1].strip()
    assert smi(box, "--query-compute-apps=pid,name,used_gpu_memory,gpu_uuid --format=csv")[1] == (
        f"pid, process_name, used_gpu_memory [MiB], gpu_uuid\n{pid}, sleep, 18842 MiB, {uuid}\n"
    )


@pytest.mark.parametrize(
    "args, code, out",
    [
        ("--query-gpu=index,foo --format=csv", 2, 'Field "foo" is not a valid field to query.\n\n'),
        ("--query-compute-apps=pid,gpu_index --format=csv", 2, 'Field "gpu_index" is not a valid field to query.\n\n'),
        ("--query-gpu=index", 2, BAD_COMBINATION),
        ("--format=csv", 2, BAD_COMBINATION),
        ("--query-gpu=index --format=json", 2, BAD_COMBINATION),
        ("--bogus", 2, "ERROR: Option --bogus is not recognized. Please run 'nvidia-smi -h'.\n"),
        ("noheader", 2, "ERROR: Option noheader is not recognized. Please run 'nvidia-smi -h'.\n"),
        ("-i 9", 6, "No devices were found\n"),
        ("-i 9 --query-gpu=index --format=csv", 6, "No devices were found\n"),
    ],
)
def test_errors_are_nvidia_smis_own_on_stdout(box: Session, args: str, code: int, out: str) -> None:
    assert smi(box, args) == (code, out, "")


def test_what_is_not_simulated_says_so(box: Session) -> None:
    for args in ("-q", "dmon", "--gpu-reset -i 0", "topo -m"):
        code, out, err = smi(box, args)
        assert code == 2 and "not simulated" in out and err == "", args


def test_help_lists_the_simulated_properties(box: Session) -> None:
    code, out, _ = smi(box, "--help-query-gpu")
    assert code == 0 and out.startswith('List of valid properties to query for the switch "--query-gpu":\n\n')
    assert '\n"name" or "gpu_name"\n' in out and '\n"memory.used"\n' in out
    code, out, _ = smi(box, "--help-query-compute-apps")
    assert code == 0 and '\n"used_gpu_memory" or "used_memory"\n' in out
    assert smi(box, "-h")[1].startswith("NVIDIA System Management Interface -- v535.183.01\n")


def test_select_gpus_with_i(box: Session) -> None:
    assert smi(box, "-i 2 -L")[1].startswith("GPU 2: NVIDIA A100-SXM4-80GB (UUID: GPU-")
    assert smi(box, "-i 0,3 --query-gpu=index --format=csv,noheader")[1] == "0\n3\n"
    uuid = smi(box, "--query-gpu=uuid --format=csv,noheader -i 1")[1].strip()
    assert smi(box, f"--id={uuid} --query-gpu=index --format=csv,noheader")[1] == "1\n"
    table = smi(box, "-i 1")[1]
    assert [line for line in table.splitlines() if "A100" in line] == [FOUR_IDLE[1]]


# -- repetition and pipes ----------------------------------------------------------------------------------------


def test_loop_repeats_the_rows_but_not_the_header(box: Session) -> None:
    r = box.run("timeout 1.1 nvidia-smi --query-gpu=index --format=csv -lms 300 -i 0")
    assert r.exit_code == 124
    lines = r.stdout.splitlines()
    assert lines[0] == "index" and len(lines) >= 4 and set(lines[1:]) == {"0"}
    r = box.run("timeout 1.5 nvidia-smi -l 1")
    assert r.stdout.count("| NVIDIA-SMI 535.183.01") == 2


def test_ctrl_c_ends_a_loop_quietly(box: Session) -> None:
    r = box.run("timeout --preserve-status -s INT 1.5 nvidia-smi -L -l 1")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout.count("GPU 0: ") == 2


def test_a_closed_pipe_is_no_traceback(box: Session) -> None:
    r = box.run("nvidia-smi | head -n 2")
    assert r.exit_code == 0 and r.stderr == "" and len(r.stdout.splitlines()) == 2


def test_a_broken_state_is_reported(box: Session) -> None:
    run_ok(box, f"echo '{{not json' > {STATE}")
    code, out, _ = smi(box)
    assert code == 9 and out.startswith(f"shelltutor: the simulated GPU state {STATE} cannot be read")

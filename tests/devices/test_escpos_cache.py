"""python-escpos' printer database: pickled once, atomically, and found by escpos."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from devices.printer import escpos_cache

ROOT = Path(__file__).resolve().parents[2]

# Prepares the cache, imports escpos as the driver does, and says where escpos read from.
CHILD = """
import json, sys
from devices.printer import escpos_cache
escpos_cache.prepare()
import escpos.capabilities as caps
from escpos.printer import Dummy
Dummy().text("x")
print(json.dumps({"full_load": caps.full_load, "pickle_path": caps.pickle_path,
                  "profiles": len(caps.CAPABILITIES["profiles"])}))
"""


def run_child(cache_home: Path, **extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != escpos_cache.PICKLE_DIR_VARIABLE}
    env.update(XDG_CACHE_HOME=str(cache_home), **extra)
    return subprocess.Popen([sys.executable, "-c", CHILD], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def result(child: subprocess.Popen[str]) -> dict[str, object]:
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    answer: dict[str, object] = json.loads(out)
    return answer


def test_json_reads_the_database_as_yaml_does() -> None:
    database = escpos_cache.database_path()
    assert database is not None
    with database.open(encoding="utf-8") as source:
        as_json = json.load(source)
    with database.open(encoding="utf-8") as source:
        as_yaml = yaml.safe_load(source)
    assert as_json == as_yaml


def test_escpos_loads_the_prepared_pickle(tmp_path: Path) -> None:
    first = result(run_child(tmp_path))
    target = escpos_cache.pickle_path(tmp_path / "open-sco" / "escpos")
    assert first == {"full_load": False, "pickle_path": str(target), "profiles": first["profiles"]}
    assert isinstance(first["profiles"], int)
    assert first["profiles"] > 10
    written = target.stat().st_mtime_ns
    assert result(run_child(tmp_path))["full_load"] is False
    assert target.stat().st_mtime_ns == written  # read, not written again


def test_lanes_starting_together_never_read_a_half_written_pickle(tmp_path: Path) -> None:
    children = [run_child(tmp_path) for _ in range(6)]
    answers = [result(child) for child in children]
    assert all(answer["full_load"] is False for answer in answers)
    leftovers = [p.name for p in (tmp_path / "open-sco" / "escpos").iterdir()]
    assert leftovers == [escpos_cache.pickle_path(Path()).name]  # no temporary files left


def test_a_stale_pickle_is_written_again(tmp_path: Path) -> None:
    directory = tmp_path / "open-sco" / "escpos"
    directory.mkdir(parents=True)
    target = escpos_cache.pickle_path(directory)
    target.write_bytes(b"not a pickle")
    os.utime(target, (0, 0))  # older than escpos' database
    assert result(run_child(tmp_path))["full_load"] is False
    assert target.stat().st_size > 1000


def test_a_store_s_own_pickle_directory_is_left_to_escpos(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    answer = result(run_child(tmp_path / "cache", ESCPOS_CAPABILITIES_PICKLE_DIR=str(own)))
    assert answer["full_load"] is True  # escpos parsed and pickled it, as it always did
    assert Path(str(answer["pickle_path"])).parent == own
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_leaves_escpos_working(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory would be")
    answer = result(run_child(blocked))
    assert answer["full_load"] is True

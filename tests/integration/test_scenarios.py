"""Every scenario in tests/scenarios/ passes against a headless lane with simulated devices."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.scenario import Runner

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


def test_there_are_enough_scenarios():
    assert len(SCENARIOS) >= 25


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path) -> None:
    result = Runner(path, None, None).run()
    assert result.passed, f"{result.failure}\nscreens: {' -> '.join(result.screens)}"


def test_an_unmet_expectation_is_named(tmp_path):
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[[step]]\nscan = "4031750000176"\n[[step]]\nbag = 1041\n'
                     'expect = { total = "9.99", screen = "scanning" }\n')
    result = Runner(wrong, None, None, timeout_s=2).run()
    assert not result.passed
    assert result.failure == "step 2: total: expected '9.99', saw 1.15"


def test_an_unknown_expectation_is_named_before_the_lane_waits(tmp_path):
    typo = tmp_path / "typo.toml"
    typo.write_text('[[step]]\nscan = "4031750000176"\nexpect = { screeen = "scanning" }\n')
    result = Runner(typo, None, None, timeout_s=2).run()
    assert not result.passed
    assert result.failure is not None
    assert result.failure.startswith("step 1: unknown expectation 'screeen' (known: ")
    assert "'screen'" not in result.failure.split("(known:")[0]
    assert "screen" in result.failure.split("(known:")[1]


def test_an_action_that_cannot_be_played_names_its_step(tmp_path):
    stuck = tmp_path / "stuck.toml"
    stuck.write_text('timeout_s = 1\n[[step]]\nscan = "4031750000176"\n'
                     '[[step]]\nwait = "payment"\n')
    result = Runner(stuck, None, None, timeout_s=1).run()
    assert result.failure == "step 2: wait = 'payment': timed out waiting for screen payment"

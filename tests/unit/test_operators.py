"""pos.operators: PIN rules, the scrypt hash strings, roles and the lock-out."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos.interventions import Role
from pos.operators import (
    DEFAULT_PARAMS,
    Attempts,
    Lockout,
    OperatorError,
    ScryptParams,
    check_badge,
    check_name,
    check_operator_id,
    check_pin,
    decoy_hash,
    hash_secret,
    is_hash,
    needs_rehash,
    parse_role,
    verify_secret,
)

# Cheap parameters keep the many hashes below fast; the format is the same.
FAST = ScryptParams(n=16, r=1, p=1)
SALT = bytes(range(16))


# -- rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["1234", "0000", "12345678", "98765"])
def test_pins_of_4_to_8_digits_are_accepted(pin: str) -> None:
    assert check_pin(pin) == pin


@pytest.mark.parametrize(
    "pin", ["", "123", "123456789", "12a4", "12 34", "1234\n", " 1234", "١٢٣٤", "１２３４", "-123"])
def test_other_pins_are_refused_with_a_code(pin: str) -> None:
    with pytest.raises(OperatorError, match="4 to 8 digits") as caught:
        check_pin(pin)
    assert caught.value.code == "OPERATOR_WEAK_PIN"


@pytest.mark.parametrize("operator_id", ["alice", "E1042", "a.b-c_d", "x" * 64])
def test_operator_ids_like_lane_ids(operator_id: str) -> None:
    assert check_operator_id(operator_id) == operator_id


@pytest.mark.parametrize("operator_id", ["", "-alice", "al ice", "alice\n", "x" * 65, "ä"])
def test_bad_operator_ids_are_refused(operator_id: str) -> None:
    with pytest.raises(OperatorError) as caught:
        check_operator_id(operator_id)
    assert caught.value.code == "OPERATOR_BAD_ID"


def test_names_and_badges() -> None:
    assert check_name("  Zoë Ng ") == "Zoë Ng"
    assert check_badge("OP-ALICE-0001") == "OP-ALICE-0001"
    for name in ("", "   ", "a\tb", "x" * 101):
        with pytest.raises(OperatorError) as caught:
            check_name(name)
        assert caught.value.code == "OPERATOR_BAD_NAME"
    for badge in ("abc", "OP ALICE", "x" * 129, "OP\x1d01"):
        with pytest.raises(OperatorError) as caught:
            check_badge(badge)
        assert caught.value.code == "OPERATOR_BAD_BADGE"


def test_roles_are_the_interventions_roles() -> None:
    assert parse_role("attendant") is Role.ATTENDANT
    assert parse_role("supervisor") is Role.SUPERVISOR
    assert parse_role("supervisor") >= parse_role("attendant")
    for name in ("Supervisor", "admin", ""):
        with pytest.raises(OperatorError, match="attendant or supervisor") as caught:
            parse_role(name)
        assert caught.value.code == "OPERATOR_BAD_ROLE"


# -- hashing -----------------------------------------------------------------------------


def test_the_hash_string_names_scheme_parameters_salt_and_hash() -> None:
    hashed = hash_secret("1234", salt=SALT)
    scheme, n, r, p, salt, digest = hashed.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert base64.b64decode(salt) == SALT
    assert len(base64.b64decode(digest)) == 32
    assert hashed == hash_secret("1234", salt=SALT)  # the salt is the only randomness
    assert verify_secret("1234", hashed)
    assert not verify_secret("1235", hashed)


def test_a_known_vector_from_rfc_7914() -> None:
    # RFC 7914 section 12, second vector, truncated to our 32 bytes.
    hashed = hash_secret("password", salt=b"NaCl", params=ScryptParams(n=1024, r=8, p=16))
    assert base64.b64decode(hashed.split("$")[5]).hex() == (
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162")


def test_any_string_is_hashed_even_a_lone_surrogate() -> None:
    hashed = hash_secret("12\ud80034", params=FAST)
    assert verify_secret("12\ud80034", hashed)
    assert not verify_secret("1234", hashed)


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_secret("1234", params=FAST), hash_secret("1234", params=FAST)
    assert first != second
    assert verify_secret("1234", first)
    assert verify_secret("1234", second)


def test_old_parameters_still_verify_and_ask_for_a_rehash() -> None:
    old = hash_secret("4321", params=FAST)
    assert verify_secret("4321", old)
    assert needs_rehash(old)
    assert needs_rehash(old, DEFAULT_PARAMS)
    assert not needs_rehash(old, FAST)
    assert not needs_rehash(hash_secret("4321", params=DEFAULT_PARAMS))


@pytest.mark.parametrize("hashed", [
    "",
    "1234",
    "bcrypt$16$1$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "scrypt$16$1$1$AAAA$",  # no hash
    "scrypt$16$1$1$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "scrypt$15$1$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "scrypt$x$1$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    # a forged list asking for 16 GiB and hours: refused, not attempted
    "scrypt$1073741824$128$64$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
])
def test_a_malformed_hash_verifies_nothing(hashed: str) -> None:
    assert not is_hash(hashed)
    assert not verify_secret("1234", hashed)
    assert needs_rehash(hashed)


def test_the_decoy_verifies_nothing_and_costs_like_a_real_hash() -> None:
    decoy = decoy_hash(FAST)
    assert decoy == decoy_hash(FAST)  # made once
    assert decoy.split("$")[1:4] == ["16", "1", "1"]
    assert not verify_secret("1234", decoy)
    assert decoy_hash().split("$")[1:4] == ["16384", "8", "1"]


def test_parameters_out_of_range_are_refused() -> None:
    for n, r, p in ((15, 1, 1), (1, 1, 1), (2**21, 1, 1), (2**20, 8, 1), (16, 0, 1), (16, 1, 17)):
        with pytest.raises(ValueError, match="scrypt parameters"):
            ScryptParams(n, r, p)


@settings(max_examples=40, deadline=None)
@given(secret=st.text(max_size=40), other=st.text(max_size=40))
def test_a_secret_verifies_against_its_own_hash_only(secret: str, other: str) -> None:
    hashed = hash_secret(secret, params=FAST)
    assert is_hash(hashed)
    assert verify_secret(secret, hashed)
    assert verify_secret(other, hashed) == (other == secret)


# -- lock-out ----------------------------------------------------------------------------

POLICY = Lockout()  # 5 wrong within 10 minutes lock for 5 minutes


def fail_at(times: list[float], policy: Lockout = POLICY) -> Attempts:
    attempts = Attempts()
    for now in times:
        attempts = policy.failed(attempts, now)
    return attempts


def test_five_wrong_pins_within_ten_minutes_lock_for_five_minutes() -> None:
    attempts = fail_at([1000.0, 1100.0, 1200.0, 1300.0])
    assert attempts == Attempts(failed=4, first_failed_at=1000.0)
    assert POLICY.locked_until(attempts, 1300.0) is None
    assert POLICY.left(attempts, 1300.0) == 1
    locked = POLICY.failed(attempts, 1599.0)  # the fifth, just inside the window
    assert locked == Attempts(failed=0, first_failed_at=None, locked_until=1899.0)
    assert POLICY.locked_until(locked, 1599.0) == 1899.0
    assert POLICY.locked_until(locked, 1898.9) == 1899.0
    assert POLICY.locked_until(locked, 1899.0) is None  # over at the second it ends
    assert POLICY.left(locked, 1700.0) == 0
    assert POLICY.left(locked, 1899.0) == 5


def test_wrong_pins_spread_beyond_the_window_do_not_lock() -> None:
    attempts = fail_at([0.0, 100.0, 200.0, 300.0, 600.0])  # the fifth is 600 s after the first
    assert POLICY.locked_until(attempts, 600.0) is None
    assert attempts == Attempts(failed=1, first_failed_at=600.0)  # a new window began


def test_attempts_while_locked_are_not_counted_and_a_right_pin_does_not_unlock() -> None:
    locked = fail_at([0.0] * 5)
    assert POLICY.failed(locked, 10.0) == locked  # the lock is not extended
    assert POLICY.succeeded(locked, 10.0) == locked
    assert POLICY.succeeded(locked, 300.0) == Attempts()


def test_a_right_pin_starts_the_count_again() -> None:
    attempts = fail_at([0.0, 1.0, 2.0, 3.0])
    attempts = POLICY.succeeded(attempts, 4.0)
    assert attempts == Attempts()
    assert POLICY.locked_until(fail_at([5.0, 6.0, 7.0, 8.0]), 9.0) is None


def test_the_policy_is_configurable() -> None:
    strict = Lockout(max_failures=2, window_s=60.0, lock_s=30.0)
    locked = fail_at([0.0, 59.0], strict)
    assert strict.locked_until(locked, 59.0) == 89.0
    assert strict.locked_until(fail_at([0.0, 60.0], strict), 60.0) is None
    with pytest.raises(ValueError, match="positive"):
        Lockout(max_failures=0)


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(st.tuples(st.floats(0, 400), st.booleans()), max_size=30))
def test_a_lock_comes_only_after_enough_wrong_pins_and_lasts_lock_s(
    steps: list[tuple[float, bool]],
) -> None:
    """Walk random attempts through the policy; compare with counting by hand."""
    attempts, now = Attempts(), 0.0
    streak: list[float] = []
    for gap, right in steps:
        now += gap
        was_locked = POLICY.locked_until(attempts, now) is not None
        after = (POLICY.succeeded if right else POLICY.failed)(attempts, now)
        if was_locked:
            assert after == attempts
        elif right:
            assert after == Attempts()
            streak = []
        else:
            streak = [t for t in streak if now - t < POLICY.window_s] + [now]
            until = POLICY.locked_until(after, now)
            # The window opens at the first failure of the current count; a
            # lock needs max_failures failures inside it.
            if until is not None:
                assert until == now + POLICY.lock_s
                assert len(streak) >= POLICY.max_failures
                streak = []
            else:
                assert after.failed <= POLICY.max_failures - 1
        attempts = after
        until = POLICY.locked_until(attempts, now)
        assert until is None or now < until <= now + POLICY.lock_s

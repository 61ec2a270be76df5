"""engine/entropy.py: the engine's random draws without the random module. Seeded
sequences must be random.Random's (every script's ids and names, every lesson's
expected output); interactive ones come from the system."""

import pickle
import random

import pytest

from engine.entropy import Deferred, Seeded, SystemEntropy, generator
from engine.ids import IdGenerator

SEEDS = [0, 1, 7919 * 300 + 17, -5, 2 ** 200 + 3, "crsim-network-0", "crsim-network-42", b"bytes",
         bytearray(b"array"), 0.5]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_seeded_generator_draws_what_random_random_draws(seed):
    ours, theirs = Seeded(seed), random.Random(seed)
    for bound in (1, 2, 10, 97, 32768, 10 ** 40):
        assert [ours.randrange(bound) for _ in range(40)] == [theirs.randrange(bound) for _ in range(40)]
        assert [ours.randrange(5, 5 + bound) for _ in range(40)] == [
            theirs.randrange(5, 5 + bound) for _ in range(40)]
    for bits in (0, 1, 8, 28, 48, 256):
        assert [ours.getrandbits(bits) for _ in range(20)] == [theirs.getrandbits(bits) for _ in range(20)]
    letters = "abcdefghijklmnopqrstuvwxyz"
    assert [ours.choice(letters) for _ in range(50)] == [theirs.choice(letters) for _ in range(50)]
    assert ours.randbytes(300) == theirs.randbytes(300)
    assert ours.random() == theirs.random()
    ours.seed(seed)
    theirs.seed(seed)
    assert ours.getrandbits(64) == theirs.getrandbits(64)


def test_a_pickled_seeded_generator_goes_on_where_it_stopped():
    rng = Seeded("crsim-network-0")
    rng.getrandbits(100)
    again = pickle.loads(pickle.dumps(rng))
    assert type(again) is Seeded
    assert [again.getrandbits(256) for _ in range(3)] == [rng.getrandbits(256) for _ in range(3)]


def test_the_system_generator_draws_within_bounds_and_pickles_as_itself():
    rng = SystemEntropy()
    assert {rng.randrange(3) for _ in range(300)} == {0, 1, 2}
    assert {rng.randrange(10, 12) for _ in range(200)} == {10, 11}
    assert {rng.choice("ab") for _ in range(200)} == {"a", "b"}
    assert all(0 <= rng.getrandbits(5) < 32 for _ in range(200))
    assert max(rng.getrandbits(256) for _ in range(20)).bit_length() > 240
    assert rng.getrandbits(0) == 0 and len(rng.randbytes(17)) == 17 and 0 <= rng.random() < 1
    assert type(pickle.loads(pickle.dumps(rng))) is SystemEntropy


@pytest.mark.parametrize("rng", [Seeded(0), SystemEntropy()])
def test_empty_draws_are_refused_as_random_refuses_them(rng):
    with pytest.raises(IndexError):
        rng.choice("")
    with pytest.raises(ValueError):
        rng.randrange(0)
    with pytest.raises(ValueError):
        rng.randrange(3, 3)
    with pytest.raises(ValueError):
        rng.getrandbits(-1)


def test_a_deferred_generator_is_made_at_its_first_draw_and_shared_by_its_holders():
    deferred = Deferred(17)
    assert deferred.made is None
    held_too = deferred  # a forked subshell holds the same object
    drawn = [deferred.randrange(32768), held_too.randrange(32768), deferred.randrange(32768)]
    expected = random.Random(17)
    assert drawn == [expected.randrange(32768) for _ in range(3)]
    assert type(deferred.made) is Seeded


def test_generator_is_seeded_only_when_given_a_seed():
    assert type(generator(None)) is SystemEntropy
    assert generator(3).getrandbits(32) == random.Random(3).getrandbits(32)


def test_interactive_ids_are_64_hex_distinct_and_never_all_digits_at_the_start():
    ids = IdGenerator()
    drawn = [ids.hex_id() for _ in range(500)]
    assert len(set(drawn)) == 500
    assert all(len(i) == 64 and set(i) <= set("0123456789abcdef") for i in drawn)
    assert not any(i[:12].isdigit() for i in drawn)
    other = IdGenerator().hex_id()  # another session: another sequence
    assert other not in drawn


def test_seeded_ids_and_names_are_the_ones_scripts_always_had():
    """`crsim-shell -c 'run busybox echo hi'`'s first container (tests/shell/test_start_imports.py)."""
    ids = IdGenerator(0)
    assert ids.hex_id()[:12] == "f728b4fa4248"
    assert ids.name(lambda name: False) == "mystifying_khorana"

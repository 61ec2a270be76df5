"""Docker's wording of durations and states."""

import pytest

from engine.container.state import State, human_duration


@pytest.mark.parametrize("seconds,text", [
    (0.4, "Less than a second"), (1, "1 second"), (59, "59 seconds"), (60, "About a minute"),
    (119, "About a minute"), (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"),
    (5399, "About an hour"), (5400, "2 hours"), (47 * 3600, "47 hours"), (48 * 3600, "2 days"),
    (13 * 86400, "13 days"), (14 * 86400, "2 weeks"), (59 * 86400, "8 weeks"),
    (60 * 86400, "2 months"), (729 * 86400, "24 months"), (730 * 86400, "2 years"),
])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_status_words_and_inspect_shape():
    state = State()
    assert (state.status, state.describe(100)) == ("created", "Created")
    assert state.to_dict()["StartedAt"] == "0001-01-01T00:00:00Z"
    state.running, state.started_at, state.pid = True, 100.0, 4242
    assert state.describe(100.2) == "Up Less than a second"
    state.running, state.exit_code, state.finished_at = False, 137, 130.0
    assert state.describe(135) == "Exited (137) 5 seconds ago"
    assert list(state.to_dict()) == ["Status", "Running", "Paused", "Restarting", "OOMKilled",
                                     "Dead", "Pid", "ExitCode", "Error", "StartedAt", "FinishedAt"]

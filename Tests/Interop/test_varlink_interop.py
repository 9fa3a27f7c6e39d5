"""paced as seen by the Python varlink package: introspection, calls, streams and errors."""

import pathlib
import re

import varlink
import pytest

INTERFACE = pathlib.Path(__file__).resolve().parents[2] / "Sources/PaceProtocol/Interfaces/PaceAPI/io.pace.Daemon.varlink"


def test_get_info_lists_both_interfaces(daemon):
    with varlink.Client(address=daemon.address) as client:
        assert client.get_interfaces() == ["org.varlink.service", "io.pace.Daemon"]
        assert client.info["vendor"] == "Pace"
        assert client.info["product"] == "paced"


def test_interface_description_parses_and_lists_every_method(daemon):
    with varlink.Client(address=daemon.address) as client:
        interface = client.get_interface("io.pace.Daemon")
        methods = {name for name, member in interface.members.items() if type(member).__name__ == "_Method"}
        # Every method the interface file declares (read here with a regular expression, apart from the daemon),
        # and the ones every Pace has.
        declared = set(re.findall(r"^method (\w+)\(", INTERFACE.read_text(), re.MULTILINE))
        assert methods == declared
        assert {"GetStatus", "LogActivity", "CheckIn", "GetHistory", "Watch", "RetractEvent", "Undo"} <= methods


def test_get_status_matches_the_declared_types(daemon):
    with varlink.Client(address=daemon.address) as client, client.open("io.pace.Daemon") as pace:
        # The client checks every field of the reply against the interface description.
        status = pace.GetStatus()["status"]
        assert status["pid"] == daemon.process.pid
        assert status["mode"] in ("calibrating", "normal", "flare")
        assert status["stateDirectory"].endswith("/state/pace")


def test_watch_streams_with_more(daemon):
    with varlink.Client(address=daemon.address) as client, client.open("io.pace.Daemon") as pace:
        stream = pace.Watch(_more=True)
        first = next(stream)
        assert first["status"]["pid"] == daemon.process.pid


def test_watch_without_more_is_expected_more(daemon):
    with varlink.Client(address=daemon.address) as client, client.open("io.pace.Daemon") as pace:
        with pytest.raises(varlink.VarlinkError) as raised:
            pace.Watch()
        assert raised.value.error() == "org.varlink.service.ExpectedMore"


def test_unknown_interface_is_interface_not_found(daemon):
    with varlink.Client(address=daemon.address) as client:
        with pytest.raises(varlink.VarlinkError) as raised:
            client.get_interface("org.example.Missing")
        assert raised.value.error() == "org.varlink.service.InterfaceNotFound"
        assert raised.value.parameters()["interface"] == "org.example.Missing"


def _pace(daemon):
    client = varlink.Client(address=daemon.address)
    return client, client.open("io.pace.Daemon")


def test_every_method_answers_with_its_declared_types(daemon):
    """The client checks every reply against the interface description, field by field."""
    client, pace = _pace(daemon)
    with client, pace:
        started = pace.StartActivity(kind="walk", intensity="light")
        assert started["activity"]["kind"] == "walk"
        assert started["activity"]["intensity"] == "light"
        stopped = pace.StopActivity()
        assert stopped["activity"]["endedAt"] is not None
        logged = pace.LogActivity("yoga", daemon.minutes_ago(90), 1800)
        assert logged["activity"]["durationSeconds"] == 1800
        assert logged["activity"]["points"] > 0
        yoga = next(e for e in pace.ListEvents()["events"] if e["type"] == "activityLogged")
        assert len(yoga["id"]) == 32 and yoga["id"].startswith(yoga["short"])
        assert pace.AmendEvent(yoga["id"], None, None, None, 40, None)["event"]["durationSeconds"] == 2400
        assert pace.RetractEvent(yoga["short"])["event"]["id"] == yoga["id"]
        # Undo takes back the retraction: the yoga counts again, as amended.
        assert [e["type"] for e in pace.Undo()["retracted"]] == ["retracted"]
        assert any(e["id"] == yoga["id"] for e in pace.ListEvents()["events"])
        rest = pace.StartRest(plannedSeconds=600)
        assert rest["rest"]["plannedSeconds"] == 600
        assert pace.EndRest()["status"].get("rest") is None
        checked = pace.CheckIn(energy=4, pain=6, sleep=7, note="slept badly")
        assert checked["status"]["mode"] in ("calibrating", "normal", "flare")
        assert pace.SetFlareMode(True)["status"]["mode"] == "flare"
        pace.SetFlareMode(False)
        assert pace.Snooze(durationSeconds=600)["status"]["snoozedUntil"] is not None
        assert pace.AnswerCalibration(60)["status"]["provisional"] is True
        today = pace.GetStatus()["status"]["pacingDay"]
        days = pace.GetHistory(today, today)["days"]
        assert [day["date"] for day in days] == [today]
        assert days[0]["activeMinutes"] >= 30
        explanation = pace.ExplainBudget()["explanation"]
        assert explanation["sentences"]
        kinds = {kind["name"] for kind in pace.ListActivityKinds()["kinds"]}
        assert {"walk", "yoga", "tai-chi", "cognitive", "social"} <= kinds
        events = pace.GetEvents()
        types = [event["type"] for event in events["events"]]
        assert types[:2] == ["activityStarted", "activityStopped"]
        assert events.get("next") is None
        health = pace.GetHealth()["health"]
        assert health["log"]["records"] == len(events["events"])
        assert health["log"]["problems"] == []


@pytest.mark.parametrize("call, error", [
    (lambda pace: pace.StopActivity(), "io.pace.Daemon.NoActivityRunning"),
    (lambda pace: pace.EndRest(), "io.pace.Daemon.RestNotRunning"),
    (lambda pace: pace.SetFlareMode(False), "io.pace.Daemon.FlareNotActive"),
    (lambda pace: pace.StartActivity(kind="juggling"), "io.pace.Daemon.UnknownActivityKind"),
    (lambda pace: pace.CheckIn(energy=12), "io.pace.Daemon.InvalidValue"),
    (lambda pace: pace.CheckIn(), "io.pace.Daemon.InvalidValue"),
    (lambda pace: pace.AnswerReminder("bout:1", "stop"), "io.pace.Daemon.UnknownReminder"),
    (lambda pace: pace.AnswerReminder("bout:1", "later"), "io.pace.Daemon.InvalidValue"),
    (lambda pace: pace.GetHistory("2026-13-01", "2026-12-01"), "org.varlink.service.InvalidParameter"),
    (lambda pace: pace.GetEvents(limit=0), "io.pace.Daemon.InvalidValue"),
    (lambda pace: pace.LogActivity("walk", "yesterday", 60), "org.varlink.service.InvalidParameter"),
])
def test_errors_are_varlink_errors_with_their_names(daemon, call, error):
    client, pace = _pace(daemon)
    with client, pace:
        with pytest.raises(varlink.VarlinkError) as raised:
            call(pace)
        assert raised.value.error() == error
        if error.startswith("io.pace.Daemon."):
            assert raised.value.parameters()["message"]


def test_an_activity_already_running_names_it(daemon):
    client, pace = _pace(daemon)
    with client, pace:
        pace.StartActivity(kind="yoga")
        with pytest.raises(varlink.VarlinkError) as raised:
            pace.StartActivity(kind="walk")
        assert raised.value.error() == "io.pace.Daemon.ActivityAlreadyRunning"
        assert raised.value.parameters()["kind"] == "yoga"


def test_importing_reordered_duplicates_changes_nothing(daemon):
    client, pace = _pace(daemon)
    with client, pace:
        pace.CheckIn(energy=5)
        events = pace.GetEvents()["events"]
        # The same events with their keys in another order: still the same events.
        reordered = [dict(reversed(list(event.items()))) for event in events]
        reply = pace.ImportEvents(reordered)
        assert (reply["imported"], reply["skipped"]) == (0, len(events))
        assert len(pace.GetEvents()["events"]) == len(events)


def test_import_rejects_what_is_not_an_event(daemon):
    client, pace = _pace(daemon)
    with client, pace:
        with pytest.raises(varlink.VarlinkError) as raised:
            pace.ImportEvents([{"type": "checkIn", "at": 1, "utcOffsetSeconds": 0, "energy": 3}, {"type": "party"}])
        assert raised.value.error() == "io.pace.Daemon.InvalidEvent"
        assert raised.value.parameters()["index"] == 1
        assert pace.GetEvents()["events"] == []


def test_watch_streams_every_change(daemon):
    watcher_client, watcher = _pace(daemon)
    client, pace = _pace(daemon)
    with watcher_client, watcher, client, pace:
        stream = watcher.Watch(_more=True)
        assert next(stream)["status"].get("activity") is None
        pace.StartActivity(kind="walk")
        update = next(stream)
        assert update["status"]["activity"]["kind"] == "walk"

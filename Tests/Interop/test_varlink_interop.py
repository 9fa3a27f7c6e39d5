"""paced as seen by the Python varlink package: introspection, calls, streams and errors."""

import varlink
import pytest


def test_get_info_lists_both_interfaces(daemon):
    with varlink.Client(address=daemon.address) as client:
        assert client.get_interfaces() == ["org.varlink.service", "io.pace.Daemon"]
        assert client.info["vendor"] == "Pace"
        assert client.info["product"] == "paced"


def test_interface_description_parses_and_lists_every_method(daemon):
    with varlink.Client(address=daemon.address) as client:
        interface = client.get_interface("io.pace.Daemon")
        methods = {name for name, member in interface.members.items() if type(member).__name__ == "_Method"}
        assert methods == {
            "GetStatus", "StartActivity", "StopActivity", "LogActivity", "StartRest", "EndRest", "CheckIn",
            "SetFlareMode", "Snooze", "GetHistory", "ExplainBudget", "ListActivityKinds", "GetEvents", "GetHealth", "AnswerReminder", "AnswerCalibration", "RequestTrialIncrease", "ImportEvents", "Watch",
        }


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

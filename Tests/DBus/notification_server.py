#!/usr/bin/python3
"""A freedesktop notification server for Pace's desktop tests.

It owns org.freedesktop.Notifications on the bus at --address, records every call it receives as one JSON
line in --record, and emits the server's signals when a test asks through the io.pace.Test interface:

    InvokeAction(u id, s key)        emit ActionInvoked(id, key)
    Close(u id, u reason)            emit NotificationClosed(id, reason)
    SetInhibited(b)                  set the Inhibited property and emit PropertiesChanged
    SetScreenSaverActive(b)          (with --screensaver) emit org.freedesktop.ScreenSaver.ActiveChanged

With --silent it never answers Notify or GetCapabilities, like a hung server. It prints "ready" once it
owns its names. Stop it with SIGTERM.
"""

import argparse
import json
import signal
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
TEST = "io.pace.Test"
PROPERTIES = "org.freedesktop.DBus.Properties"
SCREENSAVER = "org.freedesktop.ScreenSaver"


def plain(value):
    """A D-Bus value as JSON can hold it."""
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, (dbus.Byte, dbus.Int16, dbus.UInt16, dbus.Int32, dbus.UInt32, dbus.Int64, dbus.UInt64)):
        return int(value)
    if isinstance(value, dbus.Double):
        return float(value)
    if isinstance(value, (dbus.String, dbus.ObjectPath, dbus.Signature, str)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return repr(value)


class Server(dbus.service.Object):
    def __init__(self, bus, options):
        super().__init__(bus, PATH)
        self.record = open(options.record, "a", buffering=1)
        self.capabilities = [c for c in options.capabilities.split(",") if c]
        self.inhibited = options.inhibited
        self.silent = options.silent
        self.next_id = 1
        self.unanswered = []

    def write(self, entry):
        self.record.write(json.dumps(entry) + "\n")

    @dbus.service.method(NAME, in_signature="", out_signature="as", async_callbacks=("reply", "error"))
    def GetCapabilities(self, reply, error):
        self.write({"call": "GetCapabilities"})
        if self.silent:
            self.unanswered.append(reply)
            return
        reply(self.capabilities)

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        self.write({"call": "GetServerInformation"})
        return ("pace-test-server", "Pace", "1.0", "1.3")

    @dbus.service.method(
        NAME, in_signature="susssasa{sv}i", out_signature="u", async_callbacks=("reply", "error"))
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout, reply, error):
        if replaces_id != 0 and replaces_id < self.next_id:
            notification_id = int(replaces_id)
        else:
            notification_id = self.next_id
            self.next_id += 1
        self.write({
            "call": "Notify",
            "id": notification_id,
            "appName": plain(app_name),
            "replacesID": int(replaces_id),
            "appIcon": plain(app_icon),
            "summary": plain(summary),
            "body": plain(body),
            "actions": plain(actions),
            "hints": plain(hints),
            "hintTypes": {str(k): type(v).__name__ for k, v in hints.items()},
            "expireTimeout": int(expire_timeout),
        })
        if self.silent:
            self.unanswered.append(reply)
            return
        reply(dbus.UInt32(notification_id))

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, notification_id):
        self.write({"call": "CloseNotification", "id": int(notification_id)})
        self.NotificationClosed(notification_id, dbus.UInt32(3))

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, notification_id, action_key):
        pass

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, notification_id, reason):
        pass

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        if interface == NAME and name == "Inhibited":
            return dbus.Boolean(self.inhibited)
        raise dbus.exceptions.DBusException(
            "no property %s.%s" % (interface, name), name="org.freedesktop.DBus.Error.UnknownProperty")

    @dbus.service.method(PROPERTIES, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return {"Inhibited": dbus.Boolean(self.inhibited)} if interface == NAME else {}

    @dbus.service.signal(PROPERTIES, signature="sa{sv}as")
    def PropertiesChanged(self, interface, changed, invalidated):
        pass

    @dbus.service.method(TEST, in_signature="us", out_signature="")
    def InvokeAction(self, notification_id, key):
        self.ActionInvoked(notification_id, key)

    @dbus.service.method(TEST, in_signature="uu", out_signature="")
    def Close(self, notification_id, reason):
        self.NotificationClosed(notification_id, reason)

    @dbus.service.method(TEST, in_signature="b", out_signature="")
    def SetInhibited(self, inhibited):
        self.inhibited = bool(inhibited)
        self.PropertiesChanged(NAME, {"Inhibited": dbus.Boolean(self.inhibited)}, dbus.Array([], signature="s"))


class ScreenSaver(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, "/org/freedesktop/ScreenSaver")
        self.active = False

    @dbus.service.method(SCREENSAVER, in_signature="", out_signature="b")
    def GetActive(self):
        return self.active

    @dbus.service.signal(SCREENSAVER, signature="b")
    def ActiveChanged(self, active):
        pass

    @dbus.service.method(TEST, in_signature="b", out_signature="")
    def SetScreenSaverActive(self, active):
        self.active = bool(active)
        self.ActiveChanged(self.active)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--capabilities", default="actions,body")
    parser.add_argument("--inhibited", action="store_true")
    parser.add_argument("--silent", action="store_true")
    parser.add_argument("--screensaver", action="store_true")
    options = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(options.address)
    server = Server(bus, options)
    names = [dbus.service.BusName(NAME, bus, do_not_queue=True)]
    if options.screensaver:
        saver = ScreenSaver(bus)
        names.append(dbus.service.BusName(SCREENSAVER, bus, do_not_queue=True))
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print("ready", flush=True)
    loop.run()
    del server, names


if __name__ == "__main__":
    sys.exit(main())

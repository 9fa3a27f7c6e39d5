#!/usr/bin/python3
"""A stand-in for systemd-logind on a test "system bus", for Pace's suspend and lock tests.

It owns org.freedesktop.login1 on the bus at --address and serves the parts Pace uses: the Manager's
GetSession, GetSessionByPID (always "no session", like a process in a systemd user service), GetUser,
the PreparingForSleep property and PrepareForSleep signal; one session (--session, default "c1") with a
LockedHint property; the user (--uid) whose Display is that session. Tests drive it through io.pace.Test
on /org/freedesktop/login1:

    EmitPrepareForSleep(b)    set PreparingForSleep and emit PrepareForSleep(b), even if unchanged
    SetLockedHint(b)          set the session's LockedHint and emit PropertiesChanged
    SetIdleHint(b)            set the session's IdleHint and emit PropertiesChanged
    SetIdleHintSince(bt)      set IdleHint and IdleSinceHint (microseconds since the epoch), emit both as logind does

It prints "ready" once it owns its name. Stop it with SIGTERM.
"""

import argparse
import signal
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
USER = "org.freedesktop.login1.User"
PROPERTIES = "org.freedesktop.DBus.Properties"
TEST = "io.pace.Test"


def unknown_property(interface, name):
    return dbus.exceptions.DBusException(
        "no property %s.%s" % (interface, name), name="org.freedesktop.DBus.Error.UnknownProperty")


class Session(dbus.service.Object):
    def __init__(self, bus, session_id):
        self.session_id = session_id
        self.object_path = "/org/freedesktop/login1/session/" + session_id
        super().__init__(bus, self.object_path)
        self.locked = False
        self.idle = False
        self.idle_since = 0

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        if interface == SESSION and name == "LockedHint":
            return dbus.Boolean(self.locked)
        if interface == SESSION and name == "IdleHint":
            return dbus.Boolean(self.idle)
        if interface == SESSION and name == "IdleSinceHint":
            return dbus.UInt64(self.idle_since)
        if interface == SESSION and name == "Id":
            return dbus.String(self.session_id)
        raise unknown_property(interface, name)

    @dbus.service.signal(PROPERTIES, signature="sa{sv}as")
    def PropertiesChanged(self, interface, changed, invalidated):
        pass


class User(dbus.service.Object):
    def __init__(self, bus, uid, session):
        super().__init__(bus, "/org/freedesktop/login1/user/_%d" % uid)
        self.session = session

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        if interface == USER and name == "Display":
            return dbus.Struct(
                (dbus.String(self.session.session_id), dbus.ObjectPath(self.session.object_path)), signature="so")
        raise unknown_property(interface, name)


class Manager(dbus.service.Object):
    def __init__(self, bus, session, uid):
        super().__init__(bus, "/org/freedesktop/login1")
        self.session = session
        self.uid = uid
        self.preparing = False

    @dbus.service.method(MANAGER, in_signature="s", out_signature="o")
    def GetSession(self, session_id):
        if session_id == self.session.session_id:
            return dbus.ObjectPath(self.session.object_path)
        raise dbus.exceptions.DBusException(
            "No session '%s' known" % session_id, name="org.freedesktop.login1.NoSuchSession")

    @dbus.service.method(MANAGER, in_signature="u", out_signature="o")
    def GetSessionByPID(self, pid):
        raise dbus.exceptions.DBusException(
            "PID %d does not belong to any known session" % pid, name="org.freedesktop.login1.NoSessionForPID")

    @dbus.service.method(MANAGER, in_signature="u", out_signature="o")
    def GetUser(self, uid):
        if uid == self.uid:
            return dbus.ObjectPath("/org/freedesktop/login1/user/_%d" % uid)
        raise dbus.exceptions.DBusException(
            "User ID %d is not logged in" % uid, name="org.freedesktop.login1.NoSuchUser")

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        if interface == MANAGER and name == "PreparingForSleep":
            return dbus.Boolean(self.preparing)
        raise unknown_property(interface, name)

    @dbus.service.signal(MANAGER, signature="b")
    def PrepareForSleep(self, start):
        pass

    @dbus.service.method(TEST, in_signature="b", out_signature="")
    def EmitPrepareForSleep(self, start):
        self.preparing = bool(start)
        self.PrepareForSleep(self.preparing)

    @dbus.service.method(TEST, in_signature="b", out_signature="")
    def SetLockedHint(self, locked):
        self.session.locked = bool(locked)
        self.session.PropertiesChanged(
            SESSION, {"LockedHint": dbus.Boolean(self.session.locked)}, dbus.Array([], signature="s"))

    @dbus.service.method(TEST, in_signature="b", out_signature="")
    def SetIdleHint(self, idle):
        self.session.idle = bool(idle)
        self.session.PropertiesChanged(
            SESSION, {"IdleHint": dbus.Boolean(self.session.idle)}, dbus.Array([], signature="s"))


    @dbus.service.method(TEST, in_signature="bt", out_signature="")
    def SetIdleHintSince(self, idle, since):
        self.session.idle = bool(idle)
        self.session.idle_since = int(since)
        self.session.PropertiesChanged(
            SESSION,
            {"IdleHint": dbus.Boolean(self.session.idle), "IdleSinceHint": dbus.UInt64(self.session.idle_since),
             "IdleSinceHintMonotonic": dbus.UInt64(0)},
            dbus.Array([], signature="s"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--session", default="c1")
    parser.add_argument("--uid", type=int, required=True)
    options = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(options.address)
    session = Session(bus, options.session)
    user = User(bus, options.uid, session)
    manager = Manager(bus, session, options.uid)
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print("ready", flush=True)
    loop.run()
    del user, manager, name


if __name__ == "__main__":
    sys.exit(main())

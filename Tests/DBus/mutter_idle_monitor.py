#!/usr/bin/env python3
"""A stand-in for GNOME Mutter's org.gnome.Mutter.IdleMonitor on a test session bus.

    AddIdleWatch(t interval) -> u    a watch that fires each time the desktop becomes idle
    AddUserActiveWatch() -> u        a watch that fires once, at the next input
    RemoveWatch(u)
    GetIdletime() -> t

Tests drive it through io.pace.Test on the same object:

    SetIdle(b)    idle: fire every idle watch; active: fire every user-active watch, once, and drop them

With --idle it starts idle (GetIdletime says a minute). It prints "ready" once it owns its name.
"""

import argparse
import signal
import sys

import dbus
import dbus.bus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"
TEST = "io.pace.Test"


class IdleMonitor(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.next_id = 1
        self.idle_watches = set()
        self.active_watches = set()
        self.idle = False

    def new_id(self):
        watch = self.next_id
        self.next_id += 1
        return dbus.UInt32(watch)

    @dbus.service.method(INTERFACE, in_signature="t", out_signature="u")
    def AddIdleWatch(self, interval):
        watch = self.new_id()
        self.idle_watches.add(watch)
        return watch

    @dbus.service.method(INTERFACE, in_signature="", out_signature="u")
    def AddUserActiveWatch(self):
        watch = self.new_id()
        self.active_watches.add(watch)
        return watch

    @dbus.service.method(INTERFACE, in_signature="u", out_signature="")
    def RemoveWatch(self, watch):
        self.idle_watches.discard(watch)
        self.active_watches.discard(watch)

    @dbus.service.method(INTERFACE, in_signature="", out_signature="t")
    def GetIdletime(self):
        return dbus.UInt64(60000 if self.idle else 0)

    @dbus.service.signal(INTERFACE, signature="u")
    def WatchFired(self, watch):
        pass

    @dbus.service.method(TEST, in_signature="b", out_signature="")
    def SetIdle(self, idle):
        self.idle = bool(idle)
        if self.idle:
            for watch in sorted(self.idle_watches):
                self.WatchFired(dbus.UInt32(watch))
        else:
            fired, self.active_watches = self.active_watches, set()
            for watch in sorted(fired):
                self.WatchFired(dbus.UInt32(watch))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--idle", action="store_true", help="start idle for a minute already (GetIdletime)")
    options = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(options.address)
    monitor = IdleMonitor(bus)
    monitor.idle = options.idle
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print("ready", flush=True)
    loop.run()
    del monitor, name


if __name__ == "__main__":
    sys.exit(main())

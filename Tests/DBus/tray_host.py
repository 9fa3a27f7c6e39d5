#!/usr/bin/python3
"""A StatusNotifierWatcher and tray host for Pace's tray tests: what a panel (KDE, the GNOME AppIndicator
extension, waybar) does with Pace's StatusNotifierItem, without a panel.

It owns org.kde.StatusNotifierWatcher on the bus at --address and records, one JSON line each in --record,
every RegisterStatusNotifierItem call, every signal a registered item or its menu sends, and an item's bus name
going away ("ItemGone"). As a host it reads
the item as panels do, when a test asks through the io.pace.Test interface on /StatusNotifierWatcher:

    Item() -> s             the item's properties (GetAll) as JSON; pixmaps as [width, height, base64 ARGB]
    Layout() -> s           the menu (GetLayout(0, -1, [])) as JSON: {"id", "properties", "children"}
    Click(i id) -> s        Event(id, "clicked", "", 0) on the menu: "ok", or the D-Bus error's name

With --vanish-on-register it exits on the first RegisterStatusNotifierItem without answering, like a panel
that crashes while an item registers. It prints "ready" once it owns its name. Stop it with SIGTERM.
"""

import argparse
import base64
import json
import os
import signal
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.kde.StatusNotifierWatcher"
PATH = "/StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
PROPERTIES = "org.freedesktop.DBus.Properties"
TEST = "io.pace.Test"


def plain(value):
    """A D-Bus value as JSON can hold it; byte arrays as base64."""
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, dbus.Array) and value.signature == "y":
        return base64.b64encode(bytes(value)).decode()
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


def layout(node):
    identifier, properties, children = node
    return {"id": int(identifier), "properties": plain(properties), "children": [layout(c) for c in children]}


class Watcher(dbus.service.Object):
    def __init__(self, bus, options):
        super().__init__(bus, PATH)
        self.bus = bus
        self.record = open(options.record, "a", buffering=1)
        self.vanish = options.vanish_on_register
        self.items = []

    def write(self, entry):
        self.record.write(json.dumps(entry) + "\n")

    @dbus.service.method(NAME, in_signature="s", out_signature="", sender_keyword="sender")
    def RegisterStatusNotifierItem(self, service, sender):
        self.write({"call": "RegisterStatusNotifierItem", "service": str(service), "sender": str(sender)})
        if self.vanish:
            os._exit(0)
        if service.startswith("/"):
            service, path = sender, service
        else:
            path = "/StatusNotifierItem"
        self.items.append((str(service), path))
        self.bus.watch_name_owner(str(service), self.owner_changed(str(service)))
        for member in ("NewIcon", "NewToolTip", "NewStatus", "NewTitle", "NewAttentionIcon"):
            self.bus.add_signal_receiver(
                self.signalled(member), signal_name=member, dbus_interface=ITEM, bus_name=sender, path=path)
        self.bus.add_signal_receiver(
            self.signalled("LayoutUpdated"), signal_name="LayoutUpdated", dbus_interface=MENU, bus_name=sender)
        self.StatusNotifierItemRegistered(service)

    def owner_changed(self, service):
        def changed(owner):
            if not owner:
                self.write({"call": "ItemGone", "service": service})
        return changed

    def signalled(self, member):
        return lambda *arguments: self.write({"signal": member, "arguments": plain(list(arguments))})

    @dbus.service.method(NAME, in_signature="s", out_signature="")
    def RegisterStatusNotifierHost(self, service):
        pass

    @dbus.service.signal(NAME, signature="s")
    def StatusNotifierItemRegistered(self, service):
        pass

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        return self.GetAll(interface)[name]

    @dbus.service.method(PROPERTIES, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return {
            "RegisteredStatusNotifierItems": dbus.Array([s for s, _ in self.items], signature="s"),
            "IsStatusNotifierHostRegistered": dbus.Boolean(True),
            "ProtocolVersion": dbus.Int32(0),
        }

    def item(self):
        service, path = self.items[-1]
        return self.bus.get_object(service, path, introspect=False), service

    @dbus.service.method(TEST, in_signature="", out_signature="s")
    def Item(self):
        item, service = self.item()
        properties = item.GetAll(ITEM, dbus_interface=PROPERTIES)
        return json.dumps({"service": service, "properties": plain(properties)})

    def menu(self):
        item, service = self.item()
        path = item.Get(ITEM, "Menu", dbus_interface=PROPERTIES)
        return self.bus.get_object(service, path, introspect=False)

    @dbus.service.method(TEST, in_signature="", out_signature="s")
    def Layout(self):
        revision, root = self.menu().GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface=MENU)
        return json.dumps({"revision": int(revision), "root": layout(root)})

    @dbus.service.method(TEST, in_signature="i", out_signature="s")
    def Click(self, identifier):
        try:
            self.menu().Event(
                dbus.Int32(identifier), "clicked", dbus.String("", variant_level=1), dbus.UInt32(0),
                dbus_interface=MENU)
            return "ok"
        except dbus.exceptions.DBusException as error:
            return error.get_dbus_name()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--vanish-on-register", action="store_true")
    options = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(options.address)
    watcher = Watcher(bus, options)
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print("ready", flush=True)
    loop.run()
    del watcher, name


if __name__ == "__main__":
    sys.exit(main())

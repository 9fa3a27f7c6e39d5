#!/usr/bin/python3
"""A stand-in for BlueZ (bluetoothd) on a test "system bus", for Pace's heart-rate tests.

BlueZ cannot run here (it needs a Bluetooth controller), and python3-dbusmock's bluez5 template has no GATT
objects, so this serves the part of BlueZ's D-Bus API Pace uses, as BlueZ 5 does: the ObjectManager at "/"
(GetManagedObjects, InterfacesAdded, InterfacesRemoved); adapters (org.bluez.Adapter1: Address, Powered); a
heart-rate sensor under each (org.bluez.Device1: Address, Alias, Paired, Connected, ServicesResolved, UUIDs;
Connect, Disconnect); once connected, its GATT objects: the Heart Rate Service (0x180D) with Heart Rate
Measurement (0x2A37, notify) and the Battery Service (0x180F) with Battery Level (0x2A19, read and notify)
(org.bluez.GattService1, org.bluez.GattCharacteristic1: UUID, Flags, Notifying, NotifyAcquired, Value;
StartNotify, StopNotify, AcquireNotify, ReadValue). Properties are read with org.freedesktop.DBus.Properties and
change with PropertiesChanged, as BlueZ's do. Disconnecting removes the GATT objects (InterfacesRemoved), as BlueZ
does.

AcquireNotify hands over one end of a SOCK_SEQPACKET socket pair (and an MTU), as BlueZ 5.46 and later do: while it is
held, each notification is written to it as one message and Value does not change (no PropertiesChanged), StartNotify
is refused (NotPermitted), and closing it (the client's end) gives the notifications back (NotifyAcquired false
again). The fake closes its end when the characteristic goes (a disconnect, the adapter off or removed) and when it
stops, as BlueZ does. With --notify-socket refused, AcquireNotify fails with org.bluez.Error.NotPermitted (as when
another client holds it); with absent, characteristics have no NotifyAcquired and the method is unknown (BlueZ before
5.46).

Tests drive it through io.pace.Test on "/":

    Notify(ay)             set Value of every notifying Heart Rate Measurement and emit PropertiesChanged
    NotifyEach(aay)        Notify each frame in turn
    Stream(ayu)            Notify the frame once a second, u times, from the fake's own loop
    StreamEvery(ayuu)      … every u milliseconds
    SetConnected(b)        connect (resolve services) or disconnect every sensor, as the device would
    SetPowered(sb)         switch adapter s (e.g. "hci0") on or off; off disconnects its devices
    AddAdapter(sb)         a new adapter s, powered, with a sensor of the same address if b
    RemoveAdapter(s)       the adapter and everything under it go
    SetBattery(y)          the battery level (notified when notifying)
    SetNotifySocket(s)     "offered", "refused" or "absent" from now on (absent: for characteristics made later)
    ReleaseNotify()        close the fake's end of every notification socket, the device staying connected
    Calls() -> as          the calls Pace made so far: "GetManagedObjects", "Connect /org/bluez/hci0/dev_…",
                           "StartNotify …"

Options: --address (the sensor's), --connected (start connected), --unpaired, --no-battery, --connect-failures N
(Connect fails N times first), --no-adapter, --notify-socket offered|refused|absent (default offered). It prints
"ready" once it owns org.bluez. Stop it with SIGTERM.
"""

import argparse
import signal
import socket
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.bluez"
ADAPTER = "org.bluez.Adapter1"
DEVICE = "org.bluez.Device1"
SERVICE = "org.bluez.GattService1"
CHARACTERISTIC = "org.bluez.GattCharacteristic1"
PROPERTIES = "org.freedesktop.DBus.Properties"
OBJECT_MANAGER = "org.freedesktop.DBus.ObjectManager"
TEST = "io.pace.Test"

HEART_RATE_SERVICE = "0000180d-0000-1000-8000-00805f9b34fb"
HEART_RATE_MEASUREMENT = "00002a37-0000-1000-8000-00805f9b34fb"
BATTERY_SERVICE = "0000180f-0000-1000-8000-00805f9b34fb"
BATTERY_LEVEL = "00002a19-0000-1000-8000-00805f9b34fb"


class BlueZObject(dbus.service.Object):
    """One object with its interfaces' properties, served with Properties and announced by the root."""

    def __init__(self, fake, path, interfaces):
        super().__init__(fake.bus, path)
        self.fake = fake
        self.path = path
        self.interfaces = interfaces
        # The fake's end of the socket AcquireNotify handed over, and the watch for the client closing its end.
        self.notify_socket = None
        self.notify_watch = None

    def notify(self, value):
        """One notification: on the acquired socket if there is one, else as a new Value while notifying."""
        if self.notify_socket is not None:
            try:
                self.notify_socket.send(bytes(value))
            except OSError:
                self.release()
        elif self.interfaces[CHARACTERISTIC]["Notifying"]:
            self.set(CHARACTERISTIC, {"Value": dbus.Array(value, signature="y")})

    def release(self, announce=True):
        """Closes the fake's end of the notification socket (the client sees the end of it)."""
        if self.notify_socket is None:
            return
        GLib.source_remove(self.notify_watch)
        self.notify_socket.close()
        self.notify_socket = None
        self.notify_watch = None
        if announce:
            self.set(CHARACTERISTIC, {"NotifyAcquired": dbus.Boolean(False)})

    def set(self, interface, changes):
        self.interfaces[interface].update(changes)
        self.PropertiesChanged(interface, changes, dbus.Array([], signature="s"))

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        try:
            return self.interfaces[interface][name]
        except KeyError:
            raise dbus.exceptions.DBusException(
                "no property %s.%s" % (interface, name), name="org.freedesktop.DBus.Error.InvalidArgs")

    @dbus.service.method(PROPERTIES, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return dbus.Dictionary(self.interfaces.get(interface, {}), signature="sv")

    @dbus.service.signal(PROPERTIES, signature="sa{sv}as")
    def PropertiesChanged(self, interface, changed, invalidated):
        pass

    # Device1

    @dbus.service.method(DEVICE, in_signature="", out_signature="")
    def Connect(self):
        self.fake.calls.append("Connect " + self.path)
        if self.fake.connect_failures > 0:
            self.fake.connect_failures -= 1
            raise dbus.exceptions.DBusException("Page Timeout", name="org.bluez.Error.Failed")
        adapter = self.fake.adapters[self.interfaces[DEVICE]["Adapter"]]
        if not adapter.interfaces[ADAPTER]["Powered"]:
            raise dbus.exceptions.DBusException("Resource Not Ready", name="org.bluez.Error.NotReady")
        self.fake.connect(self)

    @dbus.service.method(DEVICE, in_signature="", out_signature="")
    def Disconnect(self):
        self.fake.calls.append("Disconnect " + self.path)
        self.fake.disconnect(self)

    # GattCharacteristic1

    @dbus.service.method(CHARACTERISTIC, in_signature="", out_signature="")
    def StartNotify(self):
        self.fake.calls.append("StartNotify " + self.path)
        if self.notify_socket is not None:
            raise dbus.exceptions.DBusException("Notify acquired", name="org.bluez.Error.NotPermitted")
        self.set(CHARACTERISTIC, {"Notifying": dbus.Boolean(True)})

    @dbus.service.method(CHARACTERISTIC, in_signature="a{sv}", out_signature="hq")
    def AcquireNotify(self, options):
        self.fake.calls.append("AcquireNotify " + self.path)
        if "NotifyAcquired" not in self.interfaces[CHARACTERISTIC]:
            raise dbus.exceptions.DBusException(
                "Unknown method AcquireNotify", name="org.freedesktop.DBus.Error.UnknownMethod")
        if self.fake.notify_socket == "refused" or self.notify_socket is not None:
            raise dbus.exceptions.DBusException("Notify acquired", name="org.bluez.Error.NotPermitted")
        if self.interfaces[CHARACTERISTIC]["Notifying"]:
            raise dbus.exceptions.DBusException("In Progress", name="org.bluez.Error.InProgress")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.notify_socket = ours
        self.notify_watch = GLib.io_add_watch(
            ours.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_HUP | GLib.IO_ERR, lambda *_: self.release() and False)
        descriptor = dbus.types.UnixFd(theirs)  # a copy; the message carries it
        theirs.close()
        self.set(CHARACTERISTIC, {"NotifyAcquired": dbus.Boolean(True)})
        return descriptor, dbus.UInt16(247)

    @dbus.service.method(CHARACTERISTIC, in_signature="", out_signature="")
    def StopNotify(self):
        self.fake.calls.append("StopNotify " + self.path)
        self.set(CHARACTERISTIC, {"Notifying": dbus.Boolean(False)})

    @dbus.service.method(CHARACTERISTIC, in_signature="a{sv}", out_signature="ay")
    def ReadValue(self, options):
        self.fake.calls.append("ReadValue " + self.path)
        return self.interfaces[CHARACTERISTIC]["Value"]


class Root(dbus.service.Object):
    def __init__(self, fake):
        super().__init__(fake.bus, "/")
        self.fake = fake

    @dbus.service.method(OBJECT_MANAGER, in_signature="", out_signature="a{oa{sa{sv}}}")
    def GetManagedObjects(self):
        self.fake.calls.append("GetManagedObjects")
        return dbus.Dictionary(
            {dbus.ObjectPath(path): dbus.Dictionary(
                {name: dbus.Dictionary(props, signature="sv") for name, props in obj.interfaces.items()},
                signature="sa{sv}") for path, obj in self.fake.objects.items()},
            signature="oa{sa{sv}}")

    @dbus.service.signal(OBJECT_MANAGER, signature="oa{sa{sv}}")
    def InterfacesAdded(self, path, interfaces):
        pass

    @dbus.service.signal(OBJECT_MANAGER, signature="oas")
    def InterfacesRemoved(self, path, interfaces):
        pass

    @dbus.service.method(TEST, in_signature="ay", out_signature="")
    def Notify(self, value):
        for obj in list(self.fake.objects.values()):
            props = obj.interfaces.get(CHARACTERISTIC)
            if props and props["UUID"] == HEART_RATE_MEASUREMENT:
                obj.notify(value)

    @dbus.service.method(TEST, in_signature="aay", out_signature="")
    def NotifyEach(self, values):
        for value in values:
            self.Notify(value)

    @dbus.service.method(TEST, in_signature="ayu", out_signature="")
    def Stream(self, value, count):
        """Notifies value once a second, count times, from the fake's own loop: a sensor's 1 Hz stream, with no
        client connecting to the bus for each reading (the heart-rate benchmark)."""
        self.StreamEvery(value, count, 1000)

    @dbus.service.method(TEST, in_signature="ayuu", out_signature="")
    def StreamEvery(self, value, count, milliseconds):
        """Stream, one notification every `milliseconds`."""
        remaining = [count]

        def tick():
            self.Notify(value)
            remaining[0] -= 1
            return remaining[0] > 0

        if count > 0:
            GLib.timeout_add(milliseconds, tick)

    @dbus.service.method(TEST, in_signature="aay", out_signature="")
    def NotifyAndVanish(self, values):
        """A device that vanishes mid-notification: the first value, the device and its objects announced gone
        (InterfacesRemoved), the other values from its measurement characteristic all the same (signals already on
        their way), then the objects go."""
        measurement = [obj for obj in self.fake.objects.values()
                       if obj.interfaces.get(CHARACTERISTIC, {}).get("UUID") == HEART_RATE_MEASUREMENT]
        self.Notify(values[0])
        device = self.fake.devices()[0]
        gone = [path for path in sorted(self.fake.objects, reverse=True)
                if path == device.path or path.startswith(device.path + "/")]
        for path in gone:
            self.fake.root.InterfacesRemoved(
                dbus.ObjectPath(path), dbus.Array(list(self.fake.objects[path].interfaces), signature="s"))
        for value in values[1:]:
            for obj in measurement:
                if obj.notify_socket is not None:
                    obj.notify(value)
                else:
                    obj.set(CHARACTERISTIC, {"Value": dbus.Array(value, signature="y")})
        for path in gone:
            obj = self.fake.objects.pop(path)
            obj.release(announce=False)
            obj.remove_from_connection()

    @dbus.service.method(TEST, in_signature="b", out_signature="")
    def SetConnected(self, connected):
        for device in list(self.fake.devices()):
            adapter = self.fake.adapters[device.interfaces[DEVICE]["Adapter"]]
            if connected and adapter.interfaces[ADAPTER]["Powered"]:
                self.fake.connect(device)
            elif not connected:
                self.fake.disconnect(device)

    @dbus.service.method(TEST, in_signature="sb", out_signature="")
    def SetPowered(self, name, powered):
        adapter = self.fake.adapters["/org/bluez/" + name]
        if not powered:
            for device in self.fake.devices():
                if device.interfaces[DEVICE]["Adapter"] == adapter.path:
                    self.fake.disconnect(device)
        adapter.set(ADAPTER, {"Powered": dbus.Boolean(powered)})

    @dbus.service.method(TEST, in_signature="sb", out_signature="")
    def AddAdapter(self, name, with_device):
        adapter = self.fake.add_adapter(name)
        if with_device:
            self.fake.add_device(adapter, connected=False)

    @dbus.service.method(TEST, in_signature="s", out_signature="")
    def RemoveAdapter(self, name):
        prefix = "/org/bluez/" + name
        for path in sorted(self.fake.objects, reverse=True):
            if path == prefix or path.startswith(prefix + "/"):
                self.fake.remove(path)
        del self.fake.adapters[prefix]

    @dbus.service.method(TEST, in_signature="y", out_signature="")
    def SetBattery(self, level):
        for obj in list(self.fake.objects.values()):
            props = obj.interfaces.get(CHARACTERISTIC)
            if props and props["UUID"] == BATTERY_LEVEL:
                value = dbus.Array([dbus.Byte(level)], signature="y")
                if props["Notifying"]:
                    obj.set(CHARACTERISTIC, {"Value": value})
                else:
                    props["Value"] = value
        self.fake.battery = level

    @dbus.service.method(TEST, in_signature="s", out_signature="")
    def SetNotifySocket(self, mode):
        self.fake.notify_socket = mode

    @dbus.service.method(TEST, in_signature="", out_signature="")
    def ReleaseNotify(self):
        for obj in list(self.fake.objects.values()):
            obj.release()

    @dbus.service.method(TEST, in_signature="", out_signature="as")
    def Calls(self):
        return dbus.Array(self.fake.calls, signature="s")


class FakeBlueZ:
    def __init__(self, bus, options):
        self.bus = bus
        self.address = options.address.upper()
        self.paired = not options.unpaired
        self.battery_offered = not options.no_battery
        self.connect_failures = options.connect_failures
        self.notify_socket = options.notify_socket
        self.battery = 87
        self.calls = []
        self.objects = {}
        self.adapters = {}
        self.root = Root(self)

    def add(self, path, interfaces):
        obj = BlueZObject(self, path, interfaces)
        self.objects[path] = obj
        self.root.InterfacesAdded(
            dbus.ObjectPath(path),
            dbus.Dictionary({name: dbus.Dictionary(props, signature="sv") for name, props in interfaces.items()},
                            signature="sa{sv}"))
        return obj

    def remove(self, path):
        obj = self.objects.pop(path)
        # BlueZ closes the socket as it frees the characteristic, before the signal goes out.
        obj.release(announce=False)
        obj.remove_from_connection()
        self.root.InterfacesRemoved(dbus.ObjectPath(path), dbus.Array(list(obj.interfaces), signature="s"))

    def add_adapter(self, name):
        path = "/org/bluez/" + name
        adapter = self.add(path, {ADAPTER: {
            "Address": dbus.String("00:1A:7D:DA:71:%02X" % len(self.adapters)),
            "Name": dbus.String(name), "Powered": dbus.Boolean(True)}})
        self.adapters[path] = adapter
        return adapter

    def add_device(self, adapter, connected):
        path = adapter.path + "/dev_" + self.address.replace(":", "_")
        device = self.add(path, {DEVICE: {
            "Address": dbus.String(self.address), "Alias": dbus.String("Polar H10 A1B2C3D4"),
            "Adapter": dbus.ObjectPath(adapter.path), "Paired": dbus.Boolean(self.paired),
            "Connected": dbus.Boolean(False), "ServicesResolved": dbus.Boolean(False),
            "UUIDs": dbus.Array([HEART_RATE_SERVICE, BATTERY_SERVICE], signature="s")}})
        if connected:
            self.connect(device)
        return device

    def acquired_property(self):
        """NotifyAcquired, which BlueZ 5.46 and later show on every characteristic that notifies."""
        return {} if self.notify_socket == "absent" else {"NotifyAcquired": dbus.Boolean(False)}

    def devices(self):
        return [obj for obj in self.objects.values() if DEVICE in obj.interfaces]

    def connect(self, device):
        if device.interfaces[DEVICE]["Connected"]:
            return
        device.set(DEVICE, {"Connected": dbus.Boolean(True)})
        path = device.path
        self.add(path + "/service000c", {SERVICE: {
            "UUID": dbus.String(HEART_RATE_SERVICE), "Device": dbus.ObjectPath(path), "Primary": dbus.Boolean(True)}})
        self.add(path + "/service000c/char000d", {CHARACTERISTIC: {
            "UUID": dbus.String(HEART_RATE_MEASUREMENT), "Service": dbus.ObjectPath(path + "/service000c"),
            "Flags": dbus.Array(["notify"], signature="s"), "Notifying": dbus.Boolean(False),
            "Value": dbus.Array([], signature="y"), **self.acquired_property()}})
        if self.battery_offered:
            self.add(path + "/service0020", {SERVICE: {
                "UUID": dbus.String(BATTERY_SERVICE), "Device": dbus.ObjectPath(path),
                "Primary": dbus.Boolean(True)}})
            self.add(path + "/service0020/char0021", {CHARACTERISTIC: {
                "UUID": dbus.String(BATTERY_LEVEL), "Service": dbus.ObjectPath(path + "/service0020"),
                "Flags": dbus.Array(["read", "notify"], signature="s"), "Notifying": dbus.Boolean(False),
                "Value": dbus.Array([dbus.Byte(self.battery)], signature="y"), **self.acquired_property()}})
        device.set(DEVICE, {"ServicesResolved": dbus.Boolean(True)})

    def disconnect(self, device):
        if not device.interfaces[DEVICE]["Connected"]:
            return
        device.set(DEVICE, {"ServicesResolved": dbus.Boolean(False)})
        for path in sorted(self.objects, reverse=True):
            if path.startswith(device.path + "/"):
                self.remove(path)
        device.set(DEVICE, {"Connected": dbus.Boolean(False)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--sensor", default="A0:9E:1A:12:34:56")
    parser.add_argument("--connected", action="store_true")
    parser.add_argument("--unpaired", action="store_true")
    parser.add_argument("--no-battery", action="store_true")
    parser.add_argument("--no-adapter", action="store_true")
    parser.add_argument("--connect-failures", type=int, default=0)
    parser.add_argument("--notify-socket", choices=["offered", "refused", "absent"], default="offered")
    options = parser.parse_args()
    options.address, bus_address = options.sensor, options.address

    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(bus_address)
    fake = FakeBlueZ(bus, options)
    if not options.no_adapter:
        fake.add_device(fake.add_adapter("hci0"), connected=options.connected)
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print("ready", flush=True)
    loop.run()
    for obj in fake.objects.values():
        obj.release(announce=False)
    del name


if __name__ == "__main__":
    sys.exit(main())

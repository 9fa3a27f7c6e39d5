/// What BlueZ (`org.bluez`) has on the system bus, as its ObjectManager reports it: object path → interface →
/// properties. Kept up to date from `GetManagedObjects`, `InterfacesAdded`, `InterfacesRemoved` and
/// `PropertiesChanged`; asked which adapter, device and characteristics heart rate comes from.
///
/// The names are BlueZ's D-Bus API (doc/org.bluez.Adapter.rst, org.bluez.Device.rst,
/// org.bluez.GattCharacteristic.rst in BlueZ 5).
struct BlueZObjects: Sendable, Equatable {
    static let service = "org.bluez"
    static let adapterInterface = "org.bluez.Adapter1"
    static let deviceInterface = "org.bluez.Device1"
    static let characteristicInterface = "org.bluez.GattCharacteristic1"
    static let objectManager = "org.freedesktop.DBus.ObjectManager"
    /// The Heart Rate Service and its Heart Rate Measurement characteristic, as 128-bit UUIDs in BlueZ's spelling.
    static let heartRateService = "0000180d-0000-1000-8000-00805f9b34fb"
    static let heartRateMeasurement = "00002a37-0000-1000-8000-00805f9b34fb"
    static let batteryLevel = "00002a19-0000-1000-8000-00805f9b34fb"

    /// Object path → interface → property → value (variants unwrapped).
    private(set) var objects: [String: [String: [String: BusValue]]] = [:]

    /// Everything `GetManagedObjects` answered (`a{oa{sa{sv}}}`); `nil` for a reply of another shape.
    init?(managedObjects reply: BusValue?) {
        guard let paths = reply?.dictionary else { return nil }
        for (path, interfaces) in paths {
            guard let interfaces = interfaces.dictionary else { continue }
            objects[path] = interfaces.compactMapValues(\.dictionary)
        }
    }

    init() {}

    /// `InterfacesAdded(o, a{sa{sv}})`.
    mutating func add(path: String, interfaces: BusValue?) {
        guard let interfaces = interfaces?.dictionary else { return }
        for (interface, properties) in interfaces {
            guard let properties = properties.dictionary else { continue }
            objects[path, default: [:]][interface] = properties
        }
    }

    /// `InterfacesRemoved(o, as)`.
    mutating func remove(path: String, interfaces: [String]) {
        for interface in interfaces { objects[path]?[interface] = nil }
        if objects[path]?.isEmpty == true { objects[path] = nil }
    }

    /// `PropertiesChanged(s, a{sv}, as)` on `path`, for an object BlueZ announced. Returns whether anything
    /// heart rate is found by changed (not a characteristic's `Value`).
    @discardableResult
    mutating func change(path: String, interface: String, changed: [String: BusValue], invalidated: [String]) -> Bool {
        guard objects[path]?[interface] != nil else { return false }
        var relevant = false
        for (name, value) in changed {
            objects[path]?[interface]?[name] = value
            if name != "Value" && name != "RSSI" { relevant = true }
        }
        for name in invalidated {
            objects[path]?[interface]?[name] = nil
            relevant = true
        }
        return relevant
    }

    // MARK: - Questions

    /// One adapter (a Bluetooth controller).
    struct Adapter: Equatable {
        var path: String
        var powered: Bool
    }

    /// One device BlueZ knows.
    struct Device: Equatable {
        var path: String
        var address: String
        var name: String?
        var paired: Bool
        var connected: Bool
        var offersHeartRate: Bool
        /// The adapter it is known through: its path is the start of the device's.
        var adapter: String
    }

    var adapters: [Adapter] {
        objects.compactMap { path, interfaces in
            guard let adapter = interfaces[Self.adapterInterface] else { return nil }
            return Adapter(path: path, powered: adapter["Powered"]?.bool ?? false)
        }.sorted { $0.path < $1.path }
    }

    var devices: [Device] {
        objects.compactMap { path, interfaces in
            guard let device = interfaces[Self.deviceInterface], let address = device["Address"]?.string else {
                return nil
            }
            let adapter = device["Adapter"]?.string ?? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            let uuids = device["UUIDs"]?.strings ?? []
            return Device(
                path: path, address: address.uppercased(), name: device["Alias"]?.string ?? device["Name"]?.string,
                paired: device["Paired"]?.bool ?? false, connected: device["Connected"]?.bool ?? false,
                offersHeartRate: uuids.contains { $0.lowercased() == Self.heartRateService }, adapter: adapter)
        }.sorted { $0.path < $1.path }
    }

    /// The path of the characteristic with `uuid` under the device at `devicePath`, if BlueZ has resolved it.
    func characteristic(_ uuid: String, of devicePath: String) -> String? {
        let prefix = devicePath + "/"
        return objects.compactMap { path, interfaces -> String? in
            guard path.hasPrefix(prefix), let characteristic = interfaces[Self.characteristicInterface],
                characteristic["UUID"]?.string?.lowercased() == uuid
            else { return nil }
            return path
        }.min()
    }

    /// Whether BlueZ offers the notifications of the characteristic at `path` on a socket (`AcquireNotify`): BlueZ
    /// 5.46 and later show `NotifyAcquired` on every characteristic that notifies.
    func offersNotificationSocket(_ path: String) -> Bool {
        property("NotifyAcquired", of: Self.characteristicInterface, at: path) != nil
    }

    /// A property of one interface of one object.
    func property(_ name: String, of interface: String, at path: String) -> BusValue? {
        objects[path]?[interface]?[name]
    }
}

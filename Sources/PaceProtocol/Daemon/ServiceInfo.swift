/// `org.varlink.service.GetInfo` output.
package struct ServiceInfo: Codable, Sendable, Equatable {
    package var vendor: String
    package var product: String
    package var version: String
    package var url: String
    package var interfaces: [String]

    package init(vendor: String, product: String, version: String, url: String, interfaces: [String]) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
        self.interfaces = interfaces
    }

    /// What `paced` reports about itself.
    package static let current = ServiceInfo(
        vendor: ProductInfo.vendor,
        product: ProductInfo.product,
        version: ProductInfo.version,
        url: ProductInfo.url,
        interfaces: InterfaceDescription.served.map(\.name)
    )
}

/// `org.varlink.service.GetInterfaceDescription` input.
package struct InterfaceDescriptionRequest: Codable, Sendable, Equatable {
    package var interface: String

    package init(interface: String) {
        self.interface = interface
    }
}

/// `org.varlink.service.GetInterfaceDescription` output.
package struct InterfaceDescriptionReply: Codable, Sendable, Equatable {
    package var description: String

    package init(description: String) {
        self.description = description
    }
}

/// A method that takes no parameters.
package struct NoParameters: Codable, Sendable, Equatable {
    package init() {}
}

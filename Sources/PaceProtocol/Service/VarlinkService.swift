/// `org.varlink.service`, the interface every Varlink service provides.
package enum VarlinkService {
    /// `GetInfo`: who serves this socket and which interfaces it implements.
    package enum GetInfo: VarlinkMethod {
        package typealias Parameters = NoParameters
        package static let name = "org.varlink.service.GetInfo"

        package struct Reply: Codable, Sendable, Equatable {
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
            package static let current = Reply(
                vendor: ProductInfo.vendor,
                product: ProductInfo.product,
                version: ProductInfo.version,
                url: ProductInfo.url,
                interfaces: InterfaceDescription.served.map(\.name)
            )
        }
    }

    /// `GetInterfaceDescription`: the IDL text of one interface.
    package enum GetInterfaceDescription: VarlinkMethod {
        package static let name = "org.varlink.service.GetInterfaceDescription"

        package struct Parameters: Codable, Sendable, Equatable {
            package var interface: String

            package init(interface: String) {
                self.interface = interface
            }
        }

        package struct Reply: Codable, Sendable, Equatable {
            package var description: String

            package init(description: String) {
                self.description = description
            }
        }
    }
}

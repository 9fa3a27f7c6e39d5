extension VarlinkService.GetInfo.Reply {
    /// What `paced` reports about itself.
    package static let current = VarlinkService.GetInfo.Reply(
        vendor: ProductInfo.vendor,
        product: ProductInfo.product,
        version: ProductInfo.version,
        url: ProductInfo.url,
        interfaces: InterfaceDescription.served.map(\.name)
    )
}
